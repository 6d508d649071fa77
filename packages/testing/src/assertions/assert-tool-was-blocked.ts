import { ALLOW, BLOCK, InvalidArgumentError } from '@clearstone/core';
import type { Trace } from '@clearstone/core';
import { describeSpans } from '../spans';
import { callName, namePolicy } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { PREVENTED_OUTCOMES, blockedCalls, describeBlockedCalls } from './blocked-calls';
import type { BlockedCall, PreventedOutcome } from './blocked-calls';
import { callsOf } from './tool-calls';
import { requireCount, requireName, requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/** Options of {@link assertToolWasBlocked}. */
export interface ToolBlockedOptions extends AssertionOptions {
  /** Only calls the policy with this name decided (for rejected and timed-out calls: the one that paused them). */
  policy?: string;
  /** Exact number of such calls expected; omitted means at least once. */
  times?: number;
  /**
   * Only calls with this outcome (or one of these); default any outcome of a call that did not
   * run: `blocked`, `rejected`, `timed_out`, `paused`.
   */
  outcome?: PreventedOutcome | readonly PreventedOutcome[];
}

function requireOutcomes(value: unknown): readonly PreventedOutcome[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  if (list.length === 0 || !list.every((item) => PREVENTED_OUTCOMES.includes(item as PreventedOutcome))) {
    throw new InvalidArgumentError({
      message: `assertToolWasBlocked: outcome must be one of ${PREVENTED_OUTCOMES.join(', ')}, or a non-empty list of them (got ${JSON.stringify(value)}).`,
      argument: 'outcome',
    });
  }
  return list as PreventedOutcome[];
}

/** `'delete_database'`, `'delete_database' by policy 'p'`, with the outcomes when filtered. */
function subject(
  toolName: string,
  policy: string | undefined,
  outcomes: readonly PreventedOutcome[] | undefined,
): string {
  const by = policy === undefined ? '' : ` by policy '${policy}'`;
  const how = outcomes === undefined ? '' : ` (${outcomes.join(' or ')})`;
  return `'${toolName}'${by}${how}`;
}

/** The blocked calls of `toolName` that match the policy and outcome filters. */
export function matchingBlockedCalls(
  trace: Trace,
  toolName: string,
  policy: string | undefined,
  outcomes: readonly PreventedOutcome[] | undefined,
): BlockedCall[] {
  return blockedCalls(trace).filter(
    (call) =>
      call.eventType === 'tool_call' &&
      call.toolName === toolName &&
      (policy === undefined || call.policyName === policy) &&
      (outcomes === undefined || outcomes.includes(call.outcome)),
  );
}

/** `Blocked calls in the trace: …` or `No call of the trace was blocked.` */
export function blockedCallsSummary(trace: Trace): string {
  const all = blockedCalls(trace);
  return all.length === 0
    ? 'No call of the trace was blocked.'
    : `Blocked calls in the trace: ${describeBlockedCalls(all, trace, 10)}.`;
}

/**
 * Passes when governance stopped calls of `toolName` — at least once, or exactly `times` times —
 * optionally only those `policy` decided, or with the given `outcome`. "Blocked" here is every
 * governed call that did not run (see `blockedCalls`): blocked by a policy, rejected by a
 * reviewer, timed out waiting for approval, or paused; narrow it with `outcome: 'blocked'`.
 *
 * @example
 * ```ts
 * assertToolWasBlocked('delete_database', { policy: 'block_dangerous_tools' })(trace).action; // 'allow'
 * assertToolWasBlocked('send_email', { outcome: 'rejected', times: 1 })(trace);
 * ```
 */
export function assertToolWasBlocked(toolName: string, options: ToolBlockedOptions = {}): TracePolicy {
  requireName('assertToolWasBlocked', 'toolName', toolName);
  requireOptions('assertToolWasBlocked', options);
  const { policy, times, reason } = options;
  if (policy !== undefined) requireName('assertToolWasBlocked', 'policy', policy);
  if (times !== undefined) requireCount('assertToolWasBlocked', 'times', times);
  const outcomes = requireOutcomes(options.outcome);
  const shown: Record<string, unknown> = {};
  if (policy !== undefined) shown.policy = policy;
  if (times !== undefined) shown.times = times;
  if (options.outcome !== undefined) shown.outcome = options.outcome;
  const named = callName('assertToolWasBlocked', toolName, Object.keys(shown).length === 0 ? undefined : shown);
  return namePolicy(named, (trace) => {
    const calls = matchingBlockedCalls(trace, toolName, policy, outcomes);
    if (times === undefined ? calls.length > 0 : calls.length === times) return ALLOW;
    const what = subject(toolName, policy, outcomes);
    const ran = callsOf(trace, toolName);
    const ranNote = ran.length > 0 ? ` It ran ${ran.length} time(s): ${describeSpans(ran)}.` : '';
    if (calls.length === 0) {
      const related = blockedCalls(trace).filter(
        (call) => call.eventType === 'tool_call' && call.toolName === toolName,
      );
      return BLOCK(
        reason ??
          `Expected tool ${what} to be blocked${times === undefined ? '' : ` ${times} time(s)`}, but it was not.${ranNote} ${blockedCallsSummary(trace)}`,
        {
          toolName,
          ...(times === undefined ? {} : { expected: times }),
          blocked: 0,
          spanIds: [...ran.map((span) => span.spanId), ...related.map((call) => call.spanId)],
        },
      );
    }
    return BLOCK(
      reason ??
        `Expected tool ${what} to be blocked ${times} time(s), but it was blocked ${calls.length} time(s): ${describeBlockedCalls(calls, trace)}.${ranNote}`,
      { toolName, expected: times, blocked: calls.length, spanIds: calls.map((call) => call.spanId) },
    );
  });
}
