import { InvalidArgumentError, SpanStatusCode, toEpochNs } from '@clearstone/core';
import type { AttributeValue, Trace } from '@clearstone/core';

/** A point in time: epoch nanoseconds (bigint), epoch milliseconds (number) or a Date. */
export type TimeInput = bigint | number | Date;

/** Conditions on a trace's root span and status, for {@link LoadTracesOptions.filter}. */
export interface TraceFilter {
  /** Root span name. */
  name?: string;
  /** Trace status: ERROR when any span failed, else the root's status. */
  status?: SpanStatusCode;
  /** Root span attributes that must all be equal (arrays compared element by element). */
  attributes?: Record<string, AttributeValue>;
}

/** Which recorded traces to load. Traces come newest first (by root start), spans in start order. */
export interface LoadTracesOptions {
  /** Most traces returned; `loadTraces` defaults to 100, `iterateTraces` to all. */
  limit?: number;
  /** Only traces whose root started at or after this time. */
  since?: TimeInput;
  /** Only traces whose root started before this time. */
  until?: TimeInput;
  /** Root/status conditions, or a predicate on the loaded trace. `limit` counts traces that pass. */
  filter?: TraceFilter | ((trace: Trace) => boolean);
}

/** Options of `iterateTraces`: a query plus how many traces are read from SQLite at a time. */
export interface IterateTracesOptions extends LoadTracesOptions {
  /** Traces per read (default 256); memory stays proportional to it. */
  batchSize?: number;
}

/** A query validated and converted: times in ns, a predicate for the filter. */
export interface ResolvedQuery {
  limit: number;
  sinceNs?: bigint;
  untilNs?: bigint;
  accepts?: (trace: Trace) => boolean;
  batchSize: number;
}

function timeNs(value: unknown, argument: string): bigint | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'bigint') return value;
  if (
    (typeof value === 'number' && Number.isFinite(value)) ||
    (value instanceof Date && !Number.isNaN(value.getTime()))
  )
    return toEpochNs(value);
  throw new InvalidArgumentError({
    message: `${argument} must be a bigint of epoch nanoseconds, a number of epoch milliseconds or a valid Date.`,
    argument,
  });
}

function positiveInteger(value: unknown, fallback: number, argument: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError({
      message: `${argument} must be a non-negative integer (got ${String(value)}).`,
      argument,
    });
  }
  return value;
}

function sameValue(a: AttributeValue | undefined, b: AttributeValue): boolean {
  if (Array.isArray(b)) return Array.isArray(a) && a.length === b.length && a.every((item, index) => item === b[index]);
  return a === b;
}

function filterPredicate(filter: LoadTracesOptions['filter']): ((trace: Trace) => boolean) | undefined {
  if (filter === undefined) return undefined;
  if (typeof filter === 'function') return filter;
  if (filter === null || typeof filter !== 'object') {
    throw new InvalidArgumentError({
      message: 'filter must be an object { name?, status?, attributes? } or a function (trace) => boolean.',
      argument: 'filter',
    });
  }
  const { name, status, attributes } = filter;
  if (status !== undefined && !Object.values(SpanStatusCode).includes(status)) {
    throw new InvalidArgumentError({
      message: `Unknown trace status "${String(status)}"; expected UNSET, OK or ERROR.`,
      argument: 'filter',
    });
  }
  return (trace) => {
    const root = trace.spans.find((span) => span.spanId === trace.rootSpanId);
    if (name !== undefined && root?.name !== name) return false;
    if (status !== undefined) {
      const failed = trace.spans.some((span) => span.status === SpanStatusCode.ERROR);
      if ((failed ? SpanStatusCode.ERROR : trace.status) !== status) return false;
    }
    if (attributes !== undefined) {
      for (const [key, value] of Object.entries(attributes)) if (!sameValue(root?.attributes[key], value)) return false;
    }
    return true;
  };
}

/** Validates a query; `defaultLimit` applies when `limit` is absent. */
export function resolveQuery(options: IterateTracesOptions | undefined, defaultLimit: number): ResolvedQuery {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new InvalidArgumentError({
      message: 'Trace query options must be an object { limit?, since?, until?, filter? }.',
      argument: 'options',
    });
  }
  const query = options ?? {};
  const resolved: ResolvedQuery = {
    limit: positiveInteger(query.limit, defaultLimit, 'limit'),
    batchSize: Math.max(1, positiveInteger(query.batchSize, 256, 'batchSize')),
  };
  const sinceNs = timeNs(query.since, 'since');
  const untilNs = timeNs(query.until, 'until');
  const accepts = filterPredicate(query.filter);
  if (sinceNs !== undefined) resolved.sinceNs = sinceNs;
  if (untilNs !== undefined) resolved.untilNs = untilNs;
  if (accepts !== undefined) resolved.accepts = accepts;
  return resolved;
}
