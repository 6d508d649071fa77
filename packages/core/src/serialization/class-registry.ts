import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { SerializationError } from '../errors/serialization-error';

/** A class whose instances the hybrid serializer restores with their prototype. */
export type SerializableClass = abstract new (...args: never[]) => object;

const registryKey = Symbol.for('clearstone.serialization.classes');
type GlobalWithRegistry = typeof globalThis & { [registryKey]?: Map<string, SerializableClass> };

const classesByName: Map<string, SerializableClass> = ((globalThis as GlobalWithRegistry)[registryKey] ??= new Map());

/**
 * Registers a class so that `serialize` records its instances by name and `deserialize` restores
 * them as instances of the class (own enumerable fields are copied onto an object created from the
 * class prototype; the constructor is not run). Deserialization never looks classes up any other way.
 *
 * @param name - registry key; defaults to the class name. Must be unique.
 * @example
 * ```ts
 * class Money { constructor(public cents: bigint) {} }
 * registerSerializableClass(Money);
 * ```
 */
export function registerSerializableClass(cls: SerializableClass, name: string = cls.name): void {
  if (typeof cls !== 'function') {
    throw new InvalidArgumentError({ message: 'registerSerializableClass expects a class.', argument: 'cls' });
  }
  if (typeof name !== 'string' || name === '') {
    throw new InvalidArgumentError({
      message: 'registerSerializableClass needs a non-empty class name.',
      argument: 'name',
    });
  }
  const existing = classesByName.get(name);
  if (existing !== undefined && existing !== cls) {
    throw new InvalidArgumentError({
      message: `A different class is already registered as '${name}'.`,
      argument: 'name',
    });
  }
  classesByName.set(name, cls);
}

/** Removes a class from the serializer registry (mainly for tests). */
export function unregisterSerializableClass(name: string): boolean {
  return classesByName.delete(name);
}

/** @internal */
export function findClassName(value: object): string | undefined {
  if (classesByName.size === 0) return undefined;
  const constructor = (value as { constructor?: unknown }).constructor;
  if (typeof constructor !== 'function') return undefined;
  for (const [name, cls] of classesByName) if (cls === constructor) return name;
  return undefined;
}

/** @internal */
export function getRegisteredClass(name: string): SerializableClass | undefined {
  return classesByName.get(name);
}

/** Names of the registered serializable classes. */
export function registeredClassNames(): string[] {
  return [...classesByName.keys()];
}

/** @internal The `UNKNOWN_CLASS` error for a serialized instance of a class that is not registered. */
export function unknownClassError(className: string): SerializationError {
  const known = registeredClassNames();
  return new SerializationError({
    code: 'UNKNOWN_CLASS',
    message: `Cannot restore an instance of unregistered class '${className}'. Registered classes: ${known.length ? known.join(', ') : '(none)'}. Register it with registerSerializableClass().`,
  });
}
