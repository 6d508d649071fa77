import { ALLOW, BLOCK } from '@clearstone/core';
import type { Trace } from '@clearstone/core';
import { describeSpan } from '../spans';
import { callName, namePolicy } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { requireAmount, requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/** Duration of a trace in ns: the root's, else from its earliest start to its latest end; undefined when nothing ended. */
export function traceDurationNs(trace: Trace): bigint | undefined {
  if (trace.durationNs !== undefined) return trace.durationNs;
  let start: bigint | undefined;
  let end: bigint | undefined;
  for (const span of trace.spans) {
    if (start === undefined || span.startTimeNs < start) start = span.startTimeNs;
    if (span.endTimeNs !== undefined && (end === undefined || span.endTimeNs > end)) end = span.endTimeNs;
  }
  return start === undefined || end === undefined ? undefined : end - start;
}

const toMs = (ns: bigint): number => Number(ns) / 1e6;

/**
 * Passes when the trace took at most `maxMs` milliseconds (the root span's duration). A trace
 * whose duration is unknown (no span ended) fails.
 *
 * @example
 * ```ts
 * assertMaxDuration(30_000)(trace); // the agent answered within 30 s
 * ```
 */
export function assertMaxDuration(maxMs: number, options: AssertionOptions = {}): TracePolicy {
  requireAmount('assertMaxDuration', 'maxMs', maxMs);
  requireOptions('assertMaxDuration', options);
  return namePolicy(callName('assertMaxDuration', maxMs), (trace) => {
    const durationNs = traceDurationNs(trace);
    if (durationNs === undefined) {
      return BLOCK(options.reason ?? `Trace duration is unknown: no span of the trace has ended.`, { maxMs });
    }
    const durationMs = toMs(durationNs);
    if (durationMs <= maxMs) return ALLOW;
    const slowest = trace.spans
      .filter((span) => span.spanId !== trace.rootSpanId && span.durationNs !== undefined)
      .sort((a, b) => Number(b.durationNs! - a.durationNs!))
      .slice(0, 3);
    const listed =
      slowest.length > 0
        ? `; slowest spans: ${slowest.map((span) => `${describeSpan(span)} ${toMs(span.durationNs!).toFixed(1)} ms`).join(', ')}`
        : '';
    return BLOCK(
      options.reason ?? `Trace took ${durationMs.toFixed(1)} ms, more than the limit of ${maxMs} ms${listed}`,
      {
        durationMs,
        maxMs,
        spanIds: slowest.map((span) => span.spanId),
      },
    );
  });
}
