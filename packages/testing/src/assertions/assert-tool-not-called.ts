import { ALLOW, BLOCK } from '@clearstone/core';
import { describeSpans } from '../spans';
import { callName, namePolicy } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { callsOf } from './tool-calls';
import type { CallSelection } from './tool-calls';
import { requireFlag, requireName, requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/** Options of {@link assertToolNotCalled}. */
export interface ToolNotCalledOptions extends AssertionOptions, CallSelection {}

/**
 * Passes when the trace never called `toolName`. A governed call that did not run (blocked,
 * rejected, timed out or paused) is not a call, so a tool a policy blocked every time passes;
 * with `includeBlocked: true` it fails too (the agent must not even have attempted the tool).
 *
 * @example
 * ```ts
 * expect(assertToolNotCalled('delete_database')(trace).action).toBe('allow');
 * expect(assertToolNotCalled('delete_database', { includeBlocked: true })(trace).action).toBe('allow'); // never attempted
 * ```
 */
export function assertToolNotCalled(toolName: string, options: ToolNotCalledOptions = {}): TracePolicy {
  requireName('assertToolNotCalled', 'toolName', toolName);
  requireOptions('assertToolNotCalled', options);
  requireFlag('assertToolNotCalled', 'includeBlocked', options.includeBlocked);
  const selection: CallSelection = options.includeBlocked === true ? { includeBlocked: true } : {};
  const named =
    options.includeBlocked === true
      ? callName('assertToolNotCalled', toolName, selection)
      : callName('assertToolNotCalled', toolName);
  return namePolicy(named, (trace) => {
    const calls = callsOf(trace, toolName, selection);
    if (calls.length === 0) return ALLOW;
    const verb = selection.includeBlocked === true ? 'attempted' : 'called';
    return BLOCK(
      options.reason ??
        `Expected tool '${toolName}' never to be called${selection.includeBlocked === true ? ' or attempted' : ''}, but it was ${verb} ${calls.length} time(s): ${describeSpans(calls)}`,
      {
        toolName,
        calls: calls.length,
        spanIds: calls.map((span) => span.spanId),
      },
    );
  });
}
