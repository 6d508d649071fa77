import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { AuditTrailError } from '../errors/audit-trail-error';
import { GENESIS_HASH } from './hash-chain';
import type { AuditEntry } from './types';

const BATCH_LINES = 256;
const TAIL_BYTES = 64 * 1024;

/**
 * Append-only JSONL file of audit entries. Lines are batched and written on the next turn of
 * the event loop, when 256 are pending, on `flush()`, and at process exit.
 */
export class JsonlSink {
  private pending: string[] = [];
  private scheduled = false;
  private warned = false;
  private readonly flushAtExit = (): void => this.flush();

  /** Hash of the last entry already in the file (genesis for a new file). */
  readonly lastHash: string;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.lastHash = existsSync(path) ? readLastHash(path) : GENESIS_HASH;
    process.on('exit', this.flushAtExit);
  }

  /** Queues one entry. */
  append(entry: AuditEntry): void {
    this.pending.push(JSON.stringify(entry));
    if (this.pending.length >= BATCH_LINES) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush()).unref();
    }
  }

  /** Writes every queued line now. A failed write keeps the lines queued and warns once. */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    try {
      appendFileSync(this.path, `${this.pending.join('\n')}\n`);
      this.pending = [];
    } catch (error) {
      if (!this.warned) process.emitWarning(`Clearstone audit sink ${this.path} could not be written: ${String(error)}`);
      this.warned = true;
    }
  }

  /** Flushes and stops flushing at exit. */
  close(): void {
    this.flush();
    process.off('exit', this.flushAtExit);
  }
}

function readLastHash(path: string): string {
  const descriptor = openSync(path, 'r');
  try {
    const size = fstatSync(descriptor).size;
    if (size === 0) return GENESIS_HASH;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(descriptor, buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n').filter((line) => line.trim() !== '');
    const last = lines[lines.length - 1];
    try {
      const entry = JSON.parse(last) as Partial<AuditEntry>;
      if (typeof entry.hash === 'string' && /^[0-9a-f]{64}$/.test(entry.hash)) return entry.hash;
    } catch {
      // reported below
    }
    throw new AuditTrailError({
      code: 'AUDIT_SINK_INVALID',
      path,
      message: `Audit sink ${path} exists but its last line is not an audit entry; refusing to continue its hash chain. Move the file away or verify it with verifyAuditFile().`,
    });
  } finally {
    closeSync(descriptor);
  }
}
