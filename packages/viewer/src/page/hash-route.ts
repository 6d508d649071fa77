/** What the page shows, as encoded in the URL fragment. */
export type Route =
  | { view: 'list'; filters: URLSearchParams }
  | { view: 'trace'; traceId: string; spanId?: string }
  | { view: 'compare'; left: string; right: string };

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}([0-9a-f]{16})?$/;

/**
 * Parses `#/traces?…` (the list with its filters), `#/traces/<traceId>` and
 * `#/traces/<traceId>/spans/<spanId>` and `#/compare/<traceId>/<traceId>`. Anything else is the
 * unfiltered list.
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const [pathname = '', search = ''] = path.split('?', 2);
  const parts = pathname.split('/').filter(Boolean);
  if (parts[0] === 'compare' && parts.length === 3 && TRACE_ID.test(parts[1]) && TRACE_ID.test(parts[2]))
    return { view: 'compare', left: parts[1], right: parts[2] };
  if (parts[0] === 'traces' && parts.length >= 2 && TRACE_ID.test(parts[1])) {
    if (parts.length === 4 && parts[2] === 'spans' && SPAN_ID.test(parts[3]))
      return { view: 'trace', traceId: parts[1], spanId: parts[3] };
    return { view: 'trace', traceId: parts[1] };
  }
  return { view: 'list', filters: new URLSearchParams(search) };
}

/** The fragment of a trace, or of one of its spans. */
export function traceHref(traceId: string, spanId?: string): string {
  return spanId === undefined ? `#/traces/${traceId}` : `#/traces/${traceId}/spans/${spanId}`;
}

/** The fragment of the list with `filters`. */
export function listHref(filters: URLSearchParams): string {
  const search = filters.toString();
  return search === '' ? '#/traces' : `#/traces?${search}`;
}

/** The fragment of the comparison of two traces. */
export function compareHref(left: string, right: string): string {
  return `#/compare/${left}/${right}`;
}
