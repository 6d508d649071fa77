import { recordComponentInitialized } from '@clearstone/core';
import inspector from 'node:inspector';
import type { SpanRecord } from '@clearstone/core';
import { restoreState } from '../checkpoint/checkpoint-document';
import type { Checkpoint } from '../checkpoint/checkpoint-types';
import { DeterministicExecutionContext } from '../deterministic/deterministic-execution-context';
import type { MockTarget, ReplayCall } from '../deterministic/replay-mock';
import { ReplayError } from '../errors/replay-error';
import { debuggingBanner } from './debugging-banner';
import { rehydrateAgent } from './rehydrate-agent';
import type { ForkOptions, ReplayEngineOptions, ReplayOptions, UntypedAgent } from './replay-types';
import { replayWindow } from './replay-window';

/** The outcome of {@link ReplayEngine.fork}. */
export interface ForkResult<Agent = UntypedAgent> {
  /** What `method` returned, awaited. */
  result: unknown;
  /** The agent the fork ran on (rehydrated from the modified state). */
  agent: Agent;
  /** The modified state the fork started from. */
  state: unknown;
  /** Calls of the mocked methods during the fork. */
  calls: ReplayCall[];
}

/** Options of {@link ReplayEngine.startDebuggingSession}. */
export interface DebuggingSessionOptions<Agent = UntypedAgent> extends ReplayOptions<Agent> {
  /** Where the banner goes (default `console.log`). */
  log?: (line: string) => void;
}

function checkOptions<Agent>(options: ReplayEngineOptions<Agent>): void {
  if (options.traceStore !== undefined && typeof options.traceStore?.getTrace !== 'function') {
    throw new ReplayError({
      code: 'REPLAY_INVALID_OPTIONS',
      message: 'ReplayEngine option traceStore must have a getTrace(traceId) method.',
    });
  }
  if (options.prepare !== undefined && typeof options.prepare !== 'function') {
    throw new ReplayError({
      code: 'REPLAY_INVALID_OPTIONS',
      message: 'ReplayEngine option prepare must be a function.',
    });
  }
}

/**
 * Rehydrates the agent of a checkpoint and re-runs its methods deterministically: the clock, random
 * numbers and UUIDs are fixed, and mocked model/tool methods return the outputs recorded in the
 * trace. `fork()` runs from a modified state to see how the run would have gone.
 *
 * `Agent` is the type of the rehydrated agent: given explicitly (`new ReplayEngine<TravelAgent>(…)`)
 * or inferred from a typed `prepare`; without either the agent is untyped.
 *
 * @example
 * ```ts
 * const engine = new ReplayEngine(manager.loadCheckpoint(id), { classes: { TravelAgent }, traceStore: provider.traceStore });
 * const answer = await engine.replay('resume', [], {
 *   mocks: [{ target: (agent) => agent.llm, method: 'invoke', spans: 'llm.invoke' }],
 * });
 * ```
 */
export class ReplayEngine<Agent extends object = UntypedAgent> {
  /** The checkpoint replays start from. */
  readonly checkpoint: Checkpoint;
  /** Where the full trace is read from, when given. */
  readonly traceStore: ReplayEngineOptions['traceStore'];
  /** The rehydrated agent that `replay()` and debugging sessions run on. */
  agent: Agent;
  /** Mocked calls of the latest `replay()`. */
  lastCalls: readonly ReplayCall[] = [];
  readonly #options: ReplayEngineOptions<Agent>;
  #spans: readonly SpanRecord[] | undefined;

  constructor(checkpoint: Checkpoint, options: ReplayEngineOptions<Agent> = {}) {
    recordComponentInitialized('ReplayEngine');
    if (
      checkpoint === null ||
      typeof checkpoint !== 'object' ||
      typeof checkpoint.serializedState !== 'string' ||
      checkpoint.metadata === undefined
    ) {
      throw new ReplayError({
        code: 'REPLAY_INVALID_OPTIONS',
        message: 'ReplayEngine expects a checkpoint from CheckpointManager.',
      });
    }
    checkOptions(options);
    this.checkpoint = checkpoint;
    this.traceStore = options.traceStore;
    this.#options = options;
    this.agent = this.#rehydrate(restoreState(checkpoint.serializedState, checkpoint.path));
  }

  /** Replaces `agent` with a fresh rehydration of the checkpoint and returns it. */
  reset(): Agent {
    this.agent = this.#rehydrate(restoreState(this.checkpoint.serializedState, this.checkpoint.path));
    return this.agent;
  }

  /** The recorded spans replays draw from: the full trace from `traceStore` when given, else the checkpoint's. */
  spans(): readonly SpanRecord[] {
    if (this.#spans === undefined) {
      const trace = this.traceStore?.getTrace(this.checkpoint.metadata.traceId);
      this.#spans = trace?.spans ?? this.checkpoint.spans;
    }
    return this.#spans;
  }

  /** Runs `agent[method](...args)` deterministically and returns its (awaited) result. */
  async replay(method: string, args: readonly unknown[] = [], options: ReplayOptions<Agent> = {}): Promise<unknown> {
    const context = this.#context(this.agent, options);
    const call = this.#method(this.agent, method);
    try {
      return await context.run(() => call(...args));
    } finally {
      this.lastCalls = [...context.calls];
    }
  }

  /** Runs `method` on a new agent rehydrated from the checkpoint's state with `state` applied. */
  async fork<State = unknown>(options: ForkOptions<Agent, State>): Promise<ForkResult<Agent>> {
    if (options === null || typeof options !== 'object' || typeof options.method !== 'string') {
      throw new ReplayError({
        code: 'REPLAY_INVALID_OPTIONS',
        message: 'fork() needs { method, args?, state?, mocks? }.',
      });
    }
    const state = this.#forkedState(options.state);
    const agent = this.#rehydrate(state);
    const context = this.#context(agent, options);
    const call = this.#method(agent, options.method);
    const result = await context.run(() => call(...(options.args ?? [])));
    return { result, agent, state, calls: [...context.calls] };
  }

  /**
   * Prints the checkpoint banner and stops in the debugger just before `agent[method](...args)` runs,
   * with `agent` and `checkpoint` in scope; step into the call to follow the agent. When no debugger
   * is attached it says how to attach one (`node --inspect-brk`) and runs without stopping.
   */
  async startDebuggingSession(
    method: string,
    args: readonly unknown[] = [],
    options: DebuggingSessionOptions<Agent> = {},
  ): Promise<unknown> {
    const log = options.log ?? ((line: string) => console.log(line));
    const context = this.#context(this.agent, options);
    const agent = this.agent;
    const checkpoint = this.checkpoint;
    const call = this.#method(agent, method);
    for (const line of debuggingBanner(checkpoint, method, context.recordingCounts(), inspector.url() !== undefined))
      log(line);
    context.enter();
    try {
      // Paused here: inspect `agent` and `checkpoint`, then step into the call below.
      // eslint-disable-next-line no-debugger -- the debugging session stops here on purpose when an inspector is attached
      debugger;
      return await call(...args);
    } finally {
      context.exit();
      this.lastCalls = [...context.calls];
    }
  }

  #rehydrate(state: unknown): Agent {
    // The class is chosen at run time by the name in the checkpoint; `Agent` is the caller's word for it.
    const agent = rehydrateAgent(this.checkpoint.metadata, state, this.#options.classes) as Agent;
    this.#options.prepare?.(agent);
    return agent;
  }

  #method(agent: Agent, method: string): (...args: unknown[]) => unknown {
    const fn: unknown =
      typeof method === 'string' ? (agent as Record<string, unknown> | undefined)?.[method] : undefined;
    if (typeof fn !== 'function') {
      throw new ReplayError({
        code: 'REPLAY_METHOD_NOT_FOUND',
        message: `The rehydrated ${this.checkpoint.metadata.agentClass} has no method '${String(method)}'.`,
      });
    }
    return (...args) => fn.apply(agent, args);
  }

  #forkedState<State>(patch: ForkOptions<Agent, State>['state']): unknown {
    const base = restoreState(this.checkpoint.serializedState, this.checkpoint.path);
    if (patch === undefined) return base;
    if (typeof patch === 'function') {
      // The restored state is whatever the checkpoint holds; `State` is the caller's word for it.
      const next = patch(base as State);
      return next === undefined ? base : next;
    }
    if (
      patch === null ||
      typeof patch !== 'object' ||
      base === null ||
      typeof base !== 'object' ||
      Array.isArray(base)
    ) {
      throw new ReplayError({
        code: 'REPLAY_INVALID_OPTIONS',
        message: 'fork({ state }) takes an object patch for object states, or a function (state) => newState.',
      });
    }
    const next = { ...(base as Record<string, unknown>) };
    for (const key of Object.keys(patch))
      Object.defineProperty(next, key, { value: patch[key], writable: true, enumerable: true, configurable: true });
    return next;
  }

  #context(agent: Agent, options: ReplayOptions<Agent>): DeterministicExecutionContext {
    const from = options.from ?? 'checkpoint';
    if (from !== 'checkpoint' && from !== 'parent' && from !== 'trace') {
      throw new ReplayError({
        code: 'REPLAY_INVALID_OPTIONS',
        message: `Replay option from must be 'checkpoint', 'parent' or 'trace'.`,
      });
    }
    const spans = this.spans();
    const span =
      spans.find((item) => item.spanId === this.checkpoint.metadata.spanId) ??
      this.checkpoint.spans.find((item) => item.spanId === this.checkpoint.metadata.spanId);
    const mocks: MockTarget[] = (options.mocks ?? []).map((mock) => {
      const target =
        typeof mock.target === 'function' && !(mock.method in mock.target)
          ? (mock.target as (agent: Agent) => object)(agent)
          : mock.target;
      return { ...mock, target: target };
    });
    return new DeterministicExecutionContext({
      seed: options.seed ?? this.checkpoint.metadata.checkpointId,
      startTimeMs: options.startTimeMs ?? (span === undefined ? 0 : Number(span.startTimeNs / 1_000_000n)),
      tickMs: options.tickMs ?? 0,
      spans: replayWindow(spans, this.checkpoint.metadata.spanId, from),
      mocks,
    });
  }
}
