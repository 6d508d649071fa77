import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SpanKind, SpanStatusCode, type Trace } from '@clearstone/core';
import { CheckpointError, CheckpointManager, type ReplayError, ReplayEngine } from '..';
import { canonicalJson } from './canonical-json';
import type { CheckpointDocument } from './checkpoint-document';
import { computeIntegrity } from './integrity';

const trace: Trace = {
  traceId: 'c'.repeat(32),
  rootSpanId: '00000000000000aa',
  startTimeNs: 1n,
  status: SpanStatusCode.OK,
  spans: [
    {
      traceId: 'c'.repeat(32),
      spanId: '00000000000000aa',
      name: 'root',
      kind: SpanKind.INTERNAL,
      startTimeNs: 1n,
      attributes: {},
      status: SpanStatusCode.OK,
      events: [],
      links: [],
      instrumentationName: 'test',
    },
  ],
};

let dir: string;
let outside: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clearstone-ckpt-'));
  outside = mkdtempSync(path.join(tmpdir(), 'clearstone-outside-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(CheckpointError.isInstance(error)).toBe(true);
    return (error as CheckpointError).code;
  }
  return undefined;
}

/** A parsed checkpoint file, as the tests edit it: the state is a plain JSON object, the digest may be removed. */
type EditableDocument = Omit<CheckpointDocument, 'state' | 'integrity'> & {
  state: Record<string, unknown>;
  integrity?: CheckpointDocument['integrity'];
};

function rewrite(file: string, change: (document: EditableDocument) => void): void {
  const document = JSON.parse(readFileSync(file, 'utf8')) as EditableDocument;
  change(document);
  writeFileSync(file, JSON.stringify(document));
}

describe('checkpoint files that cannot be trusted', () => {
  it('a damaged byte, a truncated file and an empty file are CHECKPOINT_CORRUPT', () => {
    const manager = new CheckpointManager({ dir });
    const file = manager.createCheckpoint({ budget: 100 }, trace, '00000000000000aa').path;
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    expect(codeOf(() => manager.loadCheckpoint(file))).toBe('CHECKPOINT_CORRUPT');
    writeFileSync(file, '');
    expect(codeOf(() => manager.loadCheckpoint(file))).toBe('CHECKPOINT_CORRUPT');
    writeFileSync(file, text.replace('"format"', '"form\u0000at'));
    expect(codeOf(() => manager.loadCheckpoint(file))).toBe('CHECKPOINT_CORRUPT');
  });

  it('an edited state, metadata or span is CHECKPOINT_TAMPERED', () => {
    const manager = new CheckpointManager({ dir });
    const file = manager.createCheckpoint({ budget: 100 }, trace, '00000000000000aa').path;
    const original = readFileSync(file, 'utf8');
    rewrite(file, (document) => (document.state.budget = 1_000_000));
    expect(codeOf(() => manager.loadCheckpoint(file))).toBe('CHECKPOINT_TAMPERED');
    writeFileSync(file, original);
    rewrite(file, (document) => (document.metadata.agentClass = 'AdminAgent'));
    expect(codeOf(() => manager.loadCheckpoint(file))).toBe('CHECKPOINT_TAMPERED');
    writeFileSync(file, original);
    rewrite(file, (document) => (document.spans[0].name = 'other'));
    expect(codeOf(() => manager.loadCheckpoint(file))).toBe('CHECKPOINT_TAMPERED');
    writeFileSync(file, original);
    rewrite(file, (document) => delete document.integrity);
    expect(codeOf(() => manager.loadCheckpoint(file))).toBe('CHECKPOINT_CORRUPT');
    writeFileSync(file, original);
    expect(manager.loadCheckpoint(file).state).toEqual({ budget: 100 });
    expect(manager.listCheckpoints()).toHaveLength(1);
    rewrite(file, (document) => (document.state.budget = 5));
    expect(manager.listCheckpoints()).toEqual([]);
  });

  it('other JSON is CHECKPOINT_FOREIGN and a newer format is CHECKPOINT_UNSUPPORTED_VERSION', () => {
    const manager = new CheckpointManager({ dir });
    const file = manager.createCheckpoint({ budget: 100 }, trace, '00000000000000aa').path;
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, JSON.stringify({ name: 'package', version: '1.0.0' }));
    expect(codeOf(() => manager.loadCheckpoint(file))).toBe('CHECKPOINT_FOREIGN');
    writeFileSync(file, '[1,2,3]');
    expect(codeOf(() => manager.loadCheckpoint(file))).toBe('CHECKPOINT_FOREIGN');
    writeFileSync(file, original);
    rewrite(file, (document) => (document.version = 2));
    let message = '';
    try {
      manager.loadCheckpoint(file);
    } catch (error) {
      expect((error as CheckpointError).code).toBe('CHECKPOINT_UNSUPPORTED_VERSION');
      message = (error as Error).message;
    }
    expect(message).toContain('version 2');
  });

  it('HMAC: the right key loads, a wrong key, no key or an unsigned file does not', () => {
    const signer = new CheckpointManager({ dir, hmacKey: 'team-secret' });
    const file = signer.createCheckpoint({ budget: 100 }, trace, '00000000000000aa').path;
    expect(JSON.parse(readFileSync(file, 'utf8')).integrity.algorithm).toBe('hmac-sha256');
    expect(signer.loadCheckpoint(file).state).toEqual({ budget: 100 });
    expect(codeOf(() => new CheckpointManager({ dir, hmacKey: 'other-secret' }).loadCheckpoint(file))).toBe(
      'CHECKPOINT_TAMPERED',
    );
    expect(codeOf(() => new CheckpointManager({ dir }).loadCheckpoint(file))).toBe('CHECKPOINT_KEY_REQUIRED');
    // A forger who edits the state and re-labels the file as unsigned sha256 is refused.
    const unsigned = new CheckpointManager({ dir }).createCheckpoint({ budget: 999 }, trace, '00000000000000aa').path;
    expect(codeOf(() => signer.loadCheckpoint(unsigned))).toBe('CHECKPOINT_TAMPERED');
    rewrite(file, (document) => (document.state.budget = 1));
    expect(codeOf(() => signer.loadCheckpoint(file))).toBe('CHECKPOINT_TAMPERED');
  });

  it('hostile paths and ids are refused with CHECKPOINT_INVALID_PATH; missing ones are CHECKPOINT_NOT_FOUND', () => {
    const manager = new CheckpointManager({ dir });
    const file = manager.createCheckpoint({ budget: 100 }, trace, '00000000000000aa').path;
    const outsideFile = path.join(outside, path.basename(file));
    writeFileSync(outsideFile, readFileSync(file));
    expect(codeOf(() => manager.loadCheckpoint(`../${path.basename(outside)}/${path.basename(file)}`))).toBe(
      'CHECKPOINT_INVALID_PATH',
    );
    expect(codeOf(() => manager.loadCheckpoint(outsideFile))).toBe('CHECKPOINT_INVALID_PATH');
    expect(codeOf(() => manager.loadCheckpoint(`${path.basename(file)}\0.png`))).toBe('CHECKPOINT_INVALID_PATH');
    expect(codeOf(() => manager.loadCheckpoint('/etc/passwd'))).toBe('CHECKPOINT_INVALID_PATH');
    expect(codeOf(() => manager.loadCheckpoint('notes.txt'))).toBe('CHECKPOINT_INVALID_PATH');
    expect(codeOf(() => manager.loadCheckpoint(''))).toBe('CHECKPOINT_INVALID_PATH');
    symlinkSync(outsideFile, path.join(dir, 'link.ckpt'));
    expect(codeOf(() => manager.loadCheckpoint('link.ckpt'))).toBe('CHECKPOINT_INVALID_PATH');
    expect(codeOf(() => manager.deleteCheckpoint('../x.ckpt'))).toBe('CHECKPOINT_INVALID_PATH');
    expect(codeOf(() => manager.loadCheckpoint(`ckpt_${'0'.repeat(32)}`))).toBe('CHECKPOINT_NOT_FOUND');
    expect(codeOf(() => manager.loadCheckpoint('missing.ckpt'))).toBe('CHECKPOINT_NOT_FOUND');
    expect(manager.loadCheckpoint(path.basename(file)).state).toEqual({ budget: 100 });
    expect(codeOf(() => manager.createCheckpoint({}, { ...trace, traceId: '../../evil' }, '00000000000000aa'))).toBe(
      'CHECKPOINT_INVALID_PATH',
    );
  });

  it('loading never runs code from the file', () => {
    const manager = new CheckpointManager({ dir });
    const file = manager.createCheckpoint({ budget: 100 }, trace, '00000000000000aa').path;
    const globalRecord = globalThis as Record<string, unknown>;
    rewrite(file, (document) => {
      document.state = { __type__: 'function', value: '() => { globalThis.__pwnedByCheckpoint = 1 }' };
      document.metadata.agentClass = "require('child_process').execSync('touch /tmp/pwned')";
    });
    expect(codeOf(() => manager.loadCheckpoint(file))).toBe('CHECKPOINT_TAMPERED');
    // Even correctly re-signed, the payload is only data: an unknown tag is refused, the class name is never evaluated.
    rewrite(file, (document) => {
      const { integrity: _integrity, ...body } = document;
      document.integrity = computeIntegrity(canonicalJson(body));
    });
    expect(codeOf(() => manager.loadCheckpoint(file))).toBe('CHECKPOINT_CORRUPT');
    rewrite(file, (document) => {
      document.state = { __type__: 'json', value: { budget: 1 } };
      document.metadata.agentKind = 'class';
      const { integrity: _integrity, ...body } = document;
      document.integrity = computeIntegrity(canonicalJson(body));
    });
    const checkpoint = manager.loadCheckpoint(file);
    let code = '';
    try {
      new ReplayEngine(checkpoint);
    } catch (error) {
      code = (error as ReplayError).code;
    }
    expect(code).toBe('UNKNOWN_AGENT_CLASS');
    expect(globalRecord.__pwnedByCheckpoint).toBeUndefined();
    expect(existsSync('/tmp/pwned')).toBe(false);
  });
});
