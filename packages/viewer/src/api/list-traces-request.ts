import { ClearstoneAttributes, SpanStatusCode } from '@clearstone/core';
import type { ListTracesQuery, TraceQuery } from '@clearstone/observability';
import { ViewerError } from '../errors';
import { parseAttributeFilters } from './attribute-filter';
import { integerParameter, readQueryParameters, timeParameter } from './query-parameters';

/** Default and largest page size of `GET /api/traces`. */
export const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;
const MAX_OFFSET = 10_000_000;

const STATUSES = new Set<string>([SpanStatusCode.OK, SpanStatusCode.ERROR, SpanStatusCode.UNSET]);

/** `sort` values of `GET /api/traces` and the trace-store key of each. */
const SORT_KEYS: Record<string, NonNullable<ListTracesQuery['sortBy']>> = {
  start: 'start',
  duration: 'duration',
  name: 'name',
  spans: 'spanCount',
};

/** The filter parameters every listing endpoint takes (`/api/traces`, `/api/facets`). */
export const FILTER_PARAMETERS = ['status', 'name', 'q', 'since', 'until', 'user', 'session', 'blocked', 'paused'];

function flagParameter(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new ViewerError({ code: 'INVALID_PARAMETER', parameter: name, message: `${name} must be true or false.` });
}

/**
 * The trace-store filters of a listing request: `status` (OK, ERROR, UNSET), `name` (exact root
 * span name), `q` (a part of the root span name), `since`/`until` (epoch ms or ISO-8601),
 * `attr` (repeatable `key=value`, held by any span of the trace), `user` and `session` (the
 * root's user and session ids), `blocked` and `paused` (`true` or `false`).
 */
export function traceFilters(parameters: Map<string, string[]>): TraceQuery {
  const first = (name: string): string | undefined => parameters.get(name)?.[0];
  const query: TraceQuery = {};
  const status = first('status');
  if (status !== undefined && status !== '') {
    const upper = status.toUpperCase();
    if (!STATUSES.has(upper))
      throw new ViewerError({
        code: 'INVALID_PARAMETER',
        parameter: 'status',
        message: `status must be OK, ERROR or UNSET, got "${status}".`,
      });
    query.status = upper as SpanStatusCode;
  }
  const name = first('name');
  if (name !== undefined && name !== '') query.name = name;
  const text = first('q')?.trim();
  if (text !== undefined && text !== '') query.nameContains = text.slice(0, 256);
  const since = timeParameter(first('since'), 'since');
  const until = timeParameter(first('until'), 'until');
  if (since !== undefined) query.since = since;
  if (until !== undefined) query.until = until;
  if (since !== undefined && until !== undefined && since.getTime() > until.getTime()) {
    throw new ViewerError({
      code: 'INVALID_PARAMETER',
      parameter: 'until',
      message: 'until must not be earlier than since.',
    });
  }
  const attributes = parseAttributeFilters(parameters.get('attr') ?? []);
  if (attributes !== undefined) query.spanAttributes = attributes;
  const root: Record<string, string> = {};
  const user = first('user');
  const session = first('session');
  if (user !== undefined && user !== '') root[ClearstoneAttributes.USER_ID] = user;
  if (session !== undefined && session !== '') root[ClearstoneAttributes.SESSION_ID] = session;
  if (Object.keys(root).length > 0) query.attributes = root;
  const blocked = flagParameter(first('blocked'), 'blocked');
  const paused = flagParameter(first('paused'), 'paused');
  if (blocked !== undefined) query.blocked = blocked;
  if (paused !== undefined) query.paused = paused;
  return query;
}

/**
 * The trace-store query of a `GET /api/traces` request: the filters of {@link traceFilters},
 * `sort` (`start`, `duration`, `name`, `spans`; default `start`), `order` (`desc`, the default,
 * or `asc`), `limit` (1–500, default 50) and `offset`.
 */
export function listTracesRequest(search: URLSearchParams): ListTracesQuery & { limit: number; offset: number } {
  const parameters = readQueryParameters(search, [...FILTER_PARAMETERS, 'sort', 'order', 'limit', 'offset'], ['attr']);
  const first = (name: string): string | undefined => parameters.get(name)?.[0];
  const query: ListTracesQuery & { limit: number; offset: number } = {
    ...traceFilters(parameters),
    limit: integerParameter(first('limit'), 'limit', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
    offset: integerParameter(first('offset'), 'offset', 0, 0, MAX_OFFSET),
  };
  const sort = first('sort');
  if (sort !== undefined && sort !== '') {
    if (!Object.hasOwn(SORT_KEYS, sort))
      throw new ViewerError({
        code: 'INVALID_PARAMETER',
        parameter: 'sort',
        message: `sort must be one of ${Object.keys(SORT_KEYS).join(', ')}, got "${sort}".`,
      });
    if (sort !== 'start') query.sortBy = SORT_KEYS[sort];
  }
  const order = first('order');
  if (order !== undefined && order !== '') {
    if (order !== 'asc' && order !== 'desc')
      throw new ViewerError({
        code: 'INVALID_PARAMETER',
        parameter: 'order',
        message: `order must be asc or desc, got "${order}".`,
      });
    if (order === 'asc') query.sortOrder = 'asc';
  }
  return query;
}
