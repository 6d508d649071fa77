import { InvalidArgumentError, type Decision, type PolicyContext } from '@clearstone/core';
import type { PolicyFn, RegisteredPolicy } from '../policy/types';
import { formatTrace } from './format-trace';
import { LineTracer, type TracedFunction } from './line-tracer';
import type { TraceEntry, TraceResult } from './types';

function implementationOf(policy: PolicyFn): TracedFunction {
  let target: PolicyFn = policy;
  for (let depth = 0; depth < 10 && (target as Partial<RegisteredPolicy>).implementation !== undefined; depth++) {
    target = (target as RegisteredPolicy).implementation;
  }
  return target;
}

/**
 * Line-by-line traces of a policy evaluation, with the values of its local variables, through
 * the V8 inspector of the current thread (`node:inspector`). It traces the code as it runs, so
 * closures, imports and compiled TypeScript work; lines are mapped back to the TypeScript
 * source when the running code has a source map (ts-jest, tsx, tsup builds with `sourcemap`).
 * Module-scope constants the policy mentions are reported whether its module is CommonJS or an
 * ES module. Not for hot paths: every line pauses the thread.
 *
 * @example
 * ```ts
 * const debuggerTool = new PolicyDebugger();
 * const { decision, trace } = debuggerTool.traceEvaluation(largePayments, ctx);
 * console.log(debuggerTool.formatTrace(largePayments, decision, trace));
 * ```
 */
export class PolicyDebugger {
  /**
   * Runs the policy once on `ctx`, recording every line of it that executes (lines of functions
   * it calls are not recorded). Exceptions from the policy propagate. Synchronous policies only;
   * use {@link traceEvaluationAsync} for async ones.
   *
   * @throws InvalidArgumentError when the policy returns a Promise.
   */
  traceEvaluation(policy: PolicyFn, ctx: PolicyContext): TraceResult {
    const { result, trace } = this.run(policy, ctx, false) as { result: unknown; trace: TraceEntry[] };
    if (result !== null && typeof (result as Promise<unknown>)?.then === 'function') {
      (result as Promise<unknown>).then(undefined, () => undefined);
      throw new InvalidArgumentError({
        message: 'traceEvaluation traces synchronous policies; use traceEvaluationAsync for async ones.',
        argument: 'policy',
      });
    }
    return { decision: result as Decision, trace };
  }

  /** Like {@link traceEvaluation}, awaiting an async policy and tracing its lines across `await`s. */
  async traceEvaluationAsync(policy: PolicyFn, ctx: PolicyContext): Promise<TraceResult> {
    const running = this.run(policy, ctx, true) as Promise<{ result: Decision; trace: TraceEntry[] }>;
    const { result, trace } = await running;
    return { decision: result, trace };
  }

  /** Renders a trace as a readable report (see {@link formatTrace}). */
  formatTrace(policy: PolicyFn, decision: Decision, trace: readonly TraceEntry[]): string {
    return formatTrace(policy, decision, trace);
  }

  private run(
    policy: PolicyFn,
    ctx: PolicyContext,
    awaitResult: boolean,
  ): { result: unknown; trace: TraceEntry[] } | Promise<{ result: Decision; trace: TraceEntry[] }> {
    if (typeof policy !== 'function')
      throw new InvalidArgumentError({ message: 'PolicyDebugger needs a policy function.', argument: 'policy' });
    const tracer = new LineTracer();
    let stopLater = false;
    try {
      tracer.start(implementationOf(policy));
      const result = policy(ctx);
      if (awaitResult && result !== null && typeof (result as Promise<Decision>)?.then === 'function') {
        stopLater = true;
        return Promise.resolve(result)
          .then((decision) => ({ result: decision, trace: tracer.trace }))
          .finally(() => tracer.stop());
      }
      return { result, trace: tracer.trace };
    } finally {
      if (!stopLater) tracer.stop();
    }
  }
}
