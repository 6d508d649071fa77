import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Outcome of one check: `fail` makes `clearstone doctor` exit 1; `warn` is reported only. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of the doctor's report. */
export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
}

/** Node.js 20 or newer is required. */
export function checkNodeVersion(version: string = process.versions.node): CheckResult {
  const major = Number(version.split('.')[0]);
  return major >= 20
    ? { name: 'Node.js version', status: 'ok', detail: `v${version}` }
    : { name: 'Node.js version', status: 'fail', detail: `v${version}; Clearstone needs Node.js 20 or newer` };
}

/** The better-sqlite3 native module loads and opens an in-memory trace database. */
export async function checkNativeModule(): Promise<CheckResult> {
  const name = 'better-sqlite3 native module';
  try {
    const { TraceStore } = await import('@clearstone/observability');
    new TraceStore(':memory:').close();
    return { name, status: 'ok', detail: 'loads' };
  } catch (error) {
    return {
      name,
      status: 'fail',
      detail: `${(error as Error).message.split('\n')[0]} — reinstall so that better-sqlite3 is rebuilt for this Node.js (npm rebuild better-sqlite3)`,
    };
  }
}

/** A trace database can be created, written and removed in `directory`. */
export async function checkDatabaseWritable(label: string, directory: string): Promise<CheckResult> {
  const name = `Trace database writable in ${label}`;
  const path = join(directory, `.clearstone-doctor-${process.pid}-${randomBytes(4).toString('hex')}.db`);
  try {
    const { TraceStore } = await import('@clearstone/observability');
    new TraceStore(path).close();
    return { name, status: 'ok', detail: directory };
  } catch (error) {
    return { name, status: 'fail', detail: `${directory}: ${(error as Error).message.split('\n')[0]}` };
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
  }
}

/** Whether an Ollama server answers at `baseUrl` (optional: reported as a warning when not). */
export async function checkOllama(baseUrl: string, timeoutMs = 1500): Promise<CheckResult> {
  const name = 'Ollama (optional)';
  const url = new URL('/api/tags', baseUrl).toString();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { name, status: 'warn', detail: `${url} answered HTTP ${response.status}` };
    const body = (await response.json().catch(() => ({}))) as { models?: unknown[] };
    const count = Array.isArray(body.models) ? body.models.length : 0;
    return { name, status: 'ok', detail: `reachable at ${baseUrl} (${count} model${count === 1 ? '' : 's'})` };
  } catch (error) {
    return {
      name,
      status: 'warn',
      detail: `not reachable at ${baseUrl} (${(error as Error).name === 'TimeoutError' ? 'timed out' : 'connection failed'}); only local-LLM policies need it`,
    };
  }
}

/** The temporary directory the doctor checks. */
export function temporaryDirectory(): string {
  return tmpdir();
}
