import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { CheckpointManager } from '@clearstone/debugging';
import { TraceStore } from '@clearstone/observability';
import {
  BIN,
  baseEnvironment,
  cliIn,
  requireBuiltCli,
  temporaryDirectory,
  type CliRun,
} from './helpers/run-cli-process';
import { createTraceDatabase, type RecordedTraces } from './helpers/trace-database';

jest.setTimeout(60_000);

let project: string;
let recorded: RecordedTraces;
let cli: (...args: string[]) => Promise<CliRun>;
const running: ChildProcess[] = [];

interface Served {
  child: ChildProcess;
  url: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts `clearstone ui …` and resolves once it printed its address as JSON. */
function serve(...args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'ui', '--json', ...args], {
    cwd: project,
    env: baseEnvironment(project),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => {
      child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
    },
  );
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /"url":\s*"([^"]+)"/.exec(stdout);
      if (match) resolve({ child, url: match[1], exit });
    });
    void exit.then(({ code }) => reject(new Error(`clearstone ui exited with ${code} before listening: ${stderr}`)));
  });
}

beforeAll(async () => {
  requireBuiltCli();
  project = temporaryDirectory();
  recorded = await createTraceDatabase(project);
  cli = cliIn(project);
});

afterAll(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('clearstone ui', () => {
  it('serves the traces of the database on 127.0.0.1 and stops cleanly on SIGINT', async () => {
    const served = await serve('--db', 'traces.db', '--port', '0');
    const url = new URL(served.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(Number(url.port)).toBeGreaterThan(0);

    const health = await (await fetch(new URL('/api/health', url))).json();
    expect(health).toMatchObject({
      status: 'ok',
      readOnly: true,
      checkpoints: 'none',
      dbPath: join(project, 'traces.db'),
    });
    const list = (await (await fetch(new URL('/api/traces', url))).json()) as { traces: Array<{ traceId: string }> };
    expect(list.traces.map((trace) => trace.traceId).sort()).toEqual(
      [recorded.guestDelete, recorded.memberSearch, recorded.failing].sort(),
    );
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');

    served.child.kill('SIGINT');
    const exit = await served.exit;
    expect(exit.code).toBe(0);
    await expect(fetch(new URL('/api/health', url))).rejects.toThrow();
  });

  it('links verified checkpoints from --checkpoints', async () => {
    const store = new TraceStore(recorded.dbPath, { readonly: true });
    const trace = store.getTrace(recorded.guestDelete)!;
    store.close();
    const checkpoint = new CheckpointManager({ dir: join(project, 'ckpts') }).createCheckpoint(
      { step: 1 },
      trace,
      trace.spans[1].spanId,
      { label: 'after chat' },
    );
    const served = await serve('--db', 'traces.db', '--port', '0', '--checkpoints', 'ckpts');
    const health = (await (await fetch(new URL('/api/health', served.url))).json()) as { checkpoints: string };
    expect(health.checkpoints).toBe('verified');
    const links = (await (
      await fetch(new URL(`/api/traces/${recorded.guestDelete}/checkpoints`, served.url))
    ).json()) as { checkpoints: unknown[] };
    expect(links.checkpoints).toEqual([
      expect.objectContaining({ checkpointId: checkpoint.metadata.checkpointId, label: 'after chat' }),
    ]);
    served.child.kill('SIGTERM');
    expect((await served.exit).code).toBe(0);
  });

  it('reports a taken port, a missing database and a bad port with exit codes 1, 1 and 2', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const takenPort = (blocker.address() as { port: number }).port;
    try {
      const taken = await cli('ui', '--db', 'traces.db', '--port', String(takenPort));
      expect(taken.code).toBe(1);
      expect(taken.stderr).toContain(`Port ${takenPort}`);
      expect(taken.stderr).toContain('already in use');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }

    const missing = await cli('ui', '--db', 'nowhere.db', '--port', '0');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nowhere\.db/);

    const missingJson = await cli('ui', '--db', 'nowhere.db', '--port', '0', '--json');
    expect(missingJson.code).toBe(1);
    expect(JSON.parse(missingJson.stderr).error.code).toBe('DATABASE_NOT_FOUND');

    const badPort = await cli('ui', '--port', '70000');
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('--port must be an integer from 0 to 65535');

    const missingCheckpoints = await cli('ui', '--db', 'traces.db', '--port', '0', '--checkpoints', 'no-such-dir');
    expect(missingCheckpoints.code).toBe(1);
    expect(missingCheckpoints.stderr).toContain('No checkpoint directory');
  });

  it('documents itself in --help', async () => {
    const help = await cli('ui', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--port');
    expect(help.stdout).toContain('--checkpoints');
    expect(help.stdout).toContain('read-only');
  });
});
