import { spawn } from 'node:child_process';

// Runs in a separate, detached Node.js process: argv = [endpoint, body, timeoutMs].
const SENDER_SCRIPT = [
  'const [endpoint, body, timeoutMs] = process.argv.slice(1);',
  "fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(Number(timeoutMs)) }).catch(() => {});",
].join('\n');

/**
 * Hands a batch to a detached child process that posts it, so that a process about to exit
 * sends what it queued without waiting for the network. Never throws.
 */
export function sendDetached(endpoint: string, body: string, timeoutMs: number): void {
  try {
    const env: Record<string, string> = {};
    if (process.env.SystemRoot !== undefined) env.SystemRoot = process.env.SystemRoot;
    const child = spawn(process.execPath, ['-e', SENDER_SCRIPT, endpoint, body, String(timeoutMs)], {
      detached: true,
      stdio: 'ignore',
      windowsHide: true,
      env,
    });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // Telemetry never disturbs the host process.
  }
}
