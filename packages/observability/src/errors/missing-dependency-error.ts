import { ClearstoneError } from '@clearstone/core';

const marker = 'clearstone.error.MissingDependencyError';
const symbol = Symbol.for(marker);

/**
 * Thrown when a feature needs an optional package that is not installed, e.g. the OTLP exporter
 * without `@opentelemetry/otlp-transformer`. Code: `'MISSING_DEPENDENCY'`.
 */
export class MissingDependencyError extends ClearstoneError {
  protected readonly [symbol] = true;

  /** The package to install. */
  readonly packageName: string;

  constructor({ message, packageName, cause }: { message: string; packageName: string; cause?: unknown }) {
    super({ message, code: 'MISSING_DEPENDENCY', cause });
    this.name = 'MissingDependencyError';
    this.packageName = packageName;
  }

  /** True only for MissingDependencyError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is MissingDependencyError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
