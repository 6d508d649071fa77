import { chmodSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cliIn, requireBuiltCli, runCliProcess, temporaryDirectory } from './helpers/run-cli-process';

// Each test runs the built CLI as child processes; a loaded machine needs more than Jest's default 5 s.
jest.setTimeout(60_000);

interface DoctorReport {
  ok: boolean;
  checks: Array<{ name: string; status: 'ok' | 'warn' | 'fail'; detail: string }>;
}

let ollama: Server;
let ollamaUrl: string;
let closedUrl: string;

beforeAll(async () => {
  requireBuiltCli();
  ollama = createServer((request, response) => {
    if (request.url === '/api/tags')
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ models: [{ name: 'llama3.2' }, { name: 'qwen2.5' }] }));
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => ollama.listen(0, '127.0.0.1', resolve));
  ollamaUrl = `http://127.0.0.1:${(ollama.address() as AddressInfo).port}`;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});

afterAll(async () => {
  await new Promise<void>((resolve) => ollama.close(() => resolve()));
});

function check(report: DoctorReport, name: string) {
  return report.checks.find((item) => item.name.startsWith(name));
}

describe('clearstone doctor', () => {
  it('passes on this machine and finds a reachable Ollama', async () => {
    const project = temporaryDirectory();
    const result = await cliIn(project)('doctor', '--json', '--ollama-url', ollamaUrl);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report.ok).toBe(true);
    expect(check(report, 'Node.js version')).toMatchObject({ status: 'ok', detail: `v${process.versions.node}` });
    expect(check(report, 'better-sqlite3')).toMatchObject({ status: 'ok' });
    expect(check(report, 'Trace database writable in the current directory')).toMatchObject({
      status: 'ok',
      detail: project,
    });
    expect(check(report, 'Trace database writable in the temporary directory')).toMatchObject({ status: 'ok' });
    expect(check(report, 'Ollama')).toMatchObject({ status: 'ok', detail: `reachable at ${ollamaUrl} (2 models)` });
    // The probe databases are removed again.
    expect(readdirSync(project)).toEqual([]);
  });

  it('reports an unreachable Ollama as a warning, not a failure', async () => {
    const project = temporaryDirectory();
    const result = await cliIn(project)('doctor', '--ollama-url', closedUrl);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`not reachable at ${closedUrl}`);
    expect(result.stdout).toContain('All required checks passed.');
  });

  it('fails (exit 1) when the current directory cannot hold a database', async () => {
    // On Linux, /proc refuses new files even to root; elsewhere a read-only directory does (to
    // anyone but root).
    let cwd = '/proc';
    if (process.platform !== 'linux') {
      cwd = temporaryDirectory();
      chmodSync(cwd, 0o555);
    }
    const result = await runCliProcess(['doctor', '--json', '--ollama-url', closedUrl], { cwd });
    if (cwd !== '/proc') chmodSync(cwd, 0o755);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report.ok).toBe(false);
    expect(check(report, 'Trace database writable in the current directory')).toMatchObject({ status: 'fail' });
  });
});
