import nodeCrypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import type { SpanRecord } from '@clearstone/core';
import { ReplayError } from '../errors/replay-error';
import { createMockFunction } from './mock-function';
import { patchProperty } from './patch-property';
import { mockLabel, recordingsFor, type MockTarget, type ReplayCall } from './replay-mock';
import { SeededRandom, seedToInteger } from './seeded-random';
import { createFakeDate, VirtualClock } from './virtual-clock';

/** Options of {@link DeterministicExecutionContext}. */
export interface DeterministicContextOptions {
  /** Seed of `Math.random` and `crypto.randomUUID` (number or text). Default 0. */
  seed?: number | string;
  /** What `Date.now()` / `new Date()` return, in epoch milliseconds. Default 0. */
  startTimeMs?: number;
  /** How far the clock advances on every read (default 0: time stands still). */
  tickMs?: number;
  /** Methods that return recorded outputs instead of running. */
  mocks?: readonly MockTarget[];
  /** Recorded spans that `mocks` with a `spans` matcher draw their outputs from. */
  spans?: readonly SpanRecord[];
}

const activeContexts: DeterministicExecutionContext[] = [];
// The real Date, taken once: nested contexts build their fakes on it rather than on an outer fake.
const OriginalDate = globalThis.Date;

function checkOptions(options: DeterministicContextOptions): void {
  const finite = (value: unknown) => value === undefined || (typeof value === 'number' && Number.isFinite(value));
  if (!finite(options.startTimeMs) || !finite(options.tickMs) || (options.tickMs ?? 0) < 0) {
    throw new ReplayError({
      code: 'REPLAY_INVALID_OPTIONS',
      message: 'startTimeMs must be a finite number and tickMs a finite number ≥ 0.',
    });
  }
  if (options.seed !== undefined && typeof options.seed !== 'string' && !finite(options.seed)) {
    throw new ReplayError({ code: 'REPLAY_INVALID_OPTIONS', message: 'seed must be a finite number or a string.' });
  }
  for (const mock of options.mocks ?? []) {
    if (
      mock === null ||
      typeof mock !== 'object' ||
      mock.target === null ||
      (typeof mock.target !== 'object' && typeof mock.target !== 'function')
    ) {
      throw new ReplayError({
        code: 'REPLAY_TARGET_INVALID',
        message: `Mock '${mock ? mockLabel(mock) : String(mock)}' needs a target object.`,
      });
    }
    if (typeof (mock.target as Record<string, unknown>)[mock.method] !== 'function') {
      throw new ReplayError({
        code: 'REPLAY_TARGET_INVALID',
        message: `Mock target has no method '${String(mock.method)}' to replace.`,
      });
    }
  }
}

/**
 * Makes a run reproducible. While active, `Date.now()`, `new Date()` (no arguments), `Date()`,
 * `performance.now()`, `Math.random()` and `crypto.randomUUID()` (global and `node:crypto`) follow a
 * fixed clock and a seeded sequence, and each mocked method returns the outputs recorded in the
 * trace in order (promises for async methods). Everything is restored on exit, also when the run
 * throws; contexts nest, an inner exit bringing back the outer context's fakes.
 *
 * The replacements are process-wide: code running concurrently outside the replay sees them too.
 *
 * @example
 * ```ts
 * const context = new DeterministicExecutionContext({
 *   seed: 42, startTimeMs: Date.UTC(2025, 0, 1),
 *   spans: trace.spans,
 *   mocks: [{ target: agent.llm, method: 'invoke', spans: 'llm.invoke' }],
 * });
 * const answer = await context.run(() => agent.run('plan my trip'));
 * ```
 */
export class DeterministicExecutionContext {
  /** Every mocked call made while the context was active, in call order. */
  readonly calls: ReplayCall[] = [];
  readonly #options: DeterministicContextOptions;
  #restorers: Array<() => void> = [];

  constructor(options: DeterministicContextOptions = {}) {
    checkOptions(options);
    this.#options = { ...options, mocks: [...(options.mocks ?? [])] };
  }

  /** True between `enter()` and `exit()`. */
  get active(): boolean {
    return activeContexts.includes(this);
  }

  /** How many recorded outputs each mock has, by label (for pre-flight reports). */
  recordingCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const mock of this.#options.mocks ?? [])
      counts[mockLabel(mock)] = recordingsFor(mock, this.#options.spans ?? []).length;
    return counts;
  }

  /** Installs the fakes. Each `enter()` starts the clock, the sequences and the recordings afresh. */
  enter(): this {
    if (this.active)
      throw new ReplayError({
        code: 'DETERMINISTIC_CONTEXT_ACTIVE',
        message: 'This DeterministicExecutionContext is already active; exit it before entering again.',
      });
    const clock = new VirtualClock(this.#options.startTimeMs ?? 0, this.#options.tickMs ?? 0);
    const seed = seedToInteger(this.#options.seed ?? 0);
    const random = new SeededRandom(seed);
    const uuids = new SeededRandom(seed ^ 0x5bd1e995);
    const restorers: Array<() => void> = [];
    try {
      restorers.push(patchProperty(OriginalDate, 'now', () => clock.now()));
      restorers.push(patchProperty(globalThis, 'Date', createFakeDate(OriginalDate, clock)));
      restorers.push(patchProperty(globalThis.performance, 'now', () => clock.elapsed()));
      restorers.push(patchProperty(Math, 'random', () => random.nextFloat()));
      const randomUUID = () => uuids.nextUuid();
      if (globalThis.crypto !== undefined) restorers.push(patchProperty(globalThis.crypto, 'randomUUID', randomUUID));
      restorers.push(patchProperty(nodeCrypto, 'randomUUID', randomUUID));
      syncBuiltinESMExports();
      for (const mock of this.#options.mocks ?? []) {
        const original = (mock.target as Record<string, (...args: unknown[]) => unknown>)[mock.method];
        const recordings = recordingsFor(mock, this.#options.spans ?? []);
        restorers.push(
          patchProperty(mock.target, mock.method, createMockFunction(mock, original, recordings, this.calls)),
        );
      }
    } catch (error) {
      for (const restore of restorers.reverse()) restore();
      syncBuiltinESMExports();
      throw error;
    }
    this.calls.length = 0;
    this.#restorers = restorers;
    activeContexts.push(this);
    return this;
  }

  /** Removes the fakes, bringing back whatever was installed before `enter()`. */
  exit(): void {
    const index = activeContexts.lastIndexOf(this);
    if (index === -1)
      throw new ReplayError({
        code: 'DETERMINISTIC_CONTEXT_NOT_ACTIVE',
        message: 'This DeterministicExecutionContext is not active.',
      });
    if (index !== activeContexts.length - 1) {
      throw new ReplayError({
        code: 'DETERMINISTIC_CONTEXT_ORDER',
        message: 'A nested DeterministicExecutionContext is still active; exit the innermost context first.',
      });
    }
    activeContexts.pop();
    const restorers = this.#restorers;
    this.#restorers = [];
    for (const restore of restorers.reverse()) restore();
    syncBuiltinESMExports();
  }

  /** Runs `fn` inside the context; exits when it returns, throws, or its promise settles. */
  run<T>(fn: () => T): T {
    this.enter();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.exit();
      throw error;
    }
    if (result instanceof Promise) {
      return result.finally(() => this.exit()) as T;
    }
    this.exit();
    return result;
  }
}
