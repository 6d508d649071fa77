/**
 * @clearstone/core — shared types and primitives of the Clearstone SDK.
 *
 * @example
 * ```ts
 * import { BLOCK, ALLOW, createContext, contextScope } from '@clearstone/core';
 * ```
 * @packageDocumentation
 */

// Actions and decisions
export { ActionType, ALERT, ALLOW, BLOCK, PAUSE, REDACT, SKIP, getRedactionSpec, isDecision } from './actions';
export type { Decision, RedactionSpec } from './actions';

// Policy context and ambient scope
export { contextScope, createContext, getCurrentContext, withMetadata } from './context';
export type { CreateContextInit, PolicyContext } from './context';

// Errors
export {
  ClearstoneError,
  InvalidArgumentError,
  PolicyPauseError,
  PolicyViolationError,
  SerializationError,
} from './errors';
export type { ClearstoneErrorOptions, SerializationErrorCode } from './errors';

// Span and trace model
export {
  SpanKind,
  SpanStatusCode,
  generateSpanId,
  generateTraceId,
  isValidSpanId,
  isValidTraceId,
  nowNs,
  toEpochNs,
} from './trace';
export type { AttributeValue, Attributes, SpanEvent, SpanLink, SpanRecord, Trace, TraceSummary } from './trace';

// Hybrid serializer
export {
  DEFAULT_SNAPSHOT_MAX_BYTES,
  captureSnapshot,
  describeType,
  deserialize,
  registerSerializableClass,
  registeredClassNames,
  serialize,
  unregisterSerializableClass,
} from './serialization';
export type { DeserializeOptions, SerializableClass, SerializedEnvelope, Snapshot } from './serialization';

// Version
export { SDK_VERSION } from './version';

// Telemetry
export {
  TelemetryClient,
  TelemetryError,
  defaultTelemetryClient,
  flushTelemetry,
  getTelemetryStatus,
  recordComponentInitialized,
  setTelemetryEnabled,
  telemetryConfigDir,
  telemetryConfigPath,
  telemetryNotice,
} from './telemetry';
export type {
  TelemetryBatch,
  TelemetryClientOptions,
  TelemetryDisabledBy,
  TelemetryEnvironment,
  TelemetryErrorCode,
  TelemetryEvent,
  TelemetryLocation,
  TelemetryStatus,
} from './telemetry';
