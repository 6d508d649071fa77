import { ReplayError } from '../errors/replay-error';

/**
 * Replaces `target[key]` with `value` as an own property and returns a function that puts back
 * exactly what was there before (the previous own property, or none, so the prototype's shows again).
 */
export function patchProperty(target: object, key: PropertyKey, value: unknown): () => void {
  const previous = Object.getOwnPropertyDescriptor(target, key);
  try {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      configurable: true,
      enumerable: previous?.enumerable ?? false,
    });
  } catch (error) {
    throw new ReplayError({
      code: 'REPLAY_TARGET_INVALID',
      message: `Cannot replace ${String(key)}: the object is frozen or the property is not configurable.`,
      cause: error,
    });
  }
  return () => {
    if (previous === undefined) delete (target as Record<PropertyKey, unknown>)[key];
    else Object.defineProperty(target, key, previous);
  };
}
