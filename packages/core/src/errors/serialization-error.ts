import { ClearstoneError } from './clearstone-error';

const marker = 'clearstone.error.SerializationError';
const symbol = Symbol.for(marker);

/**
 * Codes of {@link SerializationError}:
 * - `'DESERIALIZATION_FAILED'`: the text is not a valid serializer envelope (malformed JSON, bad base64, corrupt payload);
 * - `'UNKNOWN_TYPE_TAG'`: the envelope's `__type__` tag is missing or unknown;
 * - `'UNSERIALIZABLE_VALUE'`: the envelope records a value that could not be serialized;
 * - `'UNKNOWN_CLASS'`: the payload names a class that is not registered.
 */
export type SerializationErrorCode =
  'DESERIALIZATION_FAILED' | 'UNKNOWN_TYPE_TAG' | 'UNSERIALIZABLE_VALUE' | 'UNKNOWN_CLASS';

/** Thrown by `deserialize` (and by readers of serialized data such as checkpoints). */
export class SerializationError extends ClearstoneError {
  protected readonly [symbol] = true;

  declare readonly code: SerializationErrorCode;

  constructor({ message, code, cause }: { message: string; code: SerializationErrorCode; cause?: unknown }) {
    super({ message, code, cause });
    this.name = 'SerializationError';
  }

  /** True only for SerializationError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is SerializationError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
