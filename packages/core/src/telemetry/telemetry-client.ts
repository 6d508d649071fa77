import { randomBytes } from 'node:crypto';
import { sendDetached } from './detached-sender';
import { updateTelemetrySection } from './telemetry-config';
import type { TelemetryEnvironment } from './telemetry-config';
import { componentInitializedEvent } from './telemetry-event';
import type { TelemetryBatch } from './telemetry-event';
import { getTelemetryStatus } from './telemetry-status';
import type { TelemetryStatus } from './telemetry-status';

/** Options of {@link TelemetryClient}. */
export interface TelemetryClientOptions {
  /** Environment read for opt-outs and the endpoint (default `process.env`). */
  env?: TelemetryEnvironment;
  /** Config directory (default `$CLEARSTONE_HOME`, else `~/.clearstone`). */
  configDir?: string;
  /** Where the one-time notice is written (default `process.stderr`). */
  notices?: { write(text: string): unknown };
  /** Events recorded within this window are sent in one request (default 1000 ms). */
  flushIntervalMs?: number;
  /** Request timeout (default 2000 ms). */
  timeoutMs?: number;
  /** Hand unsent events to a detached sender process at exit (default true). */
  sendAtExit?: boolean;
}

interface PendingEvent {
  name: string;
  timestamp: string;
}

/** Text of the one-time notice. */
export function telemetryNotice(endpoint: string): string {
  return [
    `Clearstone sends anonymous usage statistics (component names, SDK and Node.js versions, platform) to ${endpoint}.`,
    'Opt out with CLEARSTONE_TELEMETRY_DISABLED=1, DO_NOT_TRACK=1 or `clearstone telemetry disable`. This notice is shown once.',
    '',
  ].join('\n');
}

/**
 * Records anonymous usage events and sends them in batches, off the caller's path: recording is a
 * set lookup; sending happens on an unref'd timer (never keeping the process alive) or, for events
 * still queued at exit, from a detached process (never delaying exit). Nothing here throws.
 * Most code uses the process-wide client through {@link recordComponentInitialized}.
 *
 * @example
 * ```ts
 * const telemetry = new TelemetryClient({ env: { CLEARSTONE_TELEMETRY_ENDPOINT: 'http://127.0.0.1:4318/events' } });
 * telemetry.recordComponentInitialized('PolicyEngine');
 * await telemetry.flush();
 * ```
 */
export class TelemetryClient {
  private readonly options: TelemetryClientOptions;
  private readonly sessionId = `sess_${randomBytes(16).toString('hex')}`;
  private readonly recorded = new Set<string>();
  private pending: PendingEvent[] = [];
  private cachedStatus: TelemetryStatus | undefined;
  private anonymousId: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private noticeWritten = false;
  private readonly onExit = (): void => this.sendRemainingDetached();

  constructor(options: TelemetryClientOptions = {}) {
    this.options = options;
  }

  /** The status, computed once per client (the first time it is needed). */
  get status(): TelemetryStatus {
    this.cachedStatus ??= getTelemetryStatus({ env: this.options.env, configDir: this.options.configDir });
    return this.cachedStatus;
  }

  /** Queues a `component_initialized` event for `name`, once per client. A no-op unless telemetry is enabled with an endpoint. */
  recordComponentInitialized(name: string): void {
    try {
      if (typeof name !== 'string' || name === '' || this.recorded.has(name)) return;
      this.recorded.add(name);
      const status = this.status;
      if (!status.sending) return;
      this.writeNotice(status);
      this.pending.push({ name, timestamp: new Date().toISOString() });
      this.schedule();
    } catch {
      // Telemetry never disturbs the host process.
    }
  }

  /** Sends queued events now. Resolves when the request settles; never rejects. */
  async flush(): Promise<void> {
    try {
      this.unschedule();
      const batch = this.takeBatch();
      if (batch === undefined) return;
      await fetch(batch.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: batch.body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 2000),
      });
    } catch {
      // Unreachable endpoints, timeouts and refusals are ignored.
    }
  }

  private writeNotice(status: TelemetryStatus): void {
    if (this.noticeWritten || status.noticeShown || status.endpoint === undefined) return;
    this.noticeWritten = true;
    (this.options.notices ?? process.stderr).write(telemetryNotice(status.endpoint));
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => void this.flush(), this.options.flushIntervalMs ?? 1000);
    this.timer.unref();
    if (this.options.sendAtExit !== false) process.once('exit', this.onExit);
  }

  private unschedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    process.off('exit', this.onExit);
  }

  private sendRemainingDetached(): void {
    try {
      this.unschedule();
      const batch = this.takeBatch();
      if (batch !== undefined) sendDetached(batch.endpoint, batch.body, this.options.timeoutMs ?? 2000);
    } catch {
      // Telemetry never disturbs the host process.
    }
  }

  private takeBatch(): { endpoint: string; body: string } | undefined {
    const status = this.status;
    if (this.pending.length === 0 || status.endpoint === undefined) return undefined;
    const anonymousId = this.identity(status);
    const batch: TelemetryBatch = {
      events: this.pending.map((event) =>
        componentInitializedEvent(event.name, event.timestamp, anonymousId, this.sessionId),
      ),
    };
    this.pending = [];
    return { endpoint: status.endpoint, body: JSON.stringify(batch) };
  }

  /** The anonymous id, created and saved (with the notice flag) the first time events are sent. */
  private identity(status: TelemetryStatus): string {
    if (this.anonymousId !== undefined) return this.anonymousId;
    const anonymousId = status.anonymousId ?? `user_${randomBytes(16).toString('hex')}`;
    this.anonymousId = anonymousId;
    if (status.anonymousId === undefined || !status.noticeShown) {
      try {
        updateTelemetrySection(status.configPath, (section) => ({ ...section, anonymousId, noticeShown: true }));
      } catch {
        // A read-only home keeps a per-process id.
      }
    }
    return anonymousId;
  }
}
