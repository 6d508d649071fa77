import { InvalidArgumentError } from '@clearstone/core';
import { encodeTraceId } from './id-codec';
import { ERROR_STATUS_CODE } from './codes';
import type { ListTracesQuery, QuerySpansQuery, TraceQuery } from './query-types';
import { SPAN_COLUMNS } from './schema';
import type { FlagColumns } from './stored-flags';
import { addAttributeConditions, kindFilterCode, pageBound, statusFilterCode } from './span-filters';
import type { SqlFilter } from './span-filters';
import { MAX_STORED_NS, MIN_STORED_NS } from './time-bounds';
import { timeInputToNs } from './time-input';

/** SQL text and parameters of one query. */
export interface BuiltQuery {
  sql: string;
  parameters: unknown[];
}

const HAS_ERROR = `EXISTS (SELECT 1 FROM spans c WHERE c.trace_key = r.trace_key AND c.status = ${ERROR_STATUS_CODE})`;

/**
 * Adds `column >= bound` or `column < bound`. Stored times are 64-bit, so a bound beyond that range
 * matches every row or none, and is written as a constant instead of an unbindable parameter.
 */
export function addTimeBound(filter: SqlFilter, column: string, operator: '>=' | '<', bound: bigint): void {
  if (bound > MAX_STORED_NS) filter.conditions.push(operator === '>=' ? '0' : '1');
  else if (bound <= MIN_STORED_NS) filter.conditions.push(operator === '>=' ? '1' : '0');
  else {
    filter.conditions.push(`${column} ${operator} ?`);
    filter.parameters.push(bound);
  }
}

function addTimeRange(filter: SqlFilter, column: string, since: TraceQuery['since'], until: TraceQuery['until']): void {
  if (since !== undefined) addTimeBound(filter, column, '>=', timeInputToNs(since, 'since'));
  if (until !== undefined) addTimeBound(filter, column, '<', timeInputToNs(until, 'until'));
}

/**
 * Condition keeping a trace's earliest root row (by start, then row id) only: a trace that several
 * processes recorded has a root row from each, and is listed once, at the first.
 */
const FIRST_ROOT = `NOT EXISTS (SELECT 1 FROM spans o WHERE o.trace_key = r.trace_key AND o.is_root = 1
  AND o.start_time_ns <= r.start_time_ns AND (o.start_time_ns < r.start_time_ns OR o.id < r.id))`;

function addFlagCondition(filter: SqlFilter, column: string, wanted: boolean | undefined, argument: string): void {
  if (wanted === undefined) return;
  if (typeof wanted !== 'boolean')
    throw new InvalidArgumentError({ message: `${argument} must be true or false.`, argument });
  filter.conditions.push(`${column} = ${wanted ? 1 : 0}`);
}

/**
 * The WHERE conditions selecting the root row (aliased `r`, joined with its trace `t`) of each
 * trace matching `query`. Arguments are validated here, so a bad query fails when it is built.
 */
export function buildTraceFilter(query: TraceQuery, flags: FlagColumns): SqlFilter {
  const filter: SqlFilter = { conditions: ['r.is_root = 1', FIRST_ROOT], parameters: [] };
  addTimeRange(filter, 'r.start_time_ns', query.since, query.until);
  if (query.name !== undefined) {
    filter.conditions.push('r.name = ?');
    filter.parameters.push(query.name);
  }
  if (query.status !== undefined) {
    const code = statusFilterCode(query.status);
    filter.conditions.push(
      code === ERROR_STATUS_CODE
        ? `(r.status = ${ERROR_STATUS_CODE} OR ${HAS_ERROR})`
        : `(r.status = ${code} AND NOT ${HAS_ERROR})`,
    );
  }
  addAttributeConditions(filter, 'r', query.attributes);
  addFlagCondition(filter, flags.blocked, query.blocked, 'blocked');
  addFlagCondition(filter, flags.paused, query.paused, 'paused');
  return filter;
}

const ROOTS = 'FROM spans r JOIN traces t ON t.trace_key = r.trace_key';

/** The listing query: root spans newest first, with span count, error and flags per trace. */
export function buildListTraces(query: ListTracesQuery, flags: FlagColumns): BuiltQuery {
  const filter = buildTraceFilter(query, flags);
  const limit = pageBound(query.limit, 100, 'limit');
  const offset = pageBound(query.offset, 0, 'offset');
  const sql = `SELECT r.span_id, t.trace_id, r.name, r.status, r.start_time_ns, r.end_time_ns,
      (SELECT count(*) FROM spans c WHERE c.trace_key = r.trace_key) AS span_count, ${HAS_ERROR} AS has_error,
      ${flags.blocked} AS blocked, ${flags.paused} AS paused
    ${ROOTS} WHERE ${filter.conditions.join(' AND ')}
    ORDER BY r.start_time_ns DESC, r.id DESC LIMIT ? OFFSET ?`;
  return { sql, parameters: [...filter.parameters, limit, offset] };
}

/** The number of traces matching `query`. */
export function buildCountTraces(query: TraceQuery, flags: FlagColumns): BuiltQuery {
  const filter = buildTraceFilter(query, flags);
  return { sql: `SELECT count(*) ${ROOTS} WHERE ${filter.conditions.join(' AND ')}`, parameters: filter.parameters };
}

/**
 * One page of {@link TraceStore.iterateTraces}: the root row id, start and trace key and trace id
 * of the next traces in listing order (newest first) after the cursor (start, row id), bound as
 * the first three parameters (start, start, id), then the filter's, then the page size.
 */
export function buildTracePage(filter: SqlFilter): BuiltQuery {
  // `start <= ?` bounds the index range; the OR only breaks ties in start time by row id.
  const sql = `SELECT r.id, r.start_time_ns, r.trace_key, t.trace_id ${ROOTS}
    WHERE r.start_time_ns <= ? AND (r.start_time_ns < ? OR r.id < ?) AND ${filter.conditions.join(' AND ')}
    ORDER BY r.start_time_ns DESC, r.id DESC LIMIT ?`;
  return { sql, parameters: filter.parameters };
}

/** The span search query, in start order. */
export function buildQuerySpans(query: QuerySpansQuery): BuiltQuery {
  const filter: SqlFilter = { conditions: [], parameters: [] };
  if (query.traceId !== undefined) {
    filter.conditions.push('s.trace_key = (SELECT trace_key FROM traces WHERE trace_id = ?)');
    filter.parameters.push(encodeTraceId(query.traceId));
  }
  if (query.name !== undefined) {
    filter.conditions.push('s.name = ?');
    filter.parameters.push(query.name);
  }
  if (query.kind !== undefined) filter.conditions.push(`s.kind = ${kindFilterCode(query.kind)}`);
  if (query.status !== undefined) filter.conditions.push(`s.status = ${statusFilterCode(query.status)}`);
  addTimeRange(filter, 's.start_time_ns', query.since, query.until);
  addAttributeConditions(filter, 's', query.attributes);
  const limit = pageBound(query.limit, 1000, 'limit');
  const offset = pageBound(query.offset, 0, 'offset');
  const where = filter.conditions.length > 0 ? `WHERE ${filter.conditions.join(' AND ')}` : '';
  const sql = `SELECT ${SPAN_COLUMNS} FROM spans s JOIN traces t ON t.trace_key = s.trace_key ${where}
    ORDER BY s.start_time_ns, s.id LIMIT ? OFFSET ?`;
  return { sql, parameters: [...filter.parameters, limit, offset] };
}
