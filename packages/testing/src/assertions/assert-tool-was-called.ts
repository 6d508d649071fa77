import { ALLOW, BLOCK } from '@clearstone/core';
import type { Trace } from '@clearstone/core';
import { describeSpans } from '../spans';
import { callName, namePolicy } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { blockedCalls, describeBlockedCalls } from './blocked-calls';
import { callsOf, toolTrajectory } from './tool-calls';
import type { CallSelection } from './tool-calls';
import { requireCount, requireFlag, requireName, requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/** Options of {@link assertToolWasCalled}. */
export interface ToolCallOptions extends AssertionOptions, CallSelection {
  /** Exact number of calls expected; omitted means at least once. */
  times?: number;
}

function calledList(trace: Trace, selection: CallSelection): string {
  const tools = [...new Set(toolTrajectory(trace, selection))];
  return tools.length === 0 ? 'No tool was called.' : `Tools called: ${tools.map((tool) => `'${tool}'`).join(', ')}.`;
}

/** ` It was blocked 1 time(s): …` when calls of the tool were blocked and are not counted. */
export function blockedNote(trace: Trace, toolName: string, selection: CallSelection): string {
  if (selection.includeBlocked === true) return '';
  const blocked = blockedCalls(trace).filter((call) => call.eventType === 'tool_call' && call.toolName === toolName);
  if (blocked.length === 0) return '';
  return ` ${blocked.length} call(s) of it did not run: ${describeBlockedCalls(blocked, trace)} (calls that did not run do not count; pass { includeBlocked: true } to count them).`;
}

/**
 * Passes when the trace called `toolName` — at least once, or exactly `times` times. Tool spans
 * are those with `gen_ai.operation.name` `execute_tool` or a `gen_ai.tool.name` / `tool.name`
 * attribute. A governed call that did not run (blocked, rejected, timed out or paused; see
 * `blockedCalls`) is not a call: the tool never ran. `includeBlocked: true` counts those too.
 *
 * @example
 * ```ts
 * const decision = assertToolWasCalled('web_search', { times: 1 })(trace);
 * if (decision.action === 'block') console.log(decision.reason);
 * assertToolWasCalled('delete_database', { includeBlocked: true })(trace); // attempted, run or not
 * ```
 */
export function assertToolWasCalled(toolName: string, options: ToolCallOptions = {}): TracePolicy {
  requireName('assertToolWasCalled', 'toolName', toolName);
  requireOptions('assertToolWasCalled', options);
  const { times, reason, includeBlocked } = options;
  if (times !== undefined) requireCount('assertToolWasCalled', 'times', times);
  requireFlag('assertToolWasCalled', 'includeBlocked', includeBlocked);
  const selection: CallSelection = includeBlocked === true ? { includeBlocked } : {};
  const shownOptions = { ...(times === undefined ? {} : { times }), ...selection };
  const named = callName(
    'assertToolWasCalled',
    toolName,
    Object.keys(shownOptions).length === 0 ? undefined : shownOptions,
  );
  return namePolicy(named, (trace) => {
    const calls = callsOf(trace, toolName, selection);
    if (times === undefined ? calls.length > 0 : calls.length === times) return ALLOW;
    const spanIds = calls.map((span) => span.spanId);
    const note = blockedNote(trace, toolName, selection);
    if (times === undefined) {
      return BLOCK(
        reason ??
          `Expected tool '${toolName}' to be called at least once, but it was not.${note} ${calledList(trace, selection)}`,
        { toolName, calls: 0, spanIds },
      );
    }
    const where =
      calls.length > 0 ? `: ${describeSpans(calls)}${note === '' ? '' : '.'}` : `. ${calledList(trace, selection)}`;
    return BLOCK(
      reason ??
        `Expected tool '${toolName}' to be called ${times} time(s), but it was called ${calls.length} time(s)${where}${note}`,
      {
        toolName,
        expected: times,
        calls: calls.length,
        spanIds,
      },
    );
  });
}
