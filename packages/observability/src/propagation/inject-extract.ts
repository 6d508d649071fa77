import { InvalidArgumentError } from '@clearstone/core';
import { currentParent, toParentContext, withActiveSpan } from '../context';
import type { Span, SpanContext } from '../tracer/span-types';
import { readCarrier } from './carrier';
import type { Carrier } from './carrier';
import { TRACEPARENT_HEADER, TRACESTATE_HEADER, formatTraceparent, parseTraceparent } from './traceparent';

/**
 * Writes the W3C `traceparent` (and `tracestate`, when the trace has one) of `span` — default: the
 * active span — into `carrier`, and returns the carrier. With no span at all the carrier is
 * returned unchanged. Keys are lowercase, as HTTP headers; `extract` reads them in any case.
 *
 * @example
 * ```ts
 * // HTTP: continue the trace in the called service
 * await fetch(url, { headers: inject({ 'content-type': 'application/json' }) });
 * // child process: pass it through the environment
 * spawn('node', ['worker.js'], { env: inject({ ...process.env }) });
 * ```
 */
export function inject<C extends Record<string, unknown>>(carrier: C, span?: Span | SpanContext): C {
  if (carrier === null || typeof carrier !== 'object') {
    throw new InvalidArgumentError({
      message: 'inject(carrier) needs an object to write the traceparent header into.',
      argument: 'carrier',
    });
  }
  const context = span === undefined ? currentParent() : toParentContext(span);
  if (context === undefined) return carrier;
  const record = carrier as Record<string, unknown>;
  record[TRACEPARENT_HEADER] = formatTraceparent(context);
  const traceState = context.traceState?.serialize();
  if (traceState !== undefined && traceState !== '') record[TRACESTATE_HEADER] = traceState;
  return carrier;
}

/**
 * The remote span context carried by `carrier` (`traceparent` and `tracestate`, keys in any case),
 * or undefined when it has none or a malformed one. Use it as `parent` of a span, or with
 * `withActiveSpan`.
 *
 * @example
 * ```ts
 * http.createServer((request, response) => {
 *   tracer.span('handle', { kind: SpanKind.SERVER, parent: extract(request.headers) }, () => handle(request, response));
 * });
 * ```
 */
export function extract(carrier: Carrier | null | undefined): SpanContext | undefined {
  if (carrier === null || carrier === undefined || typeof carrier !== 'object') return undefined;
  return parseTraceparent(readCarrier(carrier, TRACEPARENT_HEADER), readCarrier(carrier, TRACESTATE_HEADER));
}

/**
 * Runs `fn` with the remote span context of `carrier` as the parent of the spans it starts (so they
 * continue the caller's trace), or plainly when the carrier holds none. Returns what `fn` returns.
 *
 * @example
 * ```ts
 * // in a child process started with `env: inject({ ...process.env })`
 * await withRemoteParent(process.env, () => tracer.span('worker', () => work()));
 * ```
 */
export function withRemoteParent<T>(carrier: Carrier | null | undefined, fn: () => T): T {
  const parent = extract(carrier);
  return parent === undefined ? fn() : withActiveSpan(parent, fn);
}
