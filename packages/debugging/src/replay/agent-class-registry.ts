import { InvalidArgumentError } from '@clearstone/core';

/** A class whose instances can be checkpointed and rehydrated. */
export type AgentClass = abstract new (...args: never[]) => object;

const registryKey = Symbol.for('clearstone.debugging.agentClasses');
type GlobalWithRegistry = typeof globalThis & { [registryKey]?: Map<string, AgentClass> };

const classesByName: Map<string, AgentClass> = ((globalThis as GlobalWithRegistry)[registryKey] ??= new Map());

/**
 * Registers an agent class so that `ReplayEngine` can rehydrate checkpoints of its instances.
 * Rehydration looks classes up only here (or in the engine's `classes` option), never by evaluating
 * a name. The name defaults to the class name and is what checkpoints record.
 *
 * @example
 * ```ts
 * class ResearchAgent { notes: string[] = []; }
 * registerAgentClass(ResearchAgent);
 * ```
 */
export function registerAgentClass(cls: AgentClass, name: string = cls?.name): void {
  if (typeof cls !== 'function') {
    throw new InvalidArgumentError({ message: 'registerAgentClass expects a class.', argument: 'cls' });
  }
  if (typeof name !== 'string' || name === '') {
    throw new InvalidArgumentError({ message: 'registerAgentClass needs a non-empty class name.', argument: 'name' });
  }
  const existing = classesByName.get(name);
  if (existing !== undefined && existing !== cls) {
    throw new InvalidArgumentError({
      message: `A different agent class is already registered as '${name}'.`,
      argument: 'name',
    });
  }
  classesByName.set(name, cls);
}

/** Removes a class from the agent class registry; true when it was registered. */
export function unregisterAgentClass(name: string): boolean {
  return classesByName.delete(name);
}

/** Names of the globally registered agent classes. */
export function registeredAgentClassNames(): string[] {
  return [...classesByName.keys()];
}

/** @internal The registered class of that name. */
export function findAgentClass(name: string): AgentClass | undefined {
  return classesByName.get(name);
}

/** @internal The registered name of a constructor, when it is registered. */
export function registeredNameOf(constructor: unknown): string | undefined {
  for (const [name, cls] of classesByName) if (cls === constructor) return name;
  return undefined;
}
