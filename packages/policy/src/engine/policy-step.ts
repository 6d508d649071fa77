import { ALLOW, SKIP, type Decision, type PolicyContext } from '@clearstone/core';
import type { PolicyCounters } from '../metrics/policy-metrics';
import type { PolicyFn, PolicyInfo } from '../policy/types';
import { asyncPolicyBlock, ASYNC_POLICY_PROBLEM } from './async-policy';
import { adoptDecision, describeInvalidResult, errorMessage, failedDecision, raisedDecision } from './decisions';

/** One policy of an engine, in evaluation order. */
export interface EngineEntry {
  /** The policy's name. */
  readonly name: string;
  /** The policy's info. */
  readonly info: PolicyInfo;
  /** The policy. */
  readonly fn: PolicyFn;
  /** True when the policy is known to be async (`info.async`). */
  readonly async: boolean;
  /** The policy's counters in the engine's metrics. */
  readonly counters: PolicyCounters;
}

/** What one policy decided: a fail-closed BLOCK with `error` when it failed. */
export interface Outcome {
  /** The policy's decision. */
  readonly decision: Decision;
  /** Why the policy failed. */
  readonly error?: string;
}

/** A policy that returned a Promise: its outcome is known once `pending` settles. */
export interface PendingOutcome {
  /** What the policy returned. */
  readonly pending: PromiseLike<unknown>;
}

const ignoreRejection = (): void => undefined;

/** The outcomes of the singleton decisions, shared: the allow path allocates nothing per policy. */
export const ALLOWED: Outcome = Object.freeze({ decision: ALLOW });
const SKIPPED: Outcome = Object.freeze({ decision: SKIP });

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}

/** True when the step is still waiting for a Promise. */
export function isPending(step: Outcome | PendingOutcome): step is PendingOutcome {
  return (step as Partial<PendingOutcome>).pending !== undefined;
}

/**
 * Runs one policy: its Decision, a fail-closed BLOCK when it throws or returns something that is
 * not a Decision, or the Promise it returned (to be settled with {@link settlePolicy}).
 */
export function invokePolicy(entry: EngineEntry, context: PolicyContext): Outcome | PendingOutcome {
  try {
    const result = entry.fn(context);
    if (result === ALLOW) return ALLOWED;
    if (result === SKIP) return SKIPPED;
    const adopted = adoptDecision(result);
    if (adopted !== undefined) return { decision: adopted };
    if (isThenable(result)) return { pending: result };
    return invalidOutcome(entry.name, result);
  } catch (thrown) {
    return raisedOutcome(entry.name, thrown);
  }
}

/**
 * The outcome `evaluateSync` gives an async policy: the marked fail-closed BLOCK. A Promise the
 * policy already returned is let go without leaving an unhandled rejection.
 */
export function asyncPolicyOutcome(name: string, pending?: PromiseLike<unknown>): Outcome {
  if (pending !== undefined) {
    try {
      pending.then(undefined, ignoreRejection);
    } catch {
      // A hostile thenable: nothing more to let go of.
    }
  }
  return { decision: asyncPolicyBlock(name), error: ASYNC_POLICY_PROBLEM };
}

/**
 * Waits for an async policy, at most `timeoutMs`: its Decision, or a fail-closed BLOCK when it
 * rejects, times out or resolves to something that is not a Decision.
 */
export function settlePolicy(name: string, pending: PromiseLike<unknown>, timeoutMs: number): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    const timer = setTimeout(() => {
      const problem = `timed out after ${timeoutMs}ms`;
      resolve({ decision: failedDecision(name, problem), error: problem });
    }, timeoutMs);
    const settled = (outcome: Outcome): void => {
      clearTimeout(timer);
      resolve(outcome);
    };
    try {
      Promise.resolve(pending).then(
        (value) => settled(settledOutcome(name, value)),
        (thrown: unknown) => settled(raisedOutcome(name, thrown)),
      );
    } catch (thrown) {
      settled(raisedOutcome(name, thrown));
    }
  });
}

/** The outcome of a value an async policy resolved to; reading a hostile value fails closed. */
function settledOutcome(name: string, value: unknown): Outcome {
  try {
    const adopted = adoptDecision(value);
    return adopted === undefined ? invalidOutcome(name, value) : { decision: adopted };
  } catch (thrown) {
    return raisedOutcome(name, thrown);
  }
}

function raisedOutcome(name: string, thrown: unknown): Outcome {
  const message = errorMessage(thrown);
  return { decision: raisedDecision(name, message), error: message };
}

function invalidOutcome(name: string, value: unknown): Outcome {
  const problem = describeInvalidResult(value);
  return { decision: failedDecision(name, problem), error: problem };
}
