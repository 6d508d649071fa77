import { ALLOW, BLOCK } from '@clearstone/core';
import { describeSpans } from '../spans';
import { callName, namePolicy } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { callsOf } from './tool-calls';
import { requireName, requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/**
 * Passes when the trace never called `toolName`.
 *
 * @example
 * ```ts
 * expect(assertToolNotCalled('delete_database')(trace).action).toBe('allow');
 * ```
 */
export function assertToolNotCalled(toolName: string, options: AssertionOptions = {}): TracePolicy {
  requireName('assertToolNotCalled', 'toolName', toolName);
  requireOptions('assertToolNotCalled', options);
  return namePolicy(callName('assertToolNotCalled', toolName), (trace) => {
    const calls = callsOf(trace, toolName);
    if (calls.length === 0) return ALLOW;
    return BLOCK(
      options.reason ??
        `Expected tool '${toolName}' never to be called, but it was called ${calls.length} time(s): ${describeSpans(calls)}`,
      {
        toolName,
        calls: calls.length,
        spanIds: calls.map((span) => span.spanId),
      },
    );
  });
}
