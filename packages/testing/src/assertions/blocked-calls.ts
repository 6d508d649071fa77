// Governed calls that did not run: what `blockedCalls`, the tool-call assertions, the error
// assertion and the trace tree all agree on.
import {
  ActionType,
  GovernedOutcomes,
  governedOutcomeOf,
  modelOf,
  policyDecisionsOf,
  spanCategory,
  toolNameOf,
} from '@clearstone/core';
import type { GovernedOutcome, RecordedDecision, SpanRecord, Trace } from '@clearstone/core';

/** What became of a governed call that did not run: `blocked`, `rejected`, `timed_out` or `paused`. */
export type PreventedOutcome = Exclude<GovernedOutcome, typeof GovernedOutcomes.EXECUTED>;

/** The outcomes of {@link PreventedOutcome}, in the order reports list them. */
export const PREVENTED_OUTCOMES: readonly PreventedOutcome[] = Object.freeze([
  GovernedOutcomes.BLOCKED,
  GovernedOutcomes.REJECTED,
  GovernedOutcomes.TIMED_OUT,
  GovernedOutcomes.PAUSED,
]);

/** A governed tool or model call that did not run, as {@link blockedCalls} reports it. */
export interface BlockedCall {
  /** The call's span (`execute_tool <name>` or `chat <model>`). */
  spanId: string;
  /** What was governed: a tool call or a model call. */
  eventType: 'tool_call' | 'model_call';
  /** The tool, for tool calls. */
  toolName?: string;
  /** The model, for model calls. */
  model?: string;
  /** The policy that decided (for a rejected or timed-out call: the one that paused it); `''` when the trace does not name it. */
  policyName: string;
  /** The deciding reason; `''` when the trace records none. */
  reason: string;
  /**
   * `blocked` (a policy blocked it), `rejected` (a reviewer rejected it), `timed_out` (nobody
   * approved it in time) or `paused` (the run stopped waiting for approval; the call has not run).
   */
  outcome: PreventedOutcome;
}

function isStoppingAction(decision: RecordedDecision): boolean {
  return decision.action === ActionType.BLOCK || decision.action === ActionType.PAUSE;
}

/**
 * The call a span records if it is a governed tool or model call that did not run, else
 * undefined. A span with `clearstone.governed.outcome` is read from it (every outcome but
 * `executed`); a tool or model span of an older trace, which has no outcome, counts as blocked
 * when its final recorded policy decision (event or attributes) is a BLOCK.
 *
 * @example
 * ```ts
 * const call = blockedCallOf(span);
 * if (call) console.log(`${call.toolName ?? call.model} ${call.outcome} by ${call.policyName}`);
 * ```
 */
export function blockedCallOf(span: SpanRecord): BlockedCall | undefined {
  const category = spanCategory(span);
  if (category === undefined) return undefined;
  const decisions = policyDecisionsOf(span);
  const recorded = governedOutcomeOf(span);
  let outcome: PreventedOutcome;
  if (recorded !== undefined) {
    if (recorded === GovernedOutcomes.EXECUTED) return undefined;
    outcome = recorded;
  } else {
    if (decisions[decisions.length - 1]?.action !== ActionType.BLOCK) return undefined;
    outcome = GovernedOutcomes.BLOCKED;
  }
  const deciding = [...decisions].reverse().find(isStoppingAction) ?? decisions[decisions.length - 1];
  const call: BlockedCall = {
    spanId: span.spanId,
    eventType: category === 'tool' ? 'tool_call' : 'model_call',
    policyName: deciding?.policyName ?? '',
    reason: deciding?.reason ?? span.errorMessage ?? '',
    outcome,
  };
  if (category === 'tool') {
    const toolName = toolNameOf(span) ?? deciding?.toolName;
    if (toolName !== undefined) call.toolName = toolName;
  } else {
    const model = modelOf(span);
    if (model !== undefined) call.model = model;
  }
  return call;
}

/** True when the span records a governed tool or model call that did not run (see {@link blockedCallOf}). */
export function isBlockedCall(span: SpanRecord): boolean {
  return blockedCallOf(span) !== undefined;
}

/**
 * Every governed tool and model call of the trace that did not run, in start order: blocked by a
 * policy, rejected by a reviewer, timed out waiting for approval, or paused (the run stopped
 * waiting for approval; `outcome: 'paused'`). Older traces, recorded before governed calls
 * carried an outcome, are read from their decisions: a tool or model span whose final decision
 * is a BLOCK counts as blocked.
 *
 * @example
 * ```ts
 * expect(blockedCalls(trace)).toEqual([
 *   expect.objectContaining({ toolName: 'delete_database', policyName: 'block_dangerous_tools', outcome: 'blocked' }),
 * ]);
 * ```
 */
export function blockedCalls(trace: Trace): BlockedCall[] {
  const calls: { call: BlockedCall; startTimeNs: bigint; index: number }[] = [];
  trace.spans.forEach((span, index) => {
    const call = blockedCallOf(span);
    if (call !== undefined) calls.push({ call, startTimeNs: span.startTimeNs, index });
  });
  calls.sort((a, b) => (a.startTimeNs === b.startTimeNs ? a.index - b.index : a.startTimeNs < b.startTimeNs ? -1 : 1));
  return calls.map(({ call }) => call);
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * What happened to a blocked call, in words: `blocked by block_dangerous_tools: Dangerous tool`,
 * `paused by needs_approval: …`, `rejected (paused by …): …`, `timed out (paused by …): …`.
 */
export function describeOutcome(call: BlockedCall): string {
  const policy = call.policyName;
  let verdict: string;
  switch (call.outcome) {
    case GovernedOutcomes.REJECTED:
      verdict = policy === '' ? 'rejected' : `rejected (paused by ${policy})`;
      break;
    case GovernedOutcomes.TIMED_OUT:
      verdict = policy === '' ? 'timed out' : `timed out (paused by ${policy})`;
      break;
    case GovernedOutcomes.PAUSED:
      verdict = policy === '' ? 'paused' : `paused by ${policy}`;
      break;
    default:
      verdict = policy === '' ? 'blocked' : `blocked by ${policy}`;
  }
  return call.reason === '' ? verdict : `${verdict}: ${oneLine(call.reason)}`;
}

/** `'execute_tool delete_database' [1f2e3d4c] blocked by block_dangerous_tools: …`, one blocked call as reasons name it. */
export function describeBlockedCall(call: BlockedCall, trace: Trace): string {
  const name = trace.spans.find((span) => span.spanId === call.spanId)?.name ?? call.toolName ?? call.model ?? 'call';
  return `'${name}' [${call.spanId.slice(0, 8)}] ${describeOutcome(call)}`;
}

/** Up to `max` blocked calls described as in {@link describeBlockedCall}, with a count of the rest. */
export function describeBlockedCalls(calls: readonly BlockedCall[], trace: Trace, max = 5): string {
  const shown = calls
    .slice(0, max)
    .map((call) => describeBlockedCall(call, trace))
    .join('; ');
  return calls.length > max ? `${shown}; and ${calls.length - max} more` : shown;
}
