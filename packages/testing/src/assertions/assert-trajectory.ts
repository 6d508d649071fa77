import { ALLOW, BLOCK, InvalidArgumentError } from '@clearstone/core';
import { callName, namePolicy } from '../trace-policy';
import type { TracePolicy } from '../trace-policy';
import { toolSpans, toolTrajectory } from './tool-calls';
import type { CallSelection } from './tool-calls';
import { requireFlag, requireNames, requireOptions } from './validate';
import type { AssertionOptions } from './validate';

/**
 * How {@link assertTrajectory} compares the tools called with the expected ones:
 * - `strict`: the same calls in the same order;
 * - `unordered`: the same calls (with the same counts), in any order;
 * - `subset`: only expected calls, each no more often than expected (some may be missing);
 * - `superset`: every expected call (with its count), plus possibly others.
 */
export type TrajectoryMode = 'strict' | 'unordered' | 'subset' | 'superset';

/** Options of {@link assertTrajectory}. */
export interface TrajectoryOptions extends AssertionOptions, CallSelection {
  /** Default `'strict'`. */
  mode?: TrajectoryMode;
}

const MODES: readonly TrajectoryMode[] = ['strict', 'unordered', 'subset', 'superset'];

function counts(names: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const name of names) map.set(name, (map.get(name) ?? 0) + 1);
  return map;
}

/** Calls in `a` beyond those in `b`, as a list with repeats. */
function excess(a: Map<string, number>, b: Map<string, number>): string[] {
  const extra: string[] = [];
  for (const [name, count] of a) for (let index = count - (b.get(name) ?? 0); index > 0; index--) extra.push(name);
  return extra;
}

const listOf = (names: readonly string[]): string => `[${names.join(', ')}]`;

/**
 * Compares the sequence of tools the trace called (tool spans in start order) with `expected`.
 * Governed calls that did not run (blocked, rejected, timed out, paused) are not part of the
 * trajectory unless `includeBlocked` is set.
 *
 * @example
 * ```ts
 * assertTrajectory(['web_search', 'summarize'])(trace);                      // exactly these, in order
 * assertTrajectory(['web_search'], { mode: 'superset' })(trace);              // at least a search
 * assertTrajectory(['web_search', 'calculator'], { mode: 'subset' })(trace);  // nothing else
 * ```
 */
export function assertTrajectory(expected: readonly string[], options: TrajectoryOptions = {}): TracePolicy {
  requireNames('assertTrajectory', 'expected', expected);
  requireOptions('assertTrajectory', options);
  const mode = options.mode ?? 'strict';
  if (!MODES.includes(mode)) {
    throw new InvalidArgumentError({
      message: `assertTrajectory: mode must be one of ${MODES.join(', ')} (got ${String(mode)}).`,
      argument: 'mode',
    });
  }
  requireFlag('assertTrajectory', 'includeBlocked', options.includeBlocked);
  const selection: CallSelection = options.includeBlocked === true ? { includeBlocked: true } : {};
  const wanted = [...expected];
  const wantedCounts = counts(wanted);
  return namePolicy(callName('assertTrajectory', wanted, { mode, ...selection }), (trace) => {
    const actual = toolTrajectory(trace, selection);
    const actualCounts = counts(actual);
    const missing = mode === 'subset' ? [] : excess(wantedCounts, actualCounts);
    const unexpected = mode === 'superset' ? [] : excess(actualCounts, wantedCounts);
    const outOfOrder =
      mode === 'strict' &&
      missing.length === 0 &&
      unexpected.length === 0 &&
      actual.some((name, index) => name !== wanted[index]);
    if (missing.length === 0 && unexpected.length === 0 && !outOfOrder) return ALLOW;
    const details = [
      missing.length > 0 ? `missing ${listOf(missing)}` : '',
      unexpected.length > 0 ? `unexpected ${listOf(unexpected)}` : '',
      outOfOrder ? 'same calls in a different order' : '',
    ].filter(Boolean);
    return BLOCK(
      options.reason ??
        `Tool trajectory does not match (${mode}): expected ${listOf(wanted)}, got ${listOf(actual)}; ${details.join('; ')}.`,
      {
        mode,
        expected: wanted,
        actual,
        missing,
        unexpected,
        spanIds: toolSpans(trace, selection).map((span) => span.spanId),
      },
    );
  });
}
