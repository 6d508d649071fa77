import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SDK_VERSION } from '../version';
import { TelemetryClient } from './telemetry-client';
import type { TelemetryBatch } from './telemetry-event';
import { TelemetryError } from './telemetry-error';
import { getTelemetryStatus, setTelemetryEnabled } from './telemetry-status';

let server: Server;
let endpoint: string;
let received: TelemetryBatch[] = [];
let configDir: string;

beforeAll(async () => {
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

beforeEach(() => {
  received = [];
  configDir = join(mkdtempSync(join(tmpdir(), 'clearstone-telemetry-')), '.clearstone');
});

afterEach(() => {
  rmSync(join(configDir, '..'), { recursive: true, force: true });
});

function client(env: Record<string, string>, notices: string[] = []): TelemetryClient {
  return new TelemetryClient({
    env,
    configDir,
    sendAtExit: false,
    notices: { write: (text: string) => notices.push(text) },
  });
}

async function recordAndFlush(env: Record<string, string>): Promise<void> {
  const telemetry = client(env);
  telemetry.recordComponentInitialized('PolicyEngine');
  await telemetry.flush();
}

describe('telemetry enabled with an endpoint', () => {
  it('sends one batched component_initialized event per component and shows the notice once', async () => {
    const notices: string[] = [];
    const telemetry = client({ CLEARSTONE_TELEMETRY_ENDPOINT: endpoint }, notices);
    telemetry.recordComponentInitialized('PolicyEngine');
    telemetry.recordComponentInitialized('PolicyEngine');
    telemetry.recordComponentInitialized('TracerProvider');
    await telemetry.flush();

    expect(received).toHaveLength(1);
    const [first, second] = received[0].events;
    expect(received[0].events).toHaveLength(2);
    expect(first).toMatchObject({
      eventName: 'component_initialized',
      sdkVersion: SDK_VERSION,
      nodeVersion: process.versions.node,
      platform: process.platform,
      payload: { name: 'PolicyEngine' },
    });
    expect(second.payload).toEqual({ name: 'TracerProvider' });
    expect(first.anonymousId).toMatch(/^user_[0-9a-f]{32}$/);
    expect(first.sessionId).toMatch(/^sess_[0-9a-f]{32}$/);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('CLEARSTONE_TELEMETRY_DISABLED=1');
    expect(notices[0]).toContain(endpoint);

    const saved = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8'));
    expect(saved.telemetry).toEqual({ anonymousId: first.anonymousId, noticeShown: true });

    const laterNotices: string[] = [];
    const later = client({ CLEARSTONE_TELEMETRY_ENDPOINT: endpoint }, laterNotices);
    later.recordComponentInitialized('PolicyEngine');
    await later.flush();
    expect(laterNotices).toEqual([]);
    expect(received[1].events[0].anonymousId).toBe(first.anonymousId);
  });

  it('reads the endpoint from the config file', async () => {
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ other: 1, telemetry: { endpoint } }));
    await recordAndFlush({});
    expect(received).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')).other).toBe(1);
  });

  it('never rejects when the endpoint is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(
      recordAndFlush({ CLEARSTONE_TELEMETRY_ENDPOINT: `http://127.0.0.1:${port}/` }),
    ).resolves.toBeUndefined();
  });
});

describe('telemetry opt-outs', () => {
  it.each([
    ['CLEARSTONE_TELEMETRY_DISABLED=1', { CLEARSTONE_TELEMETRY_DISABLED: '1' }, 'CLEARSTONE_TELEMETRY_DISABLED'],
    ['CLEARSTONE_TELEMETRY_DISABLED=true', { CLEARSTONE_TELEMETRY_DISABLED: 'TRUE' }, 'CLEARSTONE_TELEMETRY_DISABLED'],
    ['DO_NOT_TRACK=1', { DO_NOT_TRACK: '1' }, 'DO_NOT_TRACK'],
    ['CI=true', { CI: 'true' }, 'CI'],
  ])('%s: no request and no file', async (_label, optOut, disabledBy) => {
    const env = { CLEARSTONE_TELEMETRY_ENDPOINT: endpoint, ...optOut };
    await recordAndFlush(env);
    expect(received).toEqual([]);
    expect(existsSync(configDir)).toBe(false);
    expect(getTelemetryStatus({ env, configDir })).toMatchObject({ enabled: false, sending: false, disabledBy });
  });

  it('the config file opt-out: no request, file unchanged', async () => {
    mkdirSync(configDir, { recursive: true });
    const text = JSON.stringify({ telemetry: { disabled: true, endpoint } });
    writeFileSync(join(configDir, 'config.json'), text);
    await recordAndFlush({});
    expect(received).toEqual([]);
    expect(readFileSync(join(configDir, 'config.json'), 'utf8')).toBe(text);
  });

  it('without an endpoint nothing is sent or written', async () => {
    await recordAndFlush({});
    expect(received).toEqual([]);
    expect(existsSync(configDir)).toBe(false);
    expect(getTelemetryStatus({ env: {}, configDir })).toMatchObject({ enabled: true, sending: false });
  });

  it('CI=false and DO_NOT_TRACK=0 do not opt out', () => {
    expect(
      getTelemetryStatus({
        env: { CI: 'false', DO_NOT_TRACK: '0', CLEARSTONE_TELEMETRY_ENDPOINT: endpoint },
        configDir,
      }),
    ).toMatchObject({ enabled: true, sending: true });
  });

  it('an unparsable config file counts as an opt-out and is never overwritten', async () => {
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, 'config.json'), '{ not json');
    await recordAndFlush({ CLEARSTONE_TELEMETRY_ENDPOINT: endpoint });
    expect(received).toEqual([]);
    expect(getTelemetryStatus({ env: {}, configDir }).disabledBy).toBe('config-invalid');
    expect(() => setTelemetryEnabled(false, { env: {}, configDir })).toThrow(TelemetryError);
    expect(readFileSync(join(configDir, 'config.json'), 'utf8')).toBe('{ not json');
  });
});

describe('setTelemetryEnabled', () => {
  it('saves the choice, keeps other keys and forgets the anonymous id on disable', () => {
    mkdirSync(configDir, { recursive: true });
    writeFileSync(
      join(configDir, 'config.json'),
      JSON.stringify({ keep: 'me', telemetry: { anonymousId: 'user_x', endpoint } }),
    );
    expect(setTelemetryEnabled(false, { env: {}, configDir })).toMatchObject({ enabled: false, disabledBy: 'config' });
    expect(JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8'))).toEqual({
      keep: 'me',
      telemetry: { endpoint, disabled: true },
    });
    expect(setTelemetryEnabled(true, { env: {}, configDir })).toMatchObject({ enabled: true, sending: true, endpoint });
  });
});
