import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { join, resolve as resolve_ } from 'node:path';
import type { TelemetryBatch } from '@clearstone/core';
import { baseEnvironment, requireBuiltCli, runCliProcess, temporaryDirectory } from './helpers/run-cli-process';

// Each test runs the built CLI as child processes; a loaded machine needs more than Jest's default 5 s.
jest.setTimeout(60_000);

let server: Server;
let endpoint: string;
const received: TelemetryBatch[] = [];

beforeAll(async () => {
  requireBuiltCli();
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(JSON.parse(body) as TelemetryBatch);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function waitForBatches(count: number): Promise<void> {
  for (let attempt = 0; attempt < 150 && received.length < count; attempt++)
    await new Promise((resolve) => setTimeout(resolve, 100));
}

function homeOf(project: string): string {
  return join(project, '.clearstone');
}

describe('clearstone telemetry status|enable|disable', () => {
  it('edits the config file and reports the status, as text and JSON', async () => {
    const project = temporaryDirectory();
    const env = baseEnvironment(project, { CLEARSTONE_TELEMETRY_DISABLED: undefined });
    const cli = (...args: string[]) => runCliProcess(args, { cwd: project, env });

    const initial = await cli('telemetry', 'status', '--json');
    expect(initial.code).toBe(0);
    expect(JSON.parse(initial.stdout)).toMatchObject({
      enabled: true,
      sending: false,
      configPath: join(homeOf(project), 'config.json'),
    });
    expect(existsSync(homeOf(project))).toBe(false);

    const disabled = await cli('telemetry', 'disable');
    expect(disabled).toMatchObject({ code: 0 });
    expect(disabled.stdout).toContain('disabled');
    expect(JSON.parse(readFileSync(join(homeOf(project), 'config.json'), 'utf8'))).toEqual({
      telemetry: { disabled: true },
    });
    expect(JSON.parse((await cli('telemetry', 'status', '--json')).stdout)).toMatchObject({
      enabled: false,
      disabledBy: 'config',
    });

    const enabled = await cli('telemetry', 'enable', '--json');
    expect(JSON.parse(enabled.stdout)).toMatchObject({ enabled: true });
    expect(JSON.parse(readFileSync(join(homeOf(project), 'config.json'), 'utf8'))).toEqual({
      telemetry: { disabled: false },
    });
  });

  it('says when an environment opt-out still applies after enable', async () => {
    const project = temporaryDirectory();
    const result = await runCliProcess(['telemetry', 'enable'], {
      cwd: project,
      env: baseEnvironment(project, { CLEARSTONE_TELEMETRY_DISABLED: undefined, DO_NOT_TRACK: '1' }),
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('DO_NOT_TRACK');
  });

  it('refuses to rewrite an invalid config file (exit 1)', async () => {
    const project = temporaryDirectory();
    mkdirSync(homeOf(project));
    writeFileSync(join(homeOf(project), 'config.json'), '{ broken');
    const result = await runCliProcess(['telemetry', 'disable'], { cwd: project, env: baseEnvironment(project) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not valid JSON');
    expect(readFileSync(join(homeOf(project), 'config.json'), 'utf8')).toBe('{ broken');
  });

  it('needs a subcommand (exit 2)', async () => {
    const project = temporaryDirectory();
    expect((await runCliProcess(['telemetry'], { cwd: project })).code).toBe(2);
    expect((await runCliProcess(['telemetry', 'maybe'], { cwd: project })).code).toBe(2);
  });
});

describe('telemetry of a CLI run, against a local receiver', () => {
  it('each opt-out sends nothing and writes no file; enabled with an endpoint, the event arrives and the notice shows once', async () => {
    const optOuts: Array<Record<string, string | undefined>> = [
      { CLEARSTONE_TELEMETRY_DISABLED: '1' },
      { CLEARSTONE_TELEMETRY_DISABLED: 'true' },
      { CLEARSTONE_TELEMETRY_DISABLED: undefined, DO_NOT_TRACK: '1' },
      { CLEARSTONE_TELEMETRY_DISABLED: undefined, CI: 'true' },
    ];
    const projects = optOuts.map(() => temporaryDirectory());
    const results = await Promise.all(
      optOuts.map((optOut, index) =>
        runCliProcess(['--version'], {
          cwd: projects[index],
          env: baseEnvironment(projects[index], { CLEARSTONE_TELEMETRY_ENDPOINT: endpoint, ...optOut }),
        }),
      ),
    );
    results.forEach((result, index) => {
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(existsSync(homeOf(projects[index]))).toBe(false);
    });
    const configOptOut = temporaryDirectory();
    mkdirSync(homeOf(configOptOut));
    writeFileSync(
      join(homeOf(configOptOut), 'config.json'),
      JSON.stringify({ telemetry: { disabled: true, endpoint } }),
    );
    await runCliProcess(['--version'], {
      cwd: configOptOut,
      env: baseEnvironment(configOptOut, { CLEARSTONE_TELEMETRY_DISABLED: undefined }),
    });
    expect(JSON.parse(readFileSync(join(homeOf(configOptOut), 'config.json'), 'utf8'))).toEqual({
      telemetry: { disabled: true, endpoint },
    });

    const noEndpoint = temporaryDirectory();
    await runCliProcess(['--version'], {
      cwd: noEndpoint,
      env: baseEnvironment(noEndpoint, { CLEARSTONE_TELEMETRY_DISABLED: undefined }),
    });
    expect(existsSync(homeOf(noEndpoint))).toBe(false);

    const project = temporaryDirectory();
    const env = baseEnvironment(project, {
      CLEARSTONE_TELEMETRY_DISABLED: undefined,
      CLEARSTONE_TELEMETRY_ENDPOINT: endpoint,
    });
    const first = await runCliProcess(['--version'], { cwd: project, env });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('anonymous usage statistics');
    await waitForBatches(1);

    expect(received).toHaveLength(1);
    const [event] = received[0].events;
    expect(event).toMatchObject({
      eventName: 'component_initialized',
      payload: { name: 'cli' },
      platform: process.platform,
      nodeVersion: process.versions.node,
    });
    const saved = JSON.parse(readFileSync(join(homeOf(project), 'config.json'), 'utf8'));
    expect(saved.telemetry).toEqual({ anonymousId: event.anonymousId, noticeShown: true });

    const second = await runCliProcess(['--version'], { cwd: project, env });
    expect(second.stderr).toBe('');
    await waitForBatches(2);
    expect(received[1].events[0].anonymousId).toBe(event.anonymousId);
  });
});

describe('telemetry of the library components, against a local receiver', () => {
  it('each component records itself once per process: engine, tracer provider, harness, checkpoints, replay, viewer', async () => {
    const project = temporaryDirectory();
    const env = baseEnvironment(project, {
      CLEARSTONE_TELEMETRY_DISABLED: undefined,
      CLEARSTONE_TELEMETRY_ENDPOINT: endpoint,
    });
    const script = `
      import { join } from 'node:path';
      import { PolicyEngine, definePolicy } from '@clearstone/policy';
      import { ALLOW } from '@clearstone/core';
      import { TracerProvider } from '@clearstone/observability';
      import { PolicyTestHarness } from '@clearstone/testing';
      import { CheckpointManager, ReplayEngine } from '@clearstone/debugging';
      import { startViewer } from '@clearstone/viewer';
      const dir = ${JSON.stringify(project)};
      const policies = [definePolicy({ name: 'allow_all' }, () => ALLOW)];
      new PolicyEngine({ policies });
      new PolicyEngine({ policies });
      const provider = new TracerProvider({ dbPath: join(dir, 'traces.db') });
      const traceId = await provider.getTracer('t').span('run', (span) => span.traceId);
      await provider.shutdown();
      new PolicyTestHarness(join(dir, 'traces.db')).close();
      const trace = new PolicyTestHarness(join(dir, 'traces.db')).loadTraces()[0];
      const checkpoint = new CheckpointManager({ dir: join(dir, 'ckpt') }).createCheckpoint({ step: 1 }, trace, trace.rootSpanId);
      new ReplayEngine(checkpoint);
      const viewer = await startViewer({ dbPath: join(dir, 'traces.db'), port: 0 });
      await viewer.close();
    `;
    const child = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', script],
        { cwd: resolve_(__dirname, '..'), env },
        (error, _stdout, stderr) => resolve({ code: error === null ? 0 : (error.code as number), stderr }),
      );
    });
    expect(child).toMatchObject({ code: 0 });
    for (let attempt = 0; attempt < 150; attempt++) {
      const names = received.flatMap((batch) => batch.events).map((event) => event.payload.name);
      if (
        ['PolicyEngine', 'PolicyTestHarness', 'CheckpointManager', 'ReplayEngine', 'TracerProvider', 'Viewer'].every(
          (name) => names.includes(name),
        )
      )
        break;
      await new Promise((resolveTimer) => setTimeout(resolveTimer, 100));
    }
    const sessions = new Map<string, string[]>();
    for (const event of received.flatMap((batch) => batch.events))
      sessions.set(event.sessionId, [...(sessions.get(event.sessionId) ?? []), event.payload.name]);
    const libraryRun = [...sessions.values()].find((names) => names.includes('PolicyEngine'));
    expect(libraryRun).toBeDefined();
    expect([...libraryRun!].sort()).toEqual(
      expect.arrayContaining([
        'CheckpointManager',
        'PolicyEngine',
        'PolicyTestHarness',
        'ReplayEngine',
        'TracerProvider',
        'Viewer',
      ]),
    );
    expect(libraryRun!.filter((name) => name === 'PolicyEngine')).toHaveLength(1);
    expect(libraryRun!.filter((name) => name === 'PolicyTestHarness')).toHaveLength(1);
  });
});
