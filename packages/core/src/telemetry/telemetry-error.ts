import { ClearstoneError } from '../errors/clearstone-error';

const marker = 'clearstone.error.TelemetryError';
const symbol = Symbol.for(marker);

/**
 * Codes of {@link TelemetryError}:
 * - `'TELEMETRY_CONFIG_INVALID'`: the config file exists but is not a JSON object, so it is not rewritten;
 * - `'TELEMETRY_CONFIG_WRITE_FAILED'`: the config file could not be written.
 */
export type TelemetryErrorCode = 'TELEMETRY_CONFIG_INVALID' | 'TELEMETRY_CONFIG_WRITE_FAILED';

/** Thrown by {@link setTelemetryEnabled} when the telemetry setting cannot be saved. Recording events never throws. */
export class TelemetryError extends ClearstoneError {
  protected readonly [symbol] = true;

  declare readonly code: TelemetryErrorCode;

  /** Path of the config file concerned. */
  readonly path: string;

  constructor({
    message,
    code,
    path,
    cause,
  }: {
    message: string;
    code: TelemetryErrorCode;
    path: string;
    cause?: unknown;
  }) {
    super({ message, code, cause });
    this.name = 'TelemetryError';
    this.path = path;
  }

  /** True only for TelemetryError instances (from any copy of the package). */
  static override isInstance(error: unknown): error is TelemetryError {
    return ClearstoneError.hasMarker(error, marker);
  }
}
