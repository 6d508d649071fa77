import Database from 'better-sqlite3';
import { SpanKind, SpanStatusCode } from '@clearstone/core';
import type { SpanRecord } from '@clearstone/core';
import { rmSync, writeFileSync } from 'node:fs';
import { useTempDir } from '../../test/support/temp-dir';
import { BUSY_TIMEOUT_MS } from './pragmas';
import { MAX_STORED_NS, MIN_STORED_NS } from './time-bounds';
import { TraceStore } from './trace-store';

const tempPath = useTempDir();
let counter = 0;

function span(overrides: Partial<SpanRecord> = {}): SpanRecord {
  counter++;
  return {
    traceId: counter.toString(16).padStart(32, 'a'),
    spanId: counter.toString(16).padStart(16, 'b'),
    name: 'step',
    kind: SpanKind.INTERNAL,
    startTimeNs: 1_700_000_000_000_000_000n,
    endTimeNs: 1_700_000_000_000_001_000n,
    attributes: {},
    status: SpanStatusCode.OK,
    events: [],
    links: [],
    instrumentationName: 'test',
    ...overrides,
  };
}

const YEAR_2300 = new Date('2300-01-01T00:00:00Z');
const YEAR_1500 = new Date('1500-01-01T00:00:00Z');

describe('times outside the 64-bit nanosecond range (before 1677, after 2262)', () => {
  it('are stored clamped instead of failing the whole write with a RangeError', () => {
    const store = new TraceStore(tempPath('times.db'));
    const future = span({ startTimeNs: 10n ** 19n, endTimeNs: 10n ** 20n });
    const past = span({ startTimeNs: -(10n ** 20n), endTimeNs: 0n });
    const normal = span();
    expect(() => store.writeSpans([future, past, normal])).not.toThrow();
    expect(store.getSpan(future.spanId)).toMatchObject({ startTimeNs: MAX_STORED_NS, endTimeNs: MAX_STORED_NS });
    expect(store.getSpan(past.spanId)).toMatchObject({ startTimeNs: MIN_STORED_NS, endTimeNs: 0n });
    expect(store.getSpan(normal.spanId)!.startTimeNs).toBe(normal.startTimeNs);
    store.close();
  });

  it('are valid query bounds: beyond the range they match everything or nothing', () => {
    const store = new TraceStore(tempPath('bounds.db'));
    store.writeSpans([span(), span({ startTimeNs: 10n ** 19n })]);
    expect(store.listTraces({ since: YEAR_2300 })).toHaveLength(0);
    expect(store.listTraces({ until: YEAR_2300 })).toHaveLength(2);
    expect(store.listTraces({ until: new Date('2200-01-01T00:00:00Z') })).toHaveLength(1);
    expect(store.listTraces({ since: YEAR_1500 })).toHaveLength(2);
    expect(store.listTraces({ until: YEAR_1500 })).toHaveLength(0);
    expect(store.querySpans({ since: 10n ** 30n })).toHaveLength(0);
    expect(store.querySpans({ since: -(10n ** 30n), until: 10n ** 30n })).toHaveLength(2);
    expect(store.querySpans({ since: MAX_STORED_NS })).toHaveLength(1);
    expect(store.deleteTracesBefore(YEAR_1500)).toBe(0);
    expect(store.deleteTracesBefore(new Date('2200-01-01T00:00:00Z'))).toBe(1);
    expect(store.deleteTracesBefore(YEAR_2300)).toBe(1);
    expect(store.querySpans()).toHaveLength(0);
    store.close();
  });
});

describe('numbers JSON cannot represent', () => {
  it('NaN, ±Infinity and -0 read back exactly in attributes, arrays, events and links', () => {
    const store = new TraceStore(tempPath('numbers.db'));
    const attributes = {
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      ninf: Number.NEGATIVE_INFINITY,
      nzero: -0,
      zero: 0,
      list: [1, Number.NaN, -0, Number.NEGATIVE_INFINITY],
      $number: 'NaN',
      text: '{"$number":"NaN"}',
    };
    const record = span({
      attributes,
      events: [
        { name: 'e', timeNs: 5n, attributes: { value: -0, other: Number.POSITIVE_INFINITY } },
        { name: 'plain', timeNs: 6n, attributes: { value: 1 } },
      ],
      links: [{ traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), attributes: { weight: Number.NaN } }],
    });
    store.writeSpans([record]);
    const stored = store.getSpan(record.spanId)!;
    expect(stored.attributes).toEqual(attributes);
    expect(Object.is(stored.attributes.nzero, -0)).toBe(true);
    expect(Object.is(stored.attributes.zero, 0)).toBe(true);
    expect(Object.is((stored.attributes.list as number[])[2], -0)).toBe(true);
    expect(stored.events).toEqual(record.events);
    expect(Object.is(stored.events[0].attributes.value, -0)).toBe(true);
    expect(stored.links).toEqual(record.links);
    // Ordinary values keep their plain JSON form, so attribute filters still match them.
    expect(store.querySpans({ attributes: { zero: 0 } })).toHaveLength(1);
    store.close();
  });
});

describe('writing while another connection holds the write lock', () => {
  it('gives up after busyTimeoutMs with SQLITE_BUSY, writing nothing', () => {
    const path = tempPath('locked.db');
    const store = new TraceStore(path);
    const locker = new Database(path);
    locker.exec('BEGIN EXCLUSIVE');
    // The busy timeouts the store sets on its connection, in order. How long SQLite then waits is
    // its contract; the event-loop stall a lock causes is measured in benchmarks/tracing.bench.ts.
    const busyTimeouts: string[] = [];
    const originalPrepare = Database.prototype.prepare as (
      this: Database.Database,
      source: string,
    ) => Database.Statement<unknown[]>;
    const prepare = jest.spyOn(Database.prototype, 'prepare').mockImplementation(function (
      this: Database.Database,
      source: string,
    ) {
      const statement = originalPrepare.call(this, source);
      if (!source.includes('busy_timeout')) return statement;
      const get = statement.get.bind(statement);
      statement.get = (...parameters: unknown[]) => {
        busyTimeouts.push(source);
        return get(...parameters);
      };
      return statement;
    });
    expect(() => store.writeSpans([span()], { busyTimeoutMs: 25 })).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^SQLITE_BUSY/) }),
    );
    prepare.mockRestore();
    // 25 ms for this write, then the connection's 5 s again.
    expect(busyTimeouts).toEqual(['PRAGMA busy_timeout = 25', `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`]);
    locker.exec('COMMIT');
    locker.close();
    store.writeSpans([span()], { busyTimeoutMs: 25 });
    expect(store.querySpans()).toHaveLength(1);
    store.close();
  });
});

describe('a database file deleted or replaced while open', () => {
  it('is noticed by isFileCurrent, and reopenIfReplaced creates a fresh database at the same path', () => {
    const path = tempPath('deleted.db');
    const store = new TraceStore(path);
    store.writeSpans([span()]);
    expect(store.isFileCurrent()).toBe(true);
    expect(store.reopenIfReplaced()).toBe(false);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    expect(store.isFileCurrent()).toBe(false);
    expect(store.reopenIfReplaced()).toBe(true);
    expect(store.isFileCurrent()).toBe(true);
    expect(store.querySpans()).toHaveLength(0);
    const after = span();
    store.writeSpans([after]);
    store.close();
    const reader = new TraceStore(path, { readonly: true });
    expect(reader.querySpans().map((record) => record.spanId)).toEqual([after.spanId]);
    reader.close();
  });

  it('reports a path that cannot be reopened with a coded error, again on every later call', () => {
    const directory = tempPath('gone');
    const path = `${directory}/traces.db`;
    const store = new TraceStore(path);
    rmSync(directory, { recursive: true, force: true });
    // The directory is replaced by a file: the database cannot be created again.
    writeFileSync(directory, 'not a directory');
    expect(() => store.reopenIfReplaced()).toThrow(expect.objectContaining({ code: 'DATABASE_NOT_WRITABLE' }));
    expect(() => store.writeSpans([span()])).toThrow(expect.objectContaining({ code: 'DATABASE_NOT_WRITABLE' }));
    store.close();
  });
});
