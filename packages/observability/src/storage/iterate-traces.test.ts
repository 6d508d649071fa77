import {
  ActionType,
  ClearstoneAttributes,
  ClearstoneEvents,
  GovernedOutcomes,
  SpanKind,
  SpanStatusCode,
  captureSnapshot,
} from '@clearstone/core';
import type { Attributes, SpanEvent, SpanRecord, Trace } from '@clearstone/core';
import { useTempDir } from '../../test/support/temp-dir';
import type { TraceQuery } from './query-types';
import { TraceStore } from './trace-store';

const tempPath = useTempDir();

const T0 = 1_750_000_000_000_000_000n;
const MS = 1_000_000n;

/** How a generated trace is shaped, and what a correct store must say about it. */
interface Shape {
  index: number;
  name: string;
  agent: string;
  startNs: bigint;
  failed: boolean;
  blocked: boolean;
  paused: boolean;
}

const hex = (value: number, width: number): string => value.toString(16).padStart(width, '0');

function record(traceIndex: number, spanIndex: number, overrides: Partial<SpanRecord>): SpanRecord {
  return {
    traceId: hex(traceIndex + 1, 32),
    spanId: hex((traceIndex + 1) * 64 + spanIndex, 16),
    name: 'step',
    kind: SpanKind.INTERNAL,
    startTimeNs: T0,
    attributes: {},
    status: SpanStatusCode.OK,
    events: [],
    links: [],
    instrumentationName: 'iterate-test',
    ...overrides,
  };
}

function decision(action: ActionType, timeNs: bigint): SpanEvent {
  return {
    name: ClearstoneEvents.POLICY_DECISION,
    timeNs,
    attributes: { [ClearstoneAttributes.POLICY_ACTION]: action, [ClearstoneAttributes.POLICY_NAME]: 'p' },
  };
}

/**
 * Trace `index`: a root and 1–4 children, written in reverse order; every 7th starts at the same
 * instant as the one before. Blocks and pauses take every form a span can show them in.
 */
function build(index: number): { shape: Shape; spans: SpanRecord[] } {
  const startNs = T0 + BigInt(index - (index % 7 === 6 ? 1 : 0)) * MS;
  const governance = index % 11;
  const governed: Attributes = {};
  const events: SpanEvent[] = [];
  if (governance === 1) governed[ClearstoneAttributes.GOVERNED_OUTCOME] = GovernedOutcomes.BLOCKED;
  if (governance === 2) governed[ClearstoneAttributes.POLICY_ACTION] = ActionType.BLOCK;
  if (governance === 3) events.push(decision(ActionType.BLOCK, startNs + 3n));
  if (governance === 4) governed[ClearstoneAttributes.GOVERNED_OUTCOME] = GovernedOutcomes.PAUSED;
  if (governance === 5) events.push(decision(ActionType.PAUSE, startNs + 3n));
  if (governance === 6) {
    governed[ClearstoneAttributes.GOVERNED_OUTCOME] = GovernedOutcomes.REJECTED;
    events.push(decision(ActionType.PAUSE, startNs + 3n));
  }
  if (governance === 7) governed[ClearstoneAttributes.GOVERNED_OUTCOME] = GovernedOutcomes.TIMED_OUT;
  if (governance === 8) {
    governed[ClearstoneAttributes.GOVERNED_OUTCOME] = GovernedOutcomes.EXECUTED;
    governed[ClearstoneAttributes.POLICY_ACTION] = ActionType.ALLOW;
    events.push(decision(ActionType.ALERT, startNs + 3n));
  }
  const shape: Shape = {
    index,
    name: ['plan', 'search', 'answer'][index % 3],
    agent: index % 2 === 0 ? 'alpha' : 'beta',
    startNs,
    failed: index % 5 === 0,
    blocked: [1, 2, 3, 6, 7].includes(governance),
    paused: [4, 5, 6].includes(governance),
  };
  const root = record(index, 0, {
    name: shape.name,
    startTimeNs: startNs,
    endTimeNs: startNs + 900n,
    durationNs: 900n,
    attributes: { [ClearstoneAttributes.AGENT_ID]: shape.agent, round: index % 4 },
  });
  const children = Array.from({ length: 1 + (index % 4) }, (_, child) =>
    record(index, child + 1, {
      parentSpanId: root.spanId,
      name: `${shape.name}.${child}`,
      startTimeNs: startNs + BigInt(10 * (child + 1)),
      attributes: child === 0 ? governed : {},
      events: child === 0 ? events : [],
      status: shape.failed && child === 0 ? SpanStatusCode.ERROR : SpanStatusCode.OK,
      input: child === 0 ? captureSnapshot({ index }) : undefined,
    }),
  ).map((span) => {
    if (span.input === undefined) delete span.input;
    return span;
  });
  return { shape, spans: [root, ...children].reverse() };
}

function populate(path: string, count: number): Shape[] {
  const built = Array.from({ length: count }, (_, index) => build(index));
  const store = new TraceStore(path);
  // Written in a scrambled order, in several batches.
  const spans = built.flatMap((item) => item.spans).sort((a, b) => (a.spanId.slice(-3) < b.spanId.slice(-3) ? -1 : 1));
  for (let start = 0; start < spans.length; start += 997) store.writeSpans(spans.slice(start, start + 997));
  store.close();
  return built.map((item) => item.shape);
}

const traceIdOf = (shape: Shape): string => hex(shape.index + 1, 32);

/** Ids of the traces that match `query`, by what was written (in no particular order). */
function expectedIds(shapes: readonly Shape[], query: TraceQuery): string[] {
  const ns = (time: TraceQuery['since']): bigint | undefined =>
    time === undefined ? undefined : typeof time === 'bigint' ? time : BigInt(Number(time)) * MS;
  const since = ns(query.since);
  const until = ns(query.until);
  return shapes
    .filter(
      (shape) =>
        (since === undefined || shape.startNs >= since) &&
        (until === undefined || shape.startNs < until) &&
        (query.name === undefined || shape.name === query.name) &&
        (query.status === undefined || (shape.failed ? SpanStatusCode.ERROR : SpanStatusCode.OK) === query.status) &&
        (query.attributes === undefined ||
          Object.entries(query.attributes).every(([key, value]) =>
            key === ClearstoneAttributes.AGENT_ID ? shape.agent === value : shape.index % 4 === value,
          )) &&
        (query.blocked === undefined || shape.blocked === query.blocked) &&
        (query.paused === undefined || shape.paused === query.paused),
    )
    .map(traceIdOf);
}

function isInStartOrder(trace: Trace): boolean {
  return trace.spans.every((span, index) => index === 0 || trace.spans[index - 1].startTimeNs <= span.startTimeNs);
}

describe('TraceStore.iterateTraces', () => {
  it('pages through 2,500 traces 100 at a time, each exactly once, newest first, spans in start order', () => {
    const path = tempPath('many.db');
    const shapes = populate(path, 2500);
    const store = new TraceStore(path, { readonly: true });
    const listed = store.listTraces({ limit: 5000 }).map((summary) => summary.traceId);
    const seen = new Set<string>();
    const order: string[] = [];
    for (const trace of store.iterateTraces({ pageSize: 100 })) {
      expect(seen.has(trace.traceId)).toBe(false);
      seen.add(trace.traceId);
      order.push(trace.traceId);
      expect(isInStartOrder(trace)).toBe(true);
      expect(trace.spans[0].spanId).toBe(trace.rootSpanId);
    }
    expect(seen.size).toBe(2500);
    expect(order).toEqual(listed);
    expect(store.countTraces()).toBe(2500);
    expect(new Set([...store.iterateTraces({ pageSize: 100_000 })].map((trace) => trace.traceId)).size).toBe(2500);
    // Same-instant roots come in the listing's order, and every trace equals getTrace's.
    const startOf = new Map(shapes.map((shape) => [traceIdOf(shape), shape.startNs]));
    for (let index = 1; index < order.length; index++)
      expect(startOf.get(order[index - 1])! >= startOf.get(order[index])!).toBe(true);
    const sample = [...store.iterateTraces({ pageSize: 3 })].filter((_, index) => index % 97 === 0);
    for (const trace of sample) expect(trace).toEqual(store.getTrace(trace.traceId));
    store.close();
  });

  it('agrees with listTraces and countTraces on every filter, and with what was written', () => {
    const path = tempPath('filters.db');
    const shapes = populate(path, 400);
    const store = new TraceStore(path);
    const at = (index: number): bigint => T0 + BigInt(index) * MS;
    const queries: TraceQuery[] = [
      {},
      { since: at(100) },
      { until: at(50) },
      { since: at(100), until: at(160) },
      { since: Number(at(300) / MS) },
      { name: 'search' },
      { status: SpanStatusCode.ERROR },
      { status: SpanStatusCode.OK },
      { attributes: { [ClearstoneAttributes.AGENT_ID]: 'beta' } },
      { attributes: { [ClearstoneAttributes.AGENT_ID]: 'alpha', round: 2 } },
      { blocked: true },
      { blocked: false },
      { paused: true },
      { paused: false },
      { blocked: true, paused: true },
      { blocked: true, name: 'plan', since: at(40), status: SpanStatusCode.ERROR },
      { name: 'nothing' },
    ];
    const startOf = new Map(shapes.map((shape) => [traceIdOf(shape), shape.startNs]));
    for (const query of queries) {
      const expected = expectedIds(shapes, query);
      const listed = store.listTraces({ ...query, limit: 1000 }).map((summary) => summary.traceId);
      expect({ query, ids: [...listed].sort() }).toEqual({ query, ids: [...expected].sort() });
      for (let index = 1; index < listed.length; index++)
        expect(startOf.get(listed[index - 1])! >= startOf.get(listed[index])!).toBe(true);
      expect({ query, count: store.countTraces(query) }).toEqual({ query, count: expected.length });
      for (const pageSize of [1, 7, 1000]) {
        const streamed = [...store.iterateTraces({ ...query, pageSize })].map((trace) => trace.traceId);
        expect({ query, pageSize, ids: streamed }).toEqual({ query, pageSize, ids: listed });
      }
    }
    expect(expectedIds(shapes, { blocked: true, paused: true })).not.toHaveLength(0);
    store.close();
  });

  it('flags a trace whose governed tool call was blocked, in summaries and filters', () => {
    const store = new TraceStore(tempPath('blocked.db'));
    const allowed = build(0); // no governance
    const blocked = build(1); // a child with outcome blocked
    const paused = build(4);
    store.writeSpans([...allowed.spans, ...blocked.spans, ...paused.spans]);
    const summaries = new Map(store.listTraces().map((summary) => [summary.traceId, summary]));
    expect(summaries.get(traceIdOf(allowed.shape))).toMatchObject({ blocked: false, paused: false });
    expect(summaries.get(traceIdOf(blocked.shape))).toMatchObject({ blocked: true, paused: false });
    expect(summaries.get(traceIdOf(paused.shape))).toMatchObject({ blocked: false, paused: true });
    expect(store.listTraces({ blocked: true }).map((summary) => summary.traceId)).toEqual([traceIdOf(blocked.shape)]);
    expect([...store.iterateTraces({ blocked: true })].map((trace) => trace.traceId)).toEqual([
      traceIdOf(blocked.shape),
    ]);
    expect(store.countTraces({ blocked: false })).toBe(2);
    // A span written later to a listed trace sets the flag then.
    const late = record(0, 60, {
      parentSpanId: allowed.spans[allowed.spans.length - 1].spanId,
      startTimeNs: allowed.shape.startNs + 500n,
      attributes: { [ClearstoneAttributes.GOVERNED_OUTCOME]: GovernedOutcomes.TIMED_OUT },
    });
    store.writeSpans([late]);
    expect(store.countTraces({ blocked: true })).toBe(2);
    store.close();
  });

  it('lists and streams a trace once when two processes each recorded a local root for it', () => {
    const store = new TraceStore(tempPath('two-roots.db'));
    const { spans } = build(0);
    const root = spans[spans.length - 1];
    const secondRoot = record(0, 40, { parentSpanId: 'aaaaaaaaaaaaaaaa', startTimeNs: root.startTimeNs + 5n });
    store.writeSpans([...spans, { ...secondRoot, isRoot: true } as SpanRecord]);
    expect(store.listTraces()).toHaveLength(1);
    expect(store.countTraces()).toBe(1);
    const streamed = [...store.iterateTraces()];
    expect(streamed).toHaveLength(1);
    expect(streamed[0].spans).toHaveLength(spans.length + 1);
    store.close();
  });

  it('lets the caller write while iterating, and stops with STORE_CLOSED once the store is closed', () => {
    const path = tempPath('busy.db');
    populate(path, 30);
    const store = new TraceStore(path);
    const seen: string[] = [];
    for (const trace of store.iterateTraces({ pageSize: 4 })) {
      seen.push(trace.traceId);
      if (seen.length === 1) store.writeSpans(build(1000).spans); // newer than the cursor: not yielded
    }
    expect(seen).toHaveLength(30);
    const iterator = store.iterateTraces({ pageSize: 2 });
    iterator.next();
    iterator.next();
    store.close();
    expect(() => iterator.next()).toThrow(expect.objectContaining({ code: 'STORE_CLOSED' }));
  });

  it('rejects bad arguments when called, with coded errors', () => {
    const store = new TraceStore(tempPath('args.db'));
    expect(() => store.iterateTraces({ pageSize: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => store.iterateTraces({ pageSize: 1.5 })).toThrow(/pageSize/);
    expect(() => store.iterateTraces({ status: 'BROKEN' as SpanStatusCode })).toThrow(/Unknown span status/);
    expect(() => store.countTraces({ blocked: 'yes' as unknown as boolean })).toThrow(/blocked must be true or false/);
    expect(() => store.listTraces({ since: new Date('nonsense') })).toThrow(/since must be/);
    expect([...store.iterateTraces()]).toEqual([]);
    expect(store.countTraces()).toBe(0);
    store.close();
  });
});
