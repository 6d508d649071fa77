export { TelemetryClient, telemetryNotice, type TelemetryClientOptions } from './telemetry-client';
export { defaultTelemetryClient, flushTelemetry, recordComponentInitialized } from './record-component';
export {
  getTelemetryStatus,
  setTelemetryEnabled,
  type TelemetryDisabledBy,
  type TelemetryStatus,
} from './telemetry-status';
export {
  telemetryConfigDir,
  telemetryConfigPath,
  type TelemetryEnvironment,
  type TelemetryLocation,
} from './telemetry-config';
export { TelemetryError, type TelemetryErrorCode } from './telemetry-error';
export type { TelemetryBatch, TelemetryEvent } from './telemetry-event';
