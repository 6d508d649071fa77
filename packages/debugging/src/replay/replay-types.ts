import type { Trace } from '@clearstone/core';
import type { MockTarget } from '../deterministic/replay-mock';
import type { AgentClass } from './agent-class-registry';

/**
 * The agent type of a replay when none is given. A checkpointed agent's class is only known at run
 * time (it is looked up by the name the checkpoint records), so without a type argument the agent
 * stays dynamically typed, as in `(agent) => agent.llm`. Give the type to have it checked:
 * `new ReplayEngine<TravelAgent>(checkpoint)`, or a `prepare(agent: TravelAgent)` it is inferred from.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the class of a rehydrated agent is only known at run time; see above
export type UntypedAgent = any;

/** Anything that can return a stored trace by id, such as the observability `TraceStore`. */
export interface TraceSource {
  /** The trace with this id, or undefined when it is not stored. */
  getTrace(traceId: string): Trace | undefined;
}

/** Options of `ReplayEngine`. */
export interface ReplayEngineOptions<Agent = UntypedAgent> {
  /** Full-trace source: replays then see every recorded span, not only those kept in the checkpoint. */
  traceStore?: TraceSource;
  /** Agent classes by name, consulted before the global registry (`registerAgentClass`). */
  classes?: Readonly<Record<string, AgentClass>>;
  /**
   * Called on every rehydrated agent before it runs, to attach what state does not hold (model
   * clients, tools, tracers) — the constructor is not run on rehydration.
   */
  prepare?: (agent: Agent) => void;
}

/** A method to replay from the trace; `target` may be a function of the rehydrated agent. */
export interface ReplayMock<Agent = UntypedAgent> extends Omit<MockTarget, 'target'> {
  /** The object owning the method, or a function returning it from the agent (e.g. `(agent) => agent.llm`). */
  target: object | ((agent: Agent) => object);
}

/** Which recorded spans feed the mocks of a replay. */
export type ReplayWindow = 'checkpoint' | 'parent' | 'trace';

/** Options of `replay`, `fork` and `startDebuggingSession`. */
export interface ReplayOptions<Agent = UntypedAgent> {
  /** Methods whose calls are answered from the recorded trace. */
  mocks?: readonly ReplayMock<Agent>[];
  /** Seed of `Math.random`/`crypto.randomUUID` (default: the checkpoint id, so replays of one checkpoint agree). */
  seed?: number | string;
  /** Frozen wall-clock time (default: the start of the checkpoint span). */
  startTimeMs?: number;
  /** Clock advance per read (default 0). */
  tickMs?: number;
  /**
   * Recorded spans used by the mocks: `'checkpoint'` (default) those starting at or after the
   * checkpoint span, `'parent'` from its parent's start (to replay the parent's method, earlier
   * siblings included), `'trace'` all of them. Ancestors of the starting span are never used.
   */
  from?: ReplayWindow;
}

/**
 * Options of `fork`: a replay of `method` from a modified state. `State` is the type of the
 * checkpoint's restored state as the `state` function sees it (unknown unless annotated).
 */
export interface ForkOptions<Agent = UntypedAgent, State = unknown> extends ReplayOptions<Agent> {
  /** A shallow patch of the checkpoint's state, or a function from the state to the new state. */
  state?: Record<string, unknown> | ((state: State) => unknown);
  /** Name of the agent method to run. */
  method: string;
  /** Arguments of `method`; default none. */
  args?: readonly unknown[];
}
