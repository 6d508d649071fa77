import { readConfigFile, telemetryConfigPath, telemetrySection, updateTelemetrySection } from './telemetry-config';
import type { TelemetryEnvironment, TelemetryLocation } from './telemetry-config';

/** What turned telemetry off. */
export type TelemetryDisabledBy = 'CLEARSTONE_TELEMETRY_DISABLED' | 'DO_NOT_TRACK' | 'CI' | 'config' | 'config-invalid';

/** Whether telemetry is on, why not, and where events would go. */
export interface TelemetryStatus {
  /** False when any opt-out applies. */
  enabled: boolean;
  /** The opt-out that applies (the first of: env var, DO_NOT_TRACK, CI, config file). */
  disabledBy?: TelemetryDisabledBy;
  /** Endpoint events are posted to (`$CLEARSTONE_TELEMETRY_ENDPOINT`, else the config's `telemetry.endpoint`). */
  endpoint?: string;
  /** True when events are actually sent: enabled and an endpoint is configured. */
  sending: boolean;
  /** The config file consulted. */
  configPath: string;
  /** The anonymous id, once one has been created (only ever while enabled and sending). */
  anonymousId?: string;
  /** Whether the one-time notice has already been shown for this config directory. */
  noticeShown: boolean;
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on']);
const FALSE_WORDS = new Set(['', '0', 'false', 'no', 'off']);

/** `CLEARSTONE_TELEMETRY_DISABLED`: `1`, `true`, `yes` or `on` (any case) disable. */
function isTrue(value: string | undefined): boolean {
  return value !== undefined && TRUE_WORDS.has(value.trim().toLowerCase());
}

/** `DO_NOT_TRACK` and `CI`: any value but empty, `0`, `false`, `no` or `off` counts as set. */
function isSet(value: string | undefined): boolean {
  return value !== undefined && !FALSE_WORDS.has(value.trim().toLowerCase());
}

function validEndpoint(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function environmentOptOut(env: TelemetryEnvironment): TelemetryDisabledBy | undefined {
  if (isTrue(env.CLEARSTONE_TELEMETRY_DISABLED)) return 'CLEARSTONE_TELEMETRY_DISABLED';
  if (isSet(env.DO_NOT_TRACK)) return 'DO_NOT_TRACK';
  if (isSet(env.CI)) return 'CI';
  return undefined;
}

/**
 * The telemetry status for an environment and config directory. Reads the config file only when
 * no environment opt-out applies; never writes anything and never throws. An unreadable or
 * invalid config file counts as an opt-out.
 *
 * @example
 * ```ts
 * const status = getTelemetryStatus();
 * if (!status.enabled) console.log(`telemetry off (${status.disabledBy})`);
 * ```
 */
export function getTelemetryStatus(location: TelemetryLocation = {}): TelemetryStatus {
  const env = location.env ?? process.env;
  const configPath = telemetryConfigPath(location);
  const status: TelemetryStatus = { enabled: false, sending: false, configPath, noticeShown: false };
  const fromEnv = environmentOptOut(env);
  if (fromEnv !== undefined) return { ...status, disabledBy: fromEnv };
  const read = readConfigFile(configPath);
  if (read.kind === 'invalid') return { ...status, disabledBy: 'config-invalid' };
  const section = read.kind === 'ok' ? telemetrySection(read.config) : {};
  if (section.disabled === true) return { ...status, disabledBy: 'config' };
  const endpoint = validEndpoint(env.CLEARSTONE_TELEMETRY_ENDPOINT) ?? validEndpoint(section.endpoint);
  const result: TelemetryStatus = {
    ...status,
    enabled: true,
    sending: endpoint !== undefined,
    noticeShown: section.noticeShown === true,
  };
  if (endpoint !== undefined) result.endpoint = endpoint;
  if (typeof section.anonymousId === 'string') result.anonymousId = section.anonymousId;
  return result;
}

/**
 * Saves the telemetry choice in the config file (`telemetry.disabled`), keeping its other keys.
 * Disabling also forgets the anonymous id. Environment opt-outs still apply afterwards. Returns
 * the new status.
 *
 * @throws TelemetryError when the config file is invalid or cannot be written.
 * @example
 * ```ts
 * setTelemetryEnabled(false); // ~/.clearstone/config.json → { "telemetry": { "disabled": true } }
 * ```
 */
export function setTelemetryEnabled(enabled: boolean, location: TelemetryLocation = {}): TelemetryStatus {
  updateTelemetrySection(telemetryConfigPath(location), (section) => {
    if (enabled) return { ...section, disabled: false };
    const { anonymousId: _forgotten, ...rest } = section;
    return { ...rest, disabled: true };
  });
  return getTelemetryStatus(location);
}
