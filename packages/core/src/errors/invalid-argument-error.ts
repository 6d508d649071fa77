import { ClearstoneError } from './clearstone-error';

const marker = 'clearstone.error.InvalidArgumentError';
const symbol = Symbol.for(marker);

/**
 * Thrown when a function or constructor receives an argument of the wrong type or value.
 * Code: `'INVALID_ARGUMENT'`.
 */
export class InvalidArgumentError extends ClearstoneError {
  protected readonly [symbol] = true;

  /** Name of the offending argument or option, when known. */
  readonly argument?: string;

  constructor({ message, argument, cause }: { message: string; argument?: string; cause?: unknown }) {
    super({ message, code: 'INVALID_ARGUMENT', cause });
    this.name = 'InvalidArgumentError';
    this.argument = argument;
  }

  /** True only for InvalidArgumentError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is InvalidArgumentError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
