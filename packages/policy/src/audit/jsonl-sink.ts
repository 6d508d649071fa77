import {
  appendFileSync,
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { AuditTrailError } from '../errors/audit-trail-error';
import { GENESIS_HASH, verifyAuditEntries } from './hash-chain';
import type { AuditEntry } from './types';

/** Code of the process warning emitted when a sink's torn last line is moved aside on open. */
export const AUDIT_TAIL_RECOVERED_WARNING = 'CLEARSTONE_AUDIT_TAIL_RECOVERED';

const NEWLINE = 0x0a;
const ENTRY_HASH = /^[0-9a-f]{64}$/;

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

  /**
   * Opens (or creates) the sink. An existing file is continued from its last entry. When the file
   * ends with a torn line (no newline, not JSON: a write cut short by a crash) and every entry
   * before it verifies, the torn bytes are appended to `<path>.torn`, the file is cut back to its
   * last complete line and one `CLEARSTONE_AUDIT_TAIL_RECOVERED` process warning is emitted.
   *
   * @throws AuditTrailError `'AUDIT_SINK_INVALID'` when the file cannot be continued safely (its
   * last line is not an audit entry, or the entries before a torn line do not verify).
   */
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
      if (!this.warned)
        process.emitWarning(`Clearstone audit sink ${this.path} could not be written: ${String(error)}`);
      this.warned = true;
    }
  }

  /** Flushes and stops flushing at exit. */
  close(): void {
    this.flush();
    process.off('exit', this.flushAtExit);
  }
}

function invalid(path: string, detail: string): AuditTrailError {
  return new AuditTrailError({
    code: 'AUDIT_SINK_INVALID',
    path,
    message: `Audit sink ${path} exists but ${detail}; refusing to continue its hash chain. Move the file away or verify it with verifyAuditFile().`,
  });
}

function parseEntryHash(line: string): string | undefined {
  try {
    const entry = JSON.parse(line) as Partial<AuditEntry> | null;
    if (entry !== null && typeof entry === 'object' && typeof entry.hash === 'string' && ENTRY_HASH.test(entry.hash))
      return entry.hash;
  } catch {
    // not an entry
  }
  return undefined;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function readLastHash(path: string): string {
  const descriptor = openSync(path, 'r');
  let endsWithNewline: boolean;
  try {
    const size = fstatSync(descriptor).size;
    if (size === 0) return GENESIS_HASH;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(descriptor, buffer, 0, length, size - length);
    endsWithNewline = buffer[length - 1] === NEWLINE;
    if (endsWithNewline) {
      const lines = buffer
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== '');
      const hash = parseEntryHash(lines[lines.length - 1] ?? '');
      if (hash === undefined) throw invalid(path, 'its last line is not an audit entry');
      return hash;
    }
  } finally {
    closeSync(descriptor);
  }
  return continueAfterUnterminatedLine(path);
}

/**
 * The file does not end with a newline. A complete entry is terminated; a torn line is moved to
 * `<path>.torn` once every entry before it verifies; anything else is refused.
 */
function continueAfterUnterminatedLine(path: string): string {
  const bytes = readFileSync(path);
  const tailStart = bytes.lastIndexOf(NEWLINE) + 1;
  const tail = bytes.subarray(tailStart).toString('utf8');
  const completeHash = parseEntryHash(tail);
  if (completeHash !== undefined) {
    // The entry was written whole but its newline was not: finish the line so the next one starts cleanly.
    appendFileSync(path, '\n');
    return completeHash;
  }
  if (isJson(tail)) throw invalid(path, 'its last line is not an audit entry');

  const lines = bytes.subarray(0, tailStart).toString('utf8').split('\n');
  lines.pop();
  const entries: AuditEntry[] = [];
  for (let index = 0; index < lines.length; index++) {
    try {
      entries.push(JSON.parse(lines[index]) as AuditEntry);
    } catch {
      throw invalid(path, `its last line is incomplete and line ${index + 1}, before it, is not valid JSON`);
    }
  }
  const verification = verifyAuditEntries(entries);
  if (!verification.ok) {
    throw invalid(
      path,
      `its last line is incomplete and entry ${verification.firstInvalidIndex ?? 0} before it fails verification (${verification.reason ?? 'invalid'})`,
    );
  }

  const tornPath = `${path}.torn`;
  const torn = openSync(tornPath, 'a');
  try {
    writeSync(torn, Buffer.concat([bytes.subarray(tailStart), Buffer.from('\n')]));
    fsyncSync(torn);
  } finally {
    closeSync(torn);
  }
  truncateSync(path, tailStart);
  process.emitWarning(
    `Clearstone audit sink ${path} ended with an incomplete line (${bytes.length - tailStart} bytes, a write cut short, e.g. by a crash). ` +
      `The ${entries.length} entries before it verify; the incomplete bytes were appended to ${tornPath} and ` +
      (entries.length === 0
        ? 'a new hash chain starts.'
        : `the hash chain continues after entry ${entries.length - 1}.`),
    { code: AUDIT_TAIL_RECOVERED_WARNING },
  );
  return entries.length === 0 ? GENESIS_HASH : entries[entries.length - 1].hash;
}
