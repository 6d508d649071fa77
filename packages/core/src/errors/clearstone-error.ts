const marker = 'clearstone.error';
const symbol = Symbol.for(marker);

/** Options accepted by {@link ClearstoneError} and its subclasses. */
export interface ClearstoneErrorOptions {
  /** Human-readable description of what went wrong and, where possible, how to fix it. */
  message: string;
  /** Stable machine-readable code, e.g. `'INVALID_ARGUMENT'`. */
  code: string;
  /** The underlying error, when this one wraps another. */
  cause?: unknown;
}

/**
 * Base class of every error the Clearstone SDK throws. Each error carries a stable `code` string.
 *
 * `ClearstoneError.isInstance(error)` recognises errors from any copy of the package (for example
 * when two versions are installed side by side), because it checks a `Symbol.for` marker rather
 * than the prototype chain.
 *
 * @example
 * ```ts
 * try {
 *   await engine.evaluate();
 * } catch (error) {
 *   if (ClearstoneError.isInstance(error)) console.error(error.code, error.message);
 * }
 * ```
 */
export class ClearstoneError extends Error {
  protected readonly [symbol] = true;

  /** Stable machine-readable code. */
  readonly code: string;

  constructor({ message, code, cause }: ClearstoneErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ClearstoneError';
    this.code = code;
  }

  /** True when `error` is a ClearstoneError (of any subclass), from any copy of the package. */
  static isInstance(error: unknown): error is ClearstoneError {
    return ClearstoneError.hasMarker(error, marker);
  }

  /** Checks whether `error` carries the `Symbol.for(markerName)` brand. */
  protected static hasMarker(error: unknown, markerName: string): boolean {
    const markerSymbol = Symbol.for(markerName);
    return (
      error != null &&
      typeof error === 'object' &&
      markerSymbol in error &&
      (error as Record<symbol, unknown>)[markerSymbol] === true
    );
  }
}
