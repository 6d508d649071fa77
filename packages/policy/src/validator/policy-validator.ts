import { createContext, isDecision, type Decision, type PolicyContext } from '@clearstone/core';
import { policyName } from '../policy/resolve-policy-info';
import type { PolicyFn } from '../policy/types';
import { PolicyValidationError } from './policy-validation-error';
import { sameDecision } from './same-decision';

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `${typeof error}: ${String(error)}`;
}

/**
 * Checks a policy before it is deployed: same decision for the same context, within a latency
 * budget, no exception on a context with empty metadata. Async policies are awaited.
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
      options.defaultContext ?? createContext({ userId: 'validation_user', agentId: 'validation_agent', sessionId: 'validation_session' });
  }

  /**
   * Runs the policy `numRuns` times (default 5) on the default context and requires every
   * decision to equal the first (a PAUSE's generated `interventionId` does not count).
   *
   * @throws PolicyValidationError "Policy '{name}' is non-deterministic. Run {k} produced a different result than run 1."
   */
  async validateDeterminism(policy: PolicyFn, options: { numRuns?: number } = {}): Promise<void> {
    const numRuns = options.numRuns ?? 5;
    const name = policyName(policy);
    let first: Decision | undefined;
    for (let run = 1; run <= numRuns; run++) {
      let decision: Decision;
      try {
        decision = await policy(this.defaultContext);
      } catch (error) {
        throw new PolicyValidationError({ check: 'determinism', cause: error, message: `Policy '${name}' raised an exception during determinism testing: '${describeError(error)}'` });
      }
      if (first === undefined) first = decision;
      else if (!isDecision(decision) || !isDecision(first) || !sameDecision(first, decision)) {
        throw new PolicyValidationError({ check: 'determinism', message: `Policy '${name}' is non-deterministic. Run ${run} produced a different result than run 1.` });
      }
    }
  }

  /**
   * Runs the policy `numRuns` times (default 1000) and requires the average latency to be at
   * most `maxLatencyMs` (default 1).
   *
   * @throws PolicyValidationError "Policy '{name}' is too slow. Average latency: {avg}ms, Budget: {budget}ms."
   */
  async validatePerformance(policy: PolicyFn, options: { maxLatencyMs?: number; numRuns?: number } = {}): Promise<void> {
    const maxLatencyMs = options.maxLatencyMs ?? 1;
    const numRuns = options.numRuns ?? 1000;
    const name = policyName(policy);
    const started = performance.now();
    try {
      for (let run = 0; run < numRuns; run++) {
        const result = policy(this.defaultContext);
        if (result !== null && typeof (result as Promise<Decision>)?.then === 'function') await result;
      }
    } catch (error) {
      throw new PolicyValidationError({ check: 'performance', cause: error, message: `Policy '${name}' raised an exception during performance testing: '${describeError(error)}'` });
    }
    const average = (performance.now() - started) / numRuns;
    if (average > maxLatencyMs) {
      throw new PolicyValidationError({ check: 'performance', message: `Policy '${name}' is too slow. Average latency: ${average.toFixed(4)}ms, Budget: ${maxLatencyMs}ms.` });
    }
  }

  /**
   * Calls the policy on a context with empty metadata and requires a Decision back, not an
   * exception or rejection.
   *
   * @throws PolicyValidationError "Policy '{name}' is not exception-safe. It raised '{Type}: {message}' on a context with empty metadata."
   */
  async validateExceptionSafety(policy: PolicyFn): Promise<void> {
    const name = policyName(policy);
    let result: unknown;
    try {
      result = await policy(createContext({ userId: 'user', agentId: 'agent' }));
    } catch (error) {
      throw new PolicyValidationError({ check: 'exceptionSafety', cause: error, message: `Policy '${name}' is not exception-safe. It raised '${describeError(error)}' on a context with empty metadata.` });
    }
    if (!isDecision(result)) {
      throw new PolicyValidationError({ check: 'exceptionSafety', message: `Policy '${name}' is not exception-safe. It returned ${result === null ? 'null' : typeof result} instead of a Decision on a context with empty metadata.` });
    }
  }

  /** Runs determinism, performance and exception-safety checks; returns the failure messages (`[]` = pass). */
  async runAllChecks(policy: PolicyFn): Promise<string[]> {
    const failures: string[] = [];
    for (const check of [() => this.validateDeterminism(policy), () => this.validatePerformance(policy), () => this.validateExceptionSafety(policy)]) {
      try {
        await check();
      } catch (error) {
        if (!PolicyValidationError.isInstance(error)) throw error;
        failures.push(error.message);
      }
    }
    return failures;
  }
}
