import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClearstoneAttributes, GovernedOutcomes } from '@clearstone/core';
import type { SpanRecord } from '@clearstone/core';
import { schemaV2Traces } from '../../test/fixtures/schema-v2-traces';
import { useTempDir } from '../../test/support/temp-dir';
import { LEGACY_SCHEMA_V1 } from './legacy-schema';
import { SCHEMA_VERSION } from './schema';
import { TraceStore } from './trace-store';

const tempPath = useTempDir();
const FIXTURE = join(__dirname, '../../test/fixtures/schema-v2.db');

/** A copy of the version 2 fixture in the test's directory. */
function fixtureCopy(): string {
  const path = tempPath('schema-v2.db');
  copyFileSync(FIXTURE, path);
  return path;
}

function userVersion(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return Number(db.pragma('user_version', { simple: true }));
  } finally {
    db.close();
  }
}

/** Every check of a store opened on the fixture: traces read back unchanged, flags as expected. */
function expectFixtureContent(store: TraceStore): void {
  const fixture = schemaV2Traces();
  for (const { spans } of fixture) {
    const trace = store.getTrace(spans[0].traceId);
    expect(trace?.spans).toEqual(spans);
    expect(trace?.rootSpanId).toBe(spans[0].spanId);
  }
  const newestFirst = [...fixture].reverse();
  const flags = (traces: typeof fixture) =>
    traces.map(({ spans, blocked, paused }) => ({ traceId: spans[0].traceId, blocked, paused }));
  expect(store.listTraces().map(({ traceId, blocked, paused }) => ({ traceId, blocked, paused }))).toEqual(
    flags(newestFirst),
  );
  const blockedIds = newestFirst.filter((trace) => trace.blocked).map((trace) => trace.spans[0].traceId);
  const pausedIds = newestFirst.filter((trace) => trace.paused).map((trace) => trace.spans[0].traceId);
  expect(blockedIds).toHaveLength(5);
  expect(pausedIds).toHaveLength(3);
  expect(store.listTraces({ blocked: true }).map((summary) => summary.traceId)).toEqual(blockedIds);
  expect([...store.iterateTraces({ blocked: true, pageSize: 2 })].map((trace) => trace.traceId)).toEqual(blockedIds);
  expect(store.countTraces({ blocked: true })).toBe(5);
  expect([...store.iterateTraces({ paused: true })].map((trace) => trace.traceId)).toEqual(pausedIds);
  expect(store.countTraces({ paused: false, blocked: false })).toBe(4);
  expect(store.countTraces()).toBe(fixture.length);
}

describe('a database written at trace schema version 2', () => {
  it('is the fixture it claims to be', () => {
    expect(userVersion(FIXTURE)).toBe(2);
    expect(SCHEMA_VERSION).toBeGreaterThan(2);
  });

  it('is read read-only without being changed, flags computed on opening', () => {
    const path = fixtureCopy();
    const store = new TraceStore(path, { readonly: true });
    expectFixtureContent(store);
    store.close();
    expect(userVersion(path)).toBe(2);
  });

  it('is migrated when opened for writing, flags backfilled, and written to afterwards', () => {
    const path = fixtureCopy();
    const store = new TraceStore(path);
    expect(userVersion(path)).toBe(SCHEMA_VERSION);
    expectFixtureContent(store);
    const [plain] = schemaV2Traces();
    const blockedLater: SpanRecord = {
      ...plain.spans[1],
      spanId: 'c0de0000000000ff',
      startTimeNs: plain.spans[1].startTimeNs + 10n,
      attributes: { [ClearstoneAttributes.GOVERNED_OUTCOME]: GovernedOutcomes.BLOCKED },
    };
    store.writeSpans([blockedLater]);
    expect(store.listTraces({ blocked: true }).map((summary) => summary.traceId)).toContain(plain.spans[0].traceId);
    store.close();

    const reader = new TraceStore(path, { readonly: true });
    expect(reader.countTraces({ blocked: true })).toBe(6);
    reader.close();
  });

  it('migrates a version 1 file through version 2, backfilling its flags too', () => {
    const path = tempPath('v1.db');
    const legacy = new Database(path);
    legacy.exec(LEGACY_SCHEMA_V1);
    const insert = legacy.prepare('INSERT INTO spans VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)');
    const row = (span: string, trace: string, parent: string | null, attributes: string) =>
      insert.run(
        span,
        trace,
        parent,
        'step',
        'INTERNAL',
        1_700_000_000_000_000_000n,
        null,
        'OK',
        attributes,
        'null',
        'null',
        null,
        'py',
        '0.1.0',
      );
    row('a'.repeat(32), '1'.repeat(32), null, '{}');
    row(
      'b'.repeat(32),
      '1'.repeat(32),
      'a'.repeat(32),
      JSON.stringify({ [ClearstoneAttributes.POLICY_ACTION]: 'block' }),
    );
    row('c'.repeat(32), '2'.repeat(32), null, '{}');
    legacy.close();
    const store = new TraceStore(path);
    expect(store.listTraces({ blocked: true }).map((summary) => summary.traceId)).toEqual(['1'.repeat(32)]);
    expect(store.countTraces({ blocked: false })).toBe(1);
    store.close();
    expect(userVersion(path)).toBe(SCHEMA_VERSION);
  });
});
