import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TelemetryBatch } from '@clearstone/core';

// The integration's components announce themselves once per process, like every Clearstone
// component, when telemetry is on and an endpoint is set; checked against a local receiver.
jest.setTimeout(60_000);

let server: Server;
let endpoint: string;
let home: string;
const received: TelemetryBatch[] = [];

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'clearstone-langchain-telemetry-'));
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(JSON.parse(body) as TelemetryBatch);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(home, { recursive: true, force: true });
});

it('records clearstoneMiddleware, PolicyCallbackHandler and TracingCallbackHandler once each', async () => {
  const script = `
    import { ALLOW } from '@clearstone/core';
    import { PolicyEngine, definePolicy } from '@clearstone/policy';
    import { PolicyCallbackHandler, TracingCallbackHandler } from '@clearstone/langchain';
    import { clearstoneMiddleware } from '@clearstone/langchain/middleware';
    const engine = new PolicyEngine({ policies: [definePolicy({ name: 'allow_all' }, () => ALLOW)] });
    const tracer = { getTracer: () => ({ startSpan() {}, span() {} }) };
    for (let i = 0; i < 3; i++) {
      clearstoneMiddleware({ engine });
      new PolicyCallbackHandler(engine);
      new TracingCallbackHandler(tracer);
    }
  `;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CLEARSTONE_HOME: join(home, '.clearstone'),
    CLEARSTONE_TELEMETRY_ENDPOINT: endpoint,
  };
  for (const name of ['CI', 'DO_NOT_TRACK', 'CLEARSTONE_TELEMETRY_DISABLED']) delete env[name];
  const exit = await new Promise<{ code: number; stderr: string }>((done) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { cwd: resolve(__dirname, '..'), env },
      (error, _stdout, stderr) => done({ code: error === null ? 0 : Number(error.code), stderr }),
    );
  });
  expect(exit).toMatchObject({ code: 0 });
  const expected = ['PolicyCallbackHandler', 'PolicyEngine', 'TracingCallbackHandler', 'clearstoneMiddleware'];
  const names = () => received.flatMap((batch) => batch.events).map((event) => event.payload.name);
  for (let attempt = 0; attempt < 100 && !expected.every((name) => names().includes(name)); attempt++)
    await new Promise((done) => setTimeout(done, 100));
  expect([...names()].sort()).toEqual(expected);
});
