import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { TelemetryError } from './telemetry-error';

/** Environment variables read by telemetry (a subset of `process.env`). */
export type TelemetryEnvironment = Readonly<Record<string, string | undefined>>;

/** Where telemetry settings are read from: an environment and, optionally, an explicit config directory. */
export interface TelemetryLocation {
  /** Environment to read (default `process.env`). */
  env?: TelemetryEnvironment;
  /** Clearstone config directory (default `$CLEARSTONE_HOME`, else `~/.clearstone`). */
  configDir?: string;
}

/** The `telemetry` section of `config.json`. Other sections and keys are kept as they are. */
export interface TelemetryConfigSection {
  disabled?: boolean;
  endpoint?: string;
  anonymousId?: string;
  noticeShown?: boolean;
}

/** Result of reading the config file: its JSON object, nothing (no file), or the reason it is unusable. */
export type ConfigRead =
  { kind: 'missing' } | { kind: 'ok'; config: Record<string, unknown> } | { kind: 'invalid'; reason: string };

/** The Clearstone config directory: `$CLEARSTONE_HOME`, else `~/.clearstone`. */
export function telemetryConfigDir(location: TelemetryLocation = {}): string {
  if (location.configDir !== undefined) return resolve(location.configDir);
  const fromEnv = (location.env ?? process.env).CLEARSTONE_HOME;
  return fromEnv !== undefined && fromEnv.trim() !== '' ? resolve(fromEnv) : join(homedir(), '.clearstone');
}

/** Path of the config file, `<config dir>/config.json`. */
export function telemetryConfigPath(location: TelemetryLocation = {}): string {
  return join(telemetryConfigDir(location), 'config.json');
}

/** Reads the config file without ever throwing. */
export function readConfigFile(path: string): ConfigRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'invalid', reason: `cannot be read (${(error as Error).message})` };
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      return { kind: 'invalid', reason: 'is not a JSON object' };
    return { kind: 'ok', config: parsed as Record<string, unknown> };
  } catch {
    return { kind: 'invalid', reason: 'is not valid JSON' };
  }
}

/** The `telemetry` section of a config object (empty when absent or not an object). */
export function telemetrySection(config: Record<string, unknown>): TelemetryConfigSection {
  const section = config.telemetry;
  return section !== null && typeof section === 'object' && !Array.isArray(section) ? section : {};
}

/**
 * Rewrites the `telemetry` section of the config file (creating the file and directory when
 * missing), keeping every other key. Writes atomically. An unusable existing file is not
 * overwritten.
 *
 * @throws TelemetryError when the file is invalid or cannot be written.
 */
export function updateTelemetrySection(
  path: string,
  update: (section: TelemetryConfigSection) => TelemetryConfigSection,
): void {
  const current = readConfigFile(path);
  if (current.kind === 'invalid') {
    throw new TelemetryError({
      code: 'TELEMETRY_CONFIG_INVALID',
      path,
      message: `The Clearstone config file ${path} ${current.reason}; fix or remove it first (it was left unchanged).`,
    });
  }
  const config = current.kind === 'ok' ? current.config : {};
  const next = { ...config, telemetry: update({ ...telemetrySection(config) }) };
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, 'utf8');
    renameSync(temporary, path);
  } catch (error) {
    throw new TelemetryError({
      code: 'TELEMETRY_CONFIG_WRITE_FAILED',
      path,
      message: `Could not write the Clearstone config file ${path}: ${(error as Error).message}`,
      cause: error,
    });
  }
}
