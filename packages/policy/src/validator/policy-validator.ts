import { createContext, isDecision, type Decision, type PolicyContext } from '@clearstone/core';
import { policyName } from '../policy/resolve-policy-info';
import type { PolicyFn } from '../policy/types';
import { repeatMaybeAsync, thenMaybe, type MaybePromise } from './maybe-async';
import { PolicyValidationError } from './policy-validation-error';
import { sameDecision } from './same-decision';

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `${typeof error}: ${String(error)}`;
}

/** A policy that never returns a promise: the validator answers synchronously for it. */
export type SyncPolicyFn = (ctx: PolicyContext) => Decision;

/**
 * Checks a policy before it is deployed: same decision for the same context, within a latency
 * budget, no exception on a context with empty metadata.
 *
 * For a synchronous policy every method answers synchronously (throws, or returns the list of
 * failures). For an async policy each method returns a promise instead, so `await` works in
 * both cases.
 *
 * @example
 * ```ts
 * const failures = await new PolicyValidator().runAllChecks(myPolicy);
 * if (failures.length > 0) throw new Error(failures.join('\n'));
 * ```
 */
export class PolicyValidator {
  private readonly defaultContext: PolicyContext;

  /** @param options.defaultContext - the context determinism and performance checks use. */
  constructor(options: { defaultContext?: PolicyContext } = {}) {
    this.defaultContext =
      options.defaultContext ??
      createContext({ userId: 'validation_user', agentId: 'validation_agent', sessionId: 'validation_session' });
  }

  /**
   * Runs the policy `numRuns` times (default 5) on the default context and requires every
   * decision to equal the first (a PAUSE's generated `interventionId` does not count).
   *
   * @throws PolicyValidationError "Policy '{name}' is non-deterministic. Run {k} produced a different result than run 1."
   */
  validateDeterminism(policy: SyncPolicyFn, options?: { numRuns?: number }): void;
  validateDeterminism(policy: PolicyFn, options?: { numRuns?: number }): MaybePromise<void>;
  validateDeterminism(policy: PolicyFn, options: { numRuns?: number } = {}): MaybePromise<void> {
    const name = policyName(policy);
    let first: Decision | undefined;
    return repeatMaybeAsync(
      options.numRuns ?? 5,
      () => policy(this.defaultContext),
      (decision, index) => {
        if (index === 0) first = decision;
        else if (!isDecision(decision) || !isDecision(first) || !sameDecision(first, decision)) {
          throw new PolicyValidationError({
            check: 'determinism',
            message: `Policy '${name}' is non-deterministic. Run ${index + 1} produced a different result than run 1.`,
          });
        }
      },
      (error) => {
        throw new PolicyValidationError({
          check: 'determinism',
          cause: error,
          message: `Policy '${name}' raised an exception during determinism testing: '${describeError(error)}'`,
        });
      },
    );
  }

  /**
   * Runs the policy `numRuns` times (default 1000) and requires the average latency to be at
   * most `maxLatencyMs` (default 1).
   *
   * @throws PolicyValidationError "Policy '{name}' is too slow. Average latency: {avg}ms, Budget: {budget}ms."
   */
  validatePerformance(policy: SyncPolicyFn, options?: { maxLatencyMs?: number; numRuns?: number }): void;
  validatePerformance(policy: PolicyFn, options?: { maxLatencyMs?: number; numRuns?: number }): MaybePromise<void>;
  validatePerformance(policy: PolicyFn, options: { maxLatencyMs?: number; numRuns?: number } = {}): MaybePromise<void> {
    const maxLatencyMs = options.maxLatencyMs ?? 1;
    const numRuns = options.numRuns ?? 1000;
    const name = policyName(policy);
    const started = performance.now();
    const runs = repeatMaybeAsync(
      numRuns,
      () => policy(this.defaultContext),
      () => undefined,
      (error) => {
        throw new PolicyValidationError({
          check: 'performance',
          cause: error,
          message: `Policy '${name}' raised an exception during performance testing: '${describeError(error)}'`,
        });
      },
    );
    return thenMaybe(runs, () => {
      const average = (performance.now() - started) / numRuns;
      if (average > maxLatencyMs) {
        throw new PolicyValidationError({
          check: 'performance',
          message: `Policy '${name}' is too slow. Average latency: ${average.toFixed(4)}ms, Budget: ${maxLatencyMs}ms.`,
        });
      }
    });
  }

  /**
   * Calls the policy on a context with empty metadata and requires a Decision back, not an
   * exception or rejection.
   *
   * @throws PolicyValidationError "Policy '{name}' is not exception-safe. It raised '{Type}: {message}' on a context with empty metadata."
   */
  validateExceptionSafety(policy: SyncPolicyFn): void;
  validateExceptionSafety(policy: PolicyFn): MaybePromise<void>;
  validateExceptionSafety(policy: PolicyFn): MaybePromise<void> {
    const name = policyName(policy);
    const context = createContext({ userId: 'user', agentId: 'agent' });
    return repeatMaybeAsync(
      1,
      () => policy(context),
      (result: unknown) => {
        if (!isDecision(result)) {
          throw new PolicyValidationError({
            check: 'exceptionSafety',
            message: `Policy '${name}' is not exception-safe. It returned ${result === null ? 'null' : typeof result} instead of a Decision on a context with empty metadata.`,
          });
        }
      },
      (error) => {
        throw new PolicyValidationError({
          check: 'exceptionSafety',
          cause: error,
          message: `Policy '${name}' is not exception-safe. It raised '${describeError(error)}' on a context with empty metadata.`,
        });
      },
    );
  }

  /** Runs determinism, performance and exception-safety checks; returns the failure messages (`[]` = pass). */
  runAllChecks(policy: SyncPolicyFn): string[];
  runAllChecks(policy: PolicyFn): MaybePromise<string[]>;
  runAllChecks(policy: PolicyFn): MaybePromise<string[]> {
    const checks = [
      () => this.validateDeterminism(policy),
      () => this.validatePerformance(policy),
      () => this.validateExceptionSafety(policy),
    ];
    const failures: string[] = [];
    const record = (error: unknown) => {
      if (!PolicyValidationError.isInstance(error)) throw error;
      failures.push(error.message);
    };
    return thenMaybe(
      repeatMaybeAsync(
        checks.length,
        (index) => {
          try {
            const outcome = checks[index]();
            return outcome instanceof Promise ? outcome.catch(record) : outcome;
          } catch (error) {
            record(error);
            return undefined;
          }
        },
        () => undefined,
        (error) => {
          throw error;
        },
      ),
      () => failures,
    );
  }
}
