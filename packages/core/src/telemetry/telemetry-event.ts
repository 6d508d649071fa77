import { SDK_VERSION } from '../version';

/** One telemetry event as sent: no user data, only what identifies the component and runtime. */
export interface TelemetryEvent {
  /** The kind of event; only `component_initialized` is sent. */
  eventName: 'component_initialized';
  /** Random id kept in the config file (`user_` + 32 hex), created when the first event is sent. */
  anonymousId: string;
  /** Random id of the process (`sess_` + 32 hex). */
  sessionId: string;
  /** ISO-8601 time the component was initialized. */
  timestamp: string;
  /** {@link SDK_VERSION} of the sending SDK. */
  sdkVersion: string;
  /** `process.versions.node`, e.g. `20.20.0`. */
  nodeVersion: string;
  /** `process.platform`, e.g. `linux`, `darwin`, `win32`. */
  platform: string;
  /** The component that was initialized, e.g. `{ name: 'PolicyEngine' }`. */
  payload: { name: string };
}

/** Body of one POST: a batch of events. */
export interface TelemetryBatch {
  /** The events of the batch, oldest first. */
  events: TelemetryEvent[];
}

/** Builds a `component_initialized` event. */
export function componentInitializedEvent(
  name: string,
  timestamp: string,
  anonymousId: string,
  sessionId: string,
): TelemetryEvent {
  return {
    eventName: 'component_initialized',
    anonymousId,
    sessionId,
    timestamp,
    sdkVersion: SDK_VERSION,
    nodeVersion: process.versions.node,
    platform: process.platform,
    payload: { name },
  };
}
