import { InvalidArgumentError, SpanStatusCode, toEpochNs } from '@clearstone/core';
import type { AttributeValue, Trace } from '@clearstone/core';
import type { IterateTracesQuery, SpanFieldSelection, TimeInput } from '@clearstone/observability';

export type { TimeInput };

/** Conditions on a trace's root span, status and governance, for {@link LoadTracesOptions.filter}. */
export interface TraceFilter {
  /** Root span name. */
  name?: string;
  /** Trace status: ERROR when any span failed, else the root's status. */
  status?: SpanStatusCode;
  /** Root span attributes that must all be equal (arrays compared element by element). */
  attributes?: Record<string, AttributeValue>;
  /** `true`: only traces holding a block (a governed call blocked, rejected or timed out); `false`: only those without. */
  blocked?: boolean;
  /** `true`: only traces holding a pause for a human's approval; `false`: only those without. */
  paused?: boolean;
}

/** Which recorded traces to load. Traces come newest first (by root start), spans in start order. */
export interface LoadTracesOptions {
  /** Most traces returned; `loadTraces` defaults to 100, `iterateTraces` to all. */
  limit?: number;
  /** Only traces whose root started at or after this time. */
  since?: TimeInput;
  /** Only traces whose root started before this time. */
  until?: TimeInput;
  /**
   * Root, status and governance conditions (evaluated by the trace store), or a predicate on the
   * loaded trace. `limit` counts traces that pass.
   */
  filter?: TraceFilter | ((trace: Trace) => boolean);
}

/** Options of `iterateTraces`: a query plus how many traces are read from the store at a time, and what of each span. */
export interface IterateTracesOptions extends LoadTracesOptions {
  /** Traces per read (default 256); memory stays proportional to it. */
  batchSize?: number;
  /**
   * `'replay'`: read only what a backtest replays — span ids, parent, name, kind, status, times,
   * attributes and input — without output snapshots, events, links, errors or instrumentation
   * scope (`TraceStore.iterateTraces`' `spanFields`). Faster for a backtest of the traces;
   * default `'full'`.
   */
  spanFields?: SpanFieldSelection;
}

/** A query validated and split: what the trace store selects, and what the harness still checks. */
export interface ResolvedQuery {
  /** Most traces to yield. */
  limit: number;
  /** The query given to `TraceStore.iterateTraces`. */
  store: IterateTracesQuery;
  /** A predicate each trace must pass, when the filter is a function. */
  accepts?: (trace: Trace) => boolean;
}

const DEFAULT_BATCH_SIZE = 256;

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

/** Adds the conditions of a filter object to the store query, validated. */
function addFilter(query: IterateTracesQuery, filter: TraceFilter): void {
  const { name, status, attributes, blocked, paused } = filter;
  if (status !== undefined && !Object.values(SpanStatusCode).includes(status)) {
    throw new InvalidArgumentError({
      message: `Unknown trace status "${String(status)}"; expected UNSET, OK or ERROR.`,
      argument: 'filter',
    });
  }
  for (const [key, value] of Object.entries({ blocked, paused })) {
    if (value !== undefined && typeof value !== 'boolean')
      throw new InvalidArgumentError({ message: `filter.${key} must be true or false.`, argument: 'filter' });
  }
  if (name !== undefined) query.name = name;
  if (status !== undefined) query.status = status;
  if (attributes !== undefined) query.attributes = attributes;
  if (blocked !== undefined) query.blocked = blocked;
  if (paused !== undefined) query.paused = paused;
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
  const limit = positiveInteger(query.limit, defaultLimit, 'limit');
  const batchSize = Math.max(1, positiveInteger(query.batchSize, DEFAULT_BATCH_SIZE, 'batchSize'));
  const resolved: ResolvedQuery = { limit, store: {} };
  const since = timeNs(query.since, 'since');
  const until = timeNs(query.until, 'until');
  if (since !== undefined) resolved.store.since = since;
  if (until !== undefined) resolved.store.until = until;
  const filter: unknown = query.filter;
  if (typeof filter === 'function') resolved.accepts = filter as (trace: Trace) => boolean;
  else if (filter !== null && typeof filter === 'object') addFilter(resolved.store, filter);
  else if (filter !== undefined) {
    throw new InvalidArgumentError({
      message:
        'filter must be an object { name?, status?, attributes?, blocked?, paused? } or a function (trace) => boolean.',
      argument: 'filter',
    });
  }
  const spanFields: unknown = query.spanFields;
  if (spanFields === 'replay') resolved.store.spanFields = spanFields;
  else if (spanFields !== undefined && spanFields !== 'full') {
    throw new InvalidArgumentError({
      message: `spanFields must be 'full' or 'replay' (got ${String(spanFields)}).`,
      argument: 'spanFields',
    });
  }
  // Without a predicate, no more traces than the limit are needed: a small limit reads a small page.
  resolved.store.pageSize = resolved.accepts === undefined ? Math.max(1, Math.min(batchSize, limit)) : batchSize;
  return resolved;
}
