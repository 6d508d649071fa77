import { TelemetryClient } from './telemetry-client';

const CLIENT_KEY = Symbol.for('clearstone.telemetry.client');

type GlobalWithClient = typeof globalThis & { [CLIENT_KEY]?: TelemetryClient };

/** The process-wide client, shared by every copy of the package loaded in the process. */
export function defaultTelemetryClient(): TelemetryClient {
  const holder = globalThis as GlobalWithClient;
  holder[CLIENT_KEY] ??= new TelemetryClient();
  return holder[CLIENT_KEY];
}

/**
 * Records that a Clearstone component (e.g. `'PolicyEngine'`) was created in this process. Cheap
 * and safe to call from constructors: the first call per name queues one anonymous
 * `component_initialized` event, later calls return at once. Nothing is sent or written unless
 * telemetry is enabled and an endpoint is configured; it never throws or delays exit.
 *
 * @example
 * ```ts
 * class PolicyEngine {
 *   constructor() {
 *     recordComponentInitialized('PolicyEngine');
 *   }
 * }
 * ```
 */
export function recordComponentInitialized(name: string): void {
  defaultTelemetryClient().recordComponentInitialized(name);
}

/** Sends the events the process-wide client has queued. Never rejects. */
export function flushTelemetry(): Promise<void> {
  return defaultTelemetryClient().flush();
}
