import Database from 'better-sqlite3';
import { SpanKind, SpanStatusCode, deserialize } from '@clearstone/core';
import { openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { useTempDir } from '../../test/support/temp-dir';
import { TraceStoreError } from '../errors';
import { LEGACY_SCHEMA_V1 } from './legacy-schema';
import { SCHEMA_VERSION } from './schema';
import { TraceStore } from './trace-store';

const tempPath = useTempDir();

function codeOf(open: () => unknown): string | undefined {
  try {
    open();
  } catch (error) {
    expect(TraceStoreError.isInstance(error)).toBe(true);
    return (error as TraceStoreError).code;
  }
  return undefined;
}

describe('opening a trace database', () => {
  it('creates a missing file (and its directory) in WAL mode at the current schema version', () => {
    const path = tempPath('nested/dir/traces.db');
    new TraceStore(path).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('refuses a missing file opened read-only', () => {
    expect(codeOf(() => new TraceStore(tempPath('missing.db'), { readonly: true }))).toBe('DATABASE_NOT_FOUND');
  });

  it('refuses a file that is not SQLite, without changing it', () => {
    const path = tempPath('notes.txt');
    writeFileSync(path, 'x'.repeat(4096));
    expect(codeOf(() => new TraceStore(path))).toBe('NOT_A_CLEARSTONE_DATABASE');
    expect(codeOf(() => new TraceStore(path, { readonly: true }))).toBe('NOT_A_CLEARSTONE_DATABASE');
    expect(readFileSync(path, 'utf8')).toBe('x'.repeat(4096));
  });

  it('refuses an SQLite database of another application', () => {
    const path = tempPath('other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    db.close();
    expect(codeOf(() => new TraceStore(path))).toBe('NOT_A_CLEARSTONE_DATABASE');
  });

  it('reports a damaged database as corrupt', () => {
    const path = tempPath('damaged.db');
    new TraceStore(path).close();
    const descriptor = openSync(path, 'r+');
    writeSync(descriptor, Buffer.alloc(3000, 0x5a), 0, 3000, 100);
    closeSync(descriptor);
    expect(codeOf(() => new TraceStore(path))).toBe('CORRUPT_DATABASE');
  });

  it('refuses a database from a newer schema version', () => {
    const path = tempPath('future.db');
    new TraceStore(path).close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(codeOf(() => new TraceStore(path))).toBe('UNSUPPORTED_SCHEMA_VERSION');
  });

  it('migrates a version 1 database (Python SDK) to the current schema, keeping every row', () => {
    const path = tempPath('v1.db');
    const legacy = new Database(path);
    legacy.exec(LEGACY_SCHEMA_V1);
    const insert = legacy.prepare('INSERT INTO spans VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)');
    const traceId = '5b8aa5a2d2c872e8321cf37308d69df2';
    insert.run(
      'a'.repeat(32),
      traceId,
      null,
      'research_workflow',
      'INTERNAL',
      1_700_000_000_000_000_000n,
      1_700_000_000_500_000_000n,
      'OK',
      '{"agent":"r1"}',
      '{"query":"llm safety"}',
      'null',
      null,
      'research_agent',
      '0.1.0',
    );
    insert.run(
      'b'.repeat(32),
      traceId,
      'a'.repeat(32),
      'search_tool',
      'CLIENT',
      1_700_000_000_100_000_000n,
      1_700_000_000_200_000_000n,
      'ERROR',
      '{}',
      'null',
      'null',
      'HTTP 503',
      'research_agent',
      '0.1.0',
    );
    legacy.close();

    expect(codeOf(() => new TraceStore(path, { readonly: true }))).toBe('UNSUPPORTED_SCHEMA_VERSION');
    const store = new TraceStore(path);
    const trace = store.getTrace(traceId)!;
    expect(trace.rootSpanId).toBe('a'.repeat(32));
    expect(trace.spans.map((span) => [span.name, span.kind, span.status, span.parentSpanId])).toEqual([
      ['research_workflow', SpanKind.INTERNAL, SpanStatusCode.OK, undefined],
      ['search_tool', SpanKind.CLIENT, SpanStatusCode.ERROR, 'a'.repeat(32)],
    ]);
    const [root, tool] = trace.spans;
    expect(root.attributes).toEqual({ agent: 'r1' });
    expect(root.input?.captured && deserialize(root.input.data)).toEqual({ query: 'llm safety' });
    expect(root.output).toBeUndefined();
    expect(root.durationNs).toBe(500_000_000n);
    expect(tool.errorMessage).toBe('HTTP 503');
    expect(tool.attributes).toEqual({});
    expect(store.getSpan('b'.repeat(32))!.name).toBe('search_tool');
    expect(store.listTraces()).toMatchObject([
      { traceId, name: 'research_workflow', status: SpanStatusCode.ERROR, spanCount: 2 },
    ]);
    store.close();

    const reopened = new Database(path, { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    reopened.close();
    const again = new TraceStore(path, { readonly: true });
    expect(again.getTrace(traceId)!.spans).toHaveLength(2);
    again.close();
  });
});
