import { encodeTraceId } from './id-codec';
import { ERROR_STATUS_CODE } from './codes';
import type { ListTracesQuery, QuerySpansQuery } from './query-types';
import { SPAN_COLUMNS } from './schema';
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

function addTimeRange(
  filter: SqlFilter,
  column: string,
  since: ListTracesQuery['since'],
  until: ListTracesQuery['until'],
): void {
  if (since !== undefined) addTimeBound(filter, column, '>=', timeInputToNs(since, 'since'));
  if (until !== undefined) addTimeBound(filter, column, '<', timeInputToNs(until, 'until'));
}

/** The listing query: root spans newest first, with span count and error flag per trace. */
export function buildListTraces(query: ListTracesQuery): BuiltQuery {
  const filter: SqlFilter = { conditions: ['r.is_root = 1'], parameters: [] };
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
  const limit = pageBound(query.limit, 100, 'limit');
  const offset = pageBound(query.offset, 0, 'offset');
  const sql = `SELECT r.span_id, t.trace_id, r.name, r.status, r.start_time_ns, r.end_time_ns,
      (SELECT count(*) FROM spans c WHERE c.trace_key = r.trace_key) AS span_count, ${HAS_ERROR} AS has_error
    FROM spans r JOIN traces t ON t.trace_key = r.trace_key
    WHERE ${filter.conditions.join(' AND ')}
    ORDER BY r.start_time_ns DESC, r.id DESC LIMIT ? OFFSET ?`;
  return { sql, parameters: [...filter.parameters, limit, offset] };
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
