import { ALLOW, BLOCK } from '@clearstone/core';
import { describeSpans } from '../spans';
import { callName, namePolicy } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { callsOf, toolTrajectory } from './tool-calls';
import { requireCount, requireName, requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/** Options of {@link assertToolWasCalled}. */
export interface ToolCallOptions extends AssertionOptions {
  /** Exact number of calls expected; omitted means at least once. */
  times?: number;
}

function calledList(trace: Parameters<TracePolicy>[0]): string {
  const tools = [...new Set(toolTrajectory(trace))];
  return tools.length === 0 ? 'No tool was called.' : `Tools called: ${tools.map((tool) => `'${tool}'`).join(', ')}.`;
}

/**
 * Passes when the trace called `toolName` — at least once, or exactly `times` times. Tool spans
 * are those with `gen_ai.operation.name` `execute_tool` or a `gen_ai.tool.name` / `tool.name`
 * attribute.
 *
 * @example
 * ```ts
 * const decision = assertToolWasCalled('web_search', { times: 1 })(trace);
 * if (decision.action === 'block') console.log(decision.reason);
 * ```
 */
export function assertToolWasCalled(toolName: string, options: ToolCallOptions = {}): TracePolicy {
  requireName('assertToolWasCalled', 'toolName', toolName);
  requireOptions('assertToolWasCalled', options);
  const { times, reason } = options;
  if (times !== undefined) requireCount('assertToolWasCalled', 'times', times);
  return namePolicy(callName('assertToolWasCalled', toolName, times === undefined ? undefined : { times }), (trace) => {
    const calls = callsOf(trace, toolName);
    if (times === undefined ? calls.length > 0 : calls.length === times) return ALLOW;
    const spanIds = calls.map((span) => span.spanId);
    if (times === undefined) {
      return BLOCK(
        reason ?? `Expected tool '${toolName}' to be called at least once, but it was not. ${calledList(trace)}`,
        { toolName, calls: 0, spanIds },
      );
    }
    const where = calls.length > 0 ? `: ${describeSpans(calls)}` : `. ${calledList(trace)}`;
    return BLOCK(
      reason ??
        `Expected tool '${toolName}' to be called ${times} time(s), but it was called ${calls.length} time(s)${where}`,
      {
        toolName,
        expected: times,
        calls: calls.length,
        spanIds,
      },
    );
  });
}
