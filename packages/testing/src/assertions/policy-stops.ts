// Which failed spans of a trace failed only because governance stopped a call: they are not
// errors of the agent's code.
import { ActionType, SpanStatusCode, policyDecisionsOf } from '@clearstone/core';
import type { SpanRecord, Trace } from '@clearstone/core';
import { blockedCallOf } from './blocked-calls';

/**
 * The words the integration's errors use for a policy stop (`PolicyViolationError: Policy blocked
 * tool call 'x': …`, `PolicyPauseError: Policy paused …`), whatever wraps them.
 */
const POLICY_ERROR = /\bPolicy(?:ViolationError|PauseError)\b|\bPolicy (?:blocked|paused)\b/;

/** Shorter reasons are not looked for in error messages: they could match by chance. */
const MIN_QUOTED_REASON = 8;

/** The reasons of the policy stops a span records itself: a governed call that did not run, or a BLOCK/PAUSE decision. */
function stopReasonsOf(span: SpanRecord): string[] {
  const call = blockedCallOf(span);
  if (call !== undefined) return [call.reason];
  return policyDecisionsOf(span)
    .filter((decision) => decision.action === ActionType.BLOCK || decision.action === ActionType.PAUSE)
    .map((decision) => decision.reason ?? '');
}

function namesPolicyStop(span: SpanRecord, reasons: readonly string[]): boolean {
  const text = [span.errorMessage ?? '', span.errorStack?.split('\n', 1)[0] ?? ''].join('\n');
  if (POLICY_ERROR.test(text)) return true;
  return reasons.some((reason) => reason.length >= MIN_QUOTED_REASON && text.includes(reason));
}

/**
 * The spans of the trace with status ERROR, split into real errors and policy stops. A span is a
 * policy stop, not an error, when:
 * - it records a governed tool or model call that did not run (`blockedCallOf`: blocked, rejected,
 *   timed out or paused; older traces marked such spans ERROR), whatever its error says; or
 * - it records a BLOCK or PAUSE decision itself, or a span below it does (a prevented call or a
 *   decision), and its error names a policy stop: the message (or the first line of the stack)
 *   reads `Policy blocked` / `Policy paused`, names `PolicyViolationError` / `PolicyPauseError`, or
 *   quotes the reason of one of those stops. This is the `PolicyViolationError` propagating up
 *   through the agent's chain and graph spans.
 *
 * Any other failure of such a span (a different error after a block) stays an error.
 */
export function classifyFailedSpans(trace: Trace): { errors: SpanRecord[]; policyStops: SpanRecord[] } {
  const ids = new Set(trace.spans.map((span) => span.spanId));
  const children = new Map<string, SpanRecord[]>();
  for (const span of trace.spans) {
    if (span.parentSpanId === undefined || !ids.has(span.parentSpanId)) continue;
    const list = children.get(span.parentSpanId);
    if (list === undefined) children.set(span.parentSpanId, [span]);
    else list.push(span);
  }
  const below = new Map<string, string[]>();
  const visiting = new Set<string>();
  /** Stop reasons recorded by the span and every span below it (memoised; cycles are cut). */
  const reasonsWithin = (span: SpanRecord): string[] => {
    const known = below.get(span.spanId);
    if (known !== undefined) return known;
    if (visiting.has(span.spanId)) return [];
    visiting.add(span.spanId);
    // One entry per stop ('' when it gives no reason): empty when there is no stop here or below.
    const reasons = stopReasonsOf(span);
    for (const child of children.get(span.spanId) ?? []) reasons.push(...reasonsWithin(child));
    visiting.delete(span.spanId);
    below.set(span.spanId, reasons);
    return reasons;
  };
  const errors: SpanRecord[] = [];
  const policyStops: SpanRecord[] = [];
  for (const span of trace.spans) {
    if (span.status !== SpanStatusCode.ERROR) continue;
    const stopped =
      blockedCallOf(span) !== undefined ||
      (reasonsWithin(span).length > 0 && namesPolicyStop(span, reasonsWithin(span)));
    (stopped ? policyStops : errors).push(span);
  }
  return { errors, policyStops };
}
