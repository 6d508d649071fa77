import { SpanStatusCode } from '@clearstone/core';
import type { ListTracesQuery } from '@clearstone/observability';
import { ViewerError } from '../errors';
import { parseAttributeFilters } from './attribute-filter';
import { integerParameter, readQueryParameters, timeParameter } from './query-parameters';

/** Default and largest page size of `GET /api/traces`. */
export const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;
const MAX_OFFSET = 10_000_000;

const STATUSES = new Set<string>([SpanStatusCode.OK, SpanStatusCode.ERROR, SpanStatusCode.UNSET]);

/**
 * The trace-store query of a `GET /api/traces` request. Parameters: `status` (OK, ERROR, UNSET),
 * `name` (root span name), `since`/`until` (epoch ms or ISO-8601), `attr` (repeatable
 * `key=value` on the root span), `limit` (1–500, default 50), `offset`.
 */
export function listTracesRequest(search: URLSearchParams): ListTracesQuery & { limit: number; offset: number } {
  const parameters = readQueryParameters(search, ['status', 'name', 'since', 'until', 'limit', 'offset'], ['attr']);
  const first = (name: string): string | undefined => parameters.get(name)?.[0];
  const query: ListTracesQuery & { limit: number; offset: number } = {
    limit: integerParameter(first('limit'), 'limit', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
    offset: integerParameter(first('offset'), 'offset', 0, 0, MAX_OFFSET),
  };
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
  if (attributes !== undefined) query.attributes = attributes;
  return query;
}
