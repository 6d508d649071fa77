import type { BacktestOptions, BacktestTarget } from '../backtest';
import type { ToolBlockedOptions, TrajectoryMode } from '../assertions';
import type { TracePolicy } from '../trace-policy';

/**
 * The Clearstone matchers, for typing `expect(trace)`. Jest's global `expect` (`@types/jest`) is
 * augmented (the `declare global` below) as soon as this entry's declarations are part of the
 * program — with `setupFilesAfterEnv: ['@clearstone/testing/jest']`, no test file imports it, so
 * name it once for TypeScript: `"types": ["jest", "@clearstone/testing/jest"]` in tsconfig.json,
 * or `/// <reference types="@clearstone/testing/jest" />` in one `.d.ts` of the project. Both
 * resolve with every `moduleResolution` (`node16`/`nodenext` and `bundler` through `exports`,
 * `node10` through `typesVersions`). For `@jest/globals` or Vitest, add:
 *
 * @example
 * ```ts
 * import type { ClearstoneMatchers } from '@clearstone/testing/jest';
 * declare module 'expect' { interface Matchers<R extends void | Promise<void>, T = unknown> extends ClearstoneMatchers<R> {} }
 * declare module 'vitest' { interface Assertion<T = any> extends ClearstoneMatchers<T> {} }
 * ```
 */
export interface ClearstoneMatchers<R = unknown> {
  /**
   * The trace called `toolName` — at least once, or exactly `options.times` times. A governed call
   * that did not run (blocked, rejected, timed out, paused) is not a call unless `includeBlocked`.
   */
  toHaveCalledTool(toolName: string, options?: { times?: number; includeBlocked?: boolean }): R;
  /** The trace never called `toolName` (with `includeBlocked`: never even attempted it). */
  toNotHaveCalledTool(toolName: string, options?: { includeBlocked?: boolean }): R;
  /**
   * Governance stopped calls of `toolName` — at least once, or exactly `options.times` times —
   * optionally only those `options.policy` decided or with `options.outcome`. Every governed call
   * that did not run counts (blocked, rejected, timed out, paused); see `blockedCalls`.
   */
  toHaveBlockedTool(toolName: string, options?: Pick<ToolBlockedOptions, 'policy' | 'times' | 'outcome'>): R;
  /**
   * No span of the trace has status ERROR, policy stops aside: a governed call that did not run,
   * and spans that failed only because its policy error propagated, are not errors.
   */
  toHaveNoErrors(): R;
  /** Spans with these names occur in this order (not necessarily adjacent). */
  toHaveSpanOrder(spanNames: readonly string[]): R;
  /** The trace's recorded cost is strictly less than `maxCostUsd`. */
  toCostLessThan(maxCostUsd: number): R;
  /**
   * The trace passes a policy: a trace-level policy (such as an assertion) returns neither BLOCK
   * nor PAUSE; or, for a `PolicyEngine`, a policy made with `definePolicy`/`Policy`, or a list of
   * them, no recorded tool or model call would have been blocked or paused.
   */
  toPassPolicy(policy: TracePolicy | BacktestTarget, options?: Omit<BacktestOptions, 'evaluation'>): R;
  /** The tools called match `expected` (`mode` default `'strict'`; calls that did not run only with `includeBlocked`). */
  toMatchTrajectory(expected: readonly string[], options?: { mode?: TrajectoryMode; includeBlocked?: boolean }): R;
}

// Applies wherever this file is in the program: imported, or named by a `types` entry or a
// `/// <reference types>` directive (see above). The type parameters must match @types/jest's.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> extends ClearstoneMatchers<R> {}
  }
}
