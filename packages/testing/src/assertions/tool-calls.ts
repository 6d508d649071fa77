import type { SpanRecord, Trace } from '@clearstone/core';
import { isToolSpan, toolNameOf } from '../spans';
import { isBlockedCall } from './blocked-calls';

/** Which tool calls count. */
export interface CallSelection {
  /**
   * Count governed calls that did not run (blocked, rejected, timed out or paused) too; default
   * false: a call counts only when the tool ran.
   */
  includeBlocked?: boolean;
}

/**
 * Tool spans of a trace, in the trace's span order (start order for loaded traces): the calls
 * that ran, and with `includeBlocked` the governed calls that did not run too.
 */
export function toolSpans(trace: Trace, options: CallSelection = {}): SpanRecord[] {
  return trace.spans.filter((span) => isToolSpan(span) && (options.includeBlocked === true || !isBlockedCall(span)));
}

/**
 * Names of the tools a trace called, in order (a tool span without a name counts as its span
 * name). Calls that did not run are left out unless `includeBlocked` is set.
 */
export function toolTrajectory(trace: Trace, options: CallSelection = {}): string[] {
  return toolSpans(trace, options).map((span) => toolNameOf(span) ?? span.name);
}

/** Tool spans calling `toolName` (that ran, unless `includeBlocked` is set). */
export function callsOf(trace: Trace, toolName: string, options: CallSelection = {}): SpanRecord[] {
  return toolSpans(trace, options).filter((span) => toolNameOf(span) === toolName);
}
