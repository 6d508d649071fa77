import { InvalidArgumentError, nowNs, serialize } from '@clearstone/core';
import { CheckpointError } from '../errors/checkpoint-error';
import { registeredNameOf } from '../replay/agent-class-registry';
import type { StateSource } from './checkpoint-types';

const brand = Symbol.for('clearstone.debugging.AgentStateSnapshot');

/** A frozen copy of an agent's state, taken by {@link captureAgentState}. */
export interface AgentStateSnapshot {
  /** Marks values made by {@link captureAgentState}; see {@link isAgentStateSnapshot}. */
  readonly [brand]: true;
  /** Name under which the agent's class is looked up on rehydration (`'Object'` for plain objects). */
  readonly agentClass: string;
  /** `'plain'` for object literals, `'class'` for class instances. */
  readonly agentKind: 'plain' | 'class';
  /** Whether the state came from `getState()` or from the agent's own fields. */
  readonly stateSource: StateSource;
  /** The state as a `serialize` envelope: later changes to the agent do not affect it. */
  readonly serializedState: string;
  /** Epoch milliseconds (real clock) of the capture. */
  readonly capturedAtMs: number;
}

/** Options of {@link captureAgentState}. */
export interface CaptureStateOptions {
  /** Own fields to leave out when the agent has no `getState()` (clients, handles, caches). */
  exclude?: readonly string[];
}

/** True for a value returned by {@link captureAgentState}. */
export function isAgentStateSnapshot(value: unknown): value is AgentStateSnapshot {
  return value !== null && typeof value === 'object' && (value as Record<symbol, unknown>)[brand] === true;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || prototype === Object.prototype;
}

function fieldsOf(agent: object, exclude: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(agent)) {
    const value = (agent as Record<string, unknown>)[key];
    if (exclude.includes(key) || typeof value === 'function') continue;
    fields[key] = value;
  }
  return fields;
}

function unserializable(state: unknown, source: StateSource): never {
  let detail = '';
  if (state !== null && typeof state === 'object') {
    const bad = Object.keys(state).filter((key) =>
      serialize((state as Record<string, unknown>)[key]).startsWith('{"__type__":"error"'),
    );
    if (bad.length > 0) detail = ` Offending field(s): ${bad.join(', ')}.`;
  }
  const hint =
    source === 'fields'
      ? ' Pass { exclude: [...] } or give the agent getState()/loadState().'
      : ' Return only data from getState().';
  throw new CheckpointError({
    code: 'CHECKPOINT_STATE_UNSERIALIZABLE',
    message: `The agent state cannot be stored (it holds functions, symbols or native handles).${detail}${hint}`,
  });
}

/**
 * Captures an agent's state now: the value of `agent.getState()` when it has one, otherwise its own
 * enumerable fields (functions skipped). The state is serialized immediately, so the snapshot can be
 * turned into a checkpoint later, e.g. once the trace of the run has been stored.
 *
 * @example
 * ```ts
 * const snapshot = captureAgentState(agent);        // mid-run
 * // … after the run:
 * manager.createCheckpoint(snapshot, trace, spanId);
 * ```
 */
export function captureAgentState(agent: object, options: CaptureStateOptions = {}): AgentStateSnapshot {
  if (agent === null || typeof agent !== 'object') {
    throw new InvalidArgumentError({ message: 'captureAgentState expects the agent object.', argument: 'agent' });
  }
  const getState = (agent as { getState?: unknown }).getState;
  const stateSource: StateSource = typeof getState === 'function' ? 'getState' : 'fields';
  const state =
    stateSource === 'getState' ? (getState as () => unknown).call(agent) : fieldsOf(agent, options.exclude ?? []);
  const serializedState = serialize(state);
  if (serializedState.startsWith('{"__type__":"error"')) unserializable(state, stateSource);
  const plain = isPlainObject(agent);
  const constructor = (agent as { constructor?: { name?: string } }).constructor;
  const agentClass = plain ? 'Object' : (registeredNameOf(constructor) ?? (constructor?.name || 'Object'));
  return Object.freeze({
    [brand]: true as const,
    agentClass,
    agentKind: plain ? ('plain' as const) : ('class' as const),
    stateSource,
    serializedState,
    capturedAtMs: Number(nowNs() / 1_000_000n),
  });
}
