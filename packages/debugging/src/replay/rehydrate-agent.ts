import type { CheckpointMetadata } from '../checkpoint/checkpoint-types';
import { ReplayError } from '../errors/replay-error';
import { findAgentClass, registeredAgentClassNames, type AgentClass } from './agent-class-registry';

function assignFields(instance: object, state: unknown, className: string): void {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) {
    throw new ReplayError({
      code: 'AGENT_REHYDRATION_FAILED',
      message: `Cannot restore '${className}': its state is not an object of fields and the class has no loadState(state) method.`,
    });
  }
  // defineProperty, not assignment: a "__proto__" key in stored state stays a plain field.
  for (const key of Object.keys(state)) {
    Object.defineProperty(instance, key, {
      value: (state as Record<string, unknown>)[key],
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
}

function resolveClass(name: string, classes: Readonly<Record<string, AgentClass>> | undefined): AgentClass {
  const local =
    classes !== undefined && Object.prototype.hasOwnProperty.call(classes, name) ? classes[name] : undefined;
  const cls = local ?? findAgentClass(name);
  if (typeof cls === 'function') return cls;
  const known = [...new Set([...Object.keys(classes ?? {}), ...registeredAgentClassNames()])].sort();
  throw new ReplayError({
    code: 'UNKNOWN_AGENT_CLASS',
    message:
      `Agent class '${name}' is not registered, so the checkpoint cannot be rehydrated. ` +
      `Registered: ${known.length === 0 ? '(none)' : known.join(', ')}. ` +
      `Call registerAgentClass(${name}) or pass new ReplayEngine(checkpoint, { classes: { ${name} } }).`,
  });
}

/**
 * Rebuilds an agent from checkpoint metadata and a fresh copy of its state. Plain-object agents
 * come back as plain objects. Class agents are created from the registered class's prototype
 * without running the constructor; then `loadState(state)` is called when the class has one,
 * otherwise the state's fields are set on the instance. Classes are only looked up by name in the
 * registry, never evaluated.
 */
export function rehydrateAgent(
  metadata: CheckpointMetadata,
  state: unknown,
  classes?: Readonly<Record<string, AgentClass>>,
): object {
  if (metadata.agentKind === 'plain') {
    const agent = {};
    assignFields(agent, state, 'Object');
    return agent;
  }
  const cls = resolveClass(metadata.agentClass, classes);
  const instance = Object.create(cls.prototype as object) as { loadState?: (state: unknown) => unknown };
  if (typeof instance.loadState === 'function') {
    try {
      instance.loadState(state);
    } catch (error) {
      throw new ReplayError({
        code: 'AGENT_REHYDRATION_FAILED',
        message: `${metadata.agentClass}.loadState() failed: ${(error as Error).message}`,
        cause: error,
      });
    }
  } else {
    assignFields(instance, state, metadata.agentClass);
  }
  return instance;
}
