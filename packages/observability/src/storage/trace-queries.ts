import { InvalidArgumentError } from '@clearstone/core';
import { encodeTraceId } from './id-codec';
import { ERROR_STATUS_CODE } from './codes';
import type { AttributeValueCountsQuery, ListTracesQuery, QuerySpansQuery, TraceQuery } from './query-types';
import { SPAN_COLUMNS } from './schema';
import type { FlagColumns } from './stored-flags';
import { addAttributeConditions, attributePath, kindFilterCode, pageBound, statusFilterCode } from './span-filters';
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

/** One `EXISTS` per entry: some span of the trace (aliased `a`) holds that attribute value. */
function addSpanAttributeConditions(filter: SqlFilter, attributes: TraceQuery['spanAttributes']): void {
  if (attributes === undefined) return;
  if (attributes === null || typeof attributes !== 'object')
    throw new InvalidArgumentError({ message: 'spanAttributes must be an object.', argument: 'spanAttributes' });
  for (const [key, value] of Object.entries(attributes)) {
    const entry: SqlFilter = { conditions: [], parameters: [] };
    addAttributeConditions(entry, 'a', { [key]: value });
    filter.conditions.push(
      `EXISTS (SELECT 1 FROM spans a WHERE a.trace_key = r.trace_key AND ${entry.conditions.join(' AND ')})`,
    );
    filter.parameters.push(...entry.parameters);
  }
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
  if (query.nameContains !== undefined) {
    if (typeof query.nameContains !== 'string')
      throw new InvalidArgumentError({ message: 'nameContains must be a string.', argument: 'nameContains' });
    filter.conditions.push('instr(lower(r.name), lower(?)) > 0');
    filter.parameters.push(query.nameContains);
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
  addSpanAttributeConditions(filter, query.spanAttributes);
  addFlagCondition(filter, flags.blocked, query.blocked, 'blocked');
  addFlagCondition(filter, flags.paused, query.paused, 'paused');
  return filter;
}

const ROOTS = 'FROM spans r JOIN traces t ON t.trace_key = r.trace_key';

const SORT_COLUMNS: Record<NonNullable<ListTracesQuery['sortBy']>, string> = {
  start: 'r.start_time_ns',
  duration: 'r.end_time_ns - r.start_time_ns',
  name: 'r.name COLLATE NOCASE',
  spanCount: 'span_count',
};

/** ORDER BY of a listing: the sort key in the asked direction, then newest first. */
function listOrder(query: ListTracesQuery): string {
  const sortBy = query.sortBy ?? 'start';
  if (!Object.hasOwn(SORT_COLUMNS, sortBy))
    throw new InvalidArgumentError({
      message: `sortBy must be one of ${Object.keys(SORT_COLUMNS).join(', ')}, got ${JSON.stringify(sortBy)}.`,
      argument: 'sortBy',
    });
  const order = query.sortOrder ?? 'desc';
  if (order !== 'asc' && order !== 'desc')
    throw new InvalidArgumentError({ message: "sortOrder must be 'asc' or 'desc'.", argument: 'sortOrder' });
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  // In-flight traces (no end) sort last by duration whichever the direction.
  const key = `${sortBy === 'duration' ? 'r.end_time_ns IS NULL, ' : ''}${SORT_COLUMNS[sortBy]} ${direction}`;
  return sortBy === 'start' ? `${key}, r.id ${direction}` : `${key}, r.start_time_ns DESC, r.id DESC`;
}

/** The listing query: root spans newest first (or in `sortBy` order), with span count, error and flags per trace. */
export function buildListTraces(query: ListTracesQuery, flags: FlagColumns): BuiltQuery {
  const filter = buildTraceFilter(query, flags);
  const limit = pageBound(query.limit, 100, 'limit');
  const offset = pageBound(query.offset, 0, 'offset');
  const sql = `SELECT r.span_id, t.trace_id, r.name, r.status, r.start_time_ns, r.end_time_ns,
      (SELECT count(*) FROM spans c WHERE c.trace_key = r.trace_key) AS span_count, ${HAS_ERROR} AS has_error,
      ${flags.blocked} AS blocked, ${flags.paused} AS paused
    ${ROOTS} WHERE ${filter.conditions.join(' AND ')}
    ORDER BY ${listOrder(query)} LIMIT ? OFFSET ?`;
  return { sql, parameters: [...filter.parameters, limit, offset] };
}

/** The values of a root attribute over the traces matching `query`, the most frequent first. */
export function buildRootAttributeValueCounts(
  key: string,
  query: AttributeValueCountsQuery,
  flags: FlagColumns,
): BuiltQuery {
  if (typeof key !== 'string' || key === '')
    throw new InvalidArgumentError({ message: 'The attribute key must be a non-empty string.', argument: 'key' });
  const filter = buildTraceFilter(query, flags);
  const limit = pageBound(query.limit, 20, 'limit');
  const path = attributePath(key);
  const sql = `SELECT value, count(*) AS traces FROM (SELECT json_extract(r.attributes, ?) AS value
      ${ROOTS} WHERE ${filter.conditions.join(' AND ')}) WHERE value IS NOT NULL
    GROUP BY value ORDER BY traces DESC, value LIMIT ?`;
  return { sql, parameters: [path, ...filter.parameters, limit] };
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
