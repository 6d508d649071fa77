import type { SpanRecord, Trace } from '@clearstone/core';
import { isToolSpan, toolNameOf } from '../spans';

/** Tool spans of a trace, in the trace's span order (start order for loaded traces). */
export function toolSpans(trace: Trace): SpanRecord[] {
  return trace.spans.filter(isToolSpan);
}

/** Names of the tools a trace called, in order (a tool span without a name counts as its span name). */
export function toolTrajectory(trace: Trace): string[] {
  return toolSpans(trace).map((span) => toolNameOf(span) ?? span.name);
}

/** Tool spans calling `toolName`. */
export function callsOf(trace: Trace, toolName: string): SpanRecord[] {
  return trace.spans.filter((span) => isToolSpan(span) && toolNameOf(span) === toolName);
}
