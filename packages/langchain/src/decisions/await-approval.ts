import { BLOCK, type Decision, type PolicyContext } from '@clearstone/core';
import type { ApprovalChannel } from './types';

/** Outcome of waiting for a human on a PAUSE. */
export interface ApprovalOutcome {
  approved: boolean;
  /** Set when not approved: the BLOCK that replaces the PAUSE. */
  block?: Decision;
}

/**
 * Whether a wait that ended without approval timed out: the intervention is still pending when the
 * channel can tell (`InterventionClient.get`), else the wait lasted its whole timeout (timers may
 * fire a few milliseconds early).
 */
function wasTimedOut(
  channel: ApprovalChannel,
  interventionId: string,
  options: { timeoutMs?: number; signal?: AbortSignal },
  waitedMs: number,
): boolean {
  if (options.timeoutMs === undefined || options.signal?.aborted === true) return false;
  const get = (channel as { get?: (id: string) => { status?: unknown } | undefined }).get;
  if (typeof get === 'function') {
    try {
      const status = get.call(channel, interventionId)?.status;
      if (typeof status === 'string') return status === 'pending';
    } catch {
      // Fall back to the time waited.
    }
  }
  return waitedMs >= options.timeoutMs - 5;
}

/**
 * Asks `channel` for approval of a PAUSE and waits for it. Rejection, timeout, abort and channel
 * errors all count as "not approved" (fail closed), with a BLOCK saying which.
 */
export async function awaitApproval(
  channel: ApprovalChannel,
  decision: Decision,
  options: { timeoutMs?: number; signal?: AbortSignal; context?: PolicyContext },
): Promise<ApprovalOutcome> {
  let interventionId = String(decision.metadata.interventionId);
  const base = { ...decision.metadata, interventionId, pausedReason: decision.reason };
  try {
    const record = await channel.requestIntervention(
      decision,
      options.context ? { context: options.context } : undefined,
    );
    const recordId = (record as { id?: unknown } | undefined)?.id;
    if (typeof recordId === 'string' && recordId !== '') interventionId = recordId;
    base.interventionId = interventionId;
    const waitOptions: { timeoutMs?: number; signal?: AbortSignal } = {};
    if (options.timeoutMs !== undefined) waitOptions.timeoutMs = options.timeoutMs;
    if (options.signal !== undefined) waitOptions.signal = options.signal;
    const startedMs = Date.now();
    const approved = await channel.waitForApproval(interventionId, waitOptions);
    if (approved === true) return { approved: true };
    const timedOut = wasTimedOut(channel, interventionId, options, Date.now() - startedMs);
    return {
      approved: false,
      block: BLOCK(
        `Intervention ${interventionId} was not approved (${timedOut ? 'timed out' : 'rejected'}): ${decision.reason}`,
        { ...base, intervention: timedOut ? 'timed_out' : 'rejected' },
      ),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      approved: false,
      block: BLOCK(`Intervention ${interventionId} was not approved (${message}): ${decision.reason}`, {
        ...base,
        intervention: 'failed',
        error: message,
      }),
    };
  }
}
