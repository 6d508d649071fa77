import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionType, createContext, type Decision } from '@clearstone/core';
import { PolicyEngine } from '../../engine/policy-engine';
import { contextWith } from '../internal/test-context';
import { modelHealthCheckPolicy } from './model-health-check-policy';

type Mode = 'ok' | 'down' | 'hang' | 'no-content' | 'teapot';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('modelHealthCheckPolicy against a real HTTP server', () => {
  let mode: Mode = 'ok';
  let requests: string[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests.push(`${request.method} ${request.url}`);
    if (mode === 'hang') return void hanging.push(response);
    const status = { ok: 200, down: 503, 'no-content': 204, teapot: 418 }[mode];
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(status === 204 ? undefined : JSON.stringify({ models: [] }));
  });
  let url = '';
  let closedPortUrl = '';

  beforeAll(async () => {
    url = `http://127.0.0.1:${await listen(server)}/api/tags`;
    const closed = createServer();
    closedPortUrl = `http://127.0.0.1:${await listen(closed)}/api/tags`;
    await new Promise((resolve) => closed.close(resolve));
  });
  beforeEach(() => {
    requests = [];
  });
  afterAll(async () => {
    hanging.forEach((response) => response.destroy());
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const fresh = (options: Parameters<typeof modelHealthCheckPolicy>[0] = {}) =>
    modelHealthCheckPolicy({ localModelHealthUrl: url, cacheTtlMs: 0, ...options });

  it('has the original name and priority and probes Ollama by default', () => {
    expect(modelHealthCheckPolicy().policyInfo).toMatchObject({ name: 'local_model_health_check', priority: 190 });
  });

  it('allows when the server answers 200, with exactly one request', async () => {
    mode = 'ok';
    const decision = await fresh()(contextWith());
    expect(decision.action).toBe(ActionType.ALLOW);
    expect(requests).toEqual(['GET /api/tags']);
  });

  it('treats any 2xx as healthy', async () => {
    mode = 'no-content';
    expect((await fresh()(contextWith())).action).toBe(ActionType.ALLOW);
  });

  it('blocks as unhealthy on 503 and other statuses', async () => {
    mode = 'down';
    const decision = await fresh()(contextWith());
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toBe(`Local model server at ${url} is unhealthy (status: 503).`);
    mode = 'teapot';
    expect((await fresh()(contextWith())).reason).toContain('unhealthy (status: 418)');
  });

  // The server below never answers: a decision arrives only because the probe's abort signal
  // fired. The tests check which timeout the probe set, not how long the decision took.
  it('blocks as unreachable when the server never answers, within the 0.5 s default timeout', async () => {
    mode = 'hang';
    const timeout = jest.spyOn(AbortSignal, 'timeout');
    const decision = await fresh()(contextWith());
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toBe(`Local model server at ${url} is unreachable. Error: TimeoutError`);
    expect(requests).toEqual(['GET /api/tags']);
    expect(timeout.mock.calls).toEqual([[500]]);
    timeout.mockRestore();
  });

  it('honours healthCheckTimeout from metadata (seconds)', async () => {
    mode = 'hang';
    const timeout = jest.spyOn(AbortSignal, 'timeout');
    const decision = await fresh({ healthCheckTimeout: 20 })(contextWith({ healthCheckTimeout: 0.2 }));
    expect(decision.reason).toContain('unreachable');
    // The metadata's 0.2 s, not the option's 20 s.
    expect(timeout.mock.calls).toEqual([[200]]);
    timeout.mockRestore();
  });

  it('blocks as unreachable on a closed port', async () => {
    const decision = await modelHealthCheckPolicy({ localModelHealthUrl: closedPortUrl })(contextWith());
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toBe(`Local model server at ${closedPortUrl} is unreachable. Error: ECONNREFUSED`);
  });

  it('caches a result per URL for cacheTtlMs and shares concurrent probes', async () => {
    mode = 'ok';
    const cached = modelHealthCheckPolicy({ localModelHealthUrl: url, cacheTtlMs: 60_000 });
    const decisions = await Promise.all([cached(contextWith()), cached(contextWith()), cached(contextWith())]);
    expect(decisions.map((decision) => decision.action)).toEqual([
      ActionType.ALLOW,
      ActionType.ALLOW,
      ActionType.ALLOW,
    ]);
    mode = 'down';
    expect((await cached(contextWith())).action).toBe(ActionType.ALLOW);
    expect(requests).toHaveLength(1);
    // Another URL is probed separately.
    expect((await cached(contextWith({ localModelHealthUrl: `${url}?other` }))).reason).toContain(
      'unhealthy (status: 503)',
    );
    expect(requests).toHaveLength(2);
  });

  it('probes again on every decision with cacheTtlMs 0 and can use HEAD', async () => {
    mode = 'ok';
    const policy = fresh({ method: 'HEAD' });
    await policy(contextWith());
    await policy(contextWith());
    expect(requests).toEqual(['HEAD /api/tags', 'HEAD /api/tags']);
  });

  it('rejects invalid options at construction and fails closed on an invalid metadata URL', async () => {
    expect(() => modelHealthCheckPolicy({ localModelHealthUrl: 'localhost:11434' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => modelHealthCheckPolicy({ localModelHealthUrl: 'ftp://x/' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => modelHealthCheckPolicy({ healthCheckTimeout: 0 })).toThrow(
      expect.objectContaining({ argument: 'healthCheckTimeout' }),
    );
    expect(() => modelHealthCheckPolicy({ method: 'POST' as never })).toThrow(
      expect.objectContaining({ argument: 'method' }),
    );
    const decision: Decision = await fresh()(contextWith({ localModelHealthUrl: 'not a url' }));
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toMatch(/^Policy 'local_model_health_check' cannot decide/);
  });

  it('blocks an LLM call through the engine while the server is down and allows it once it is up', async () => {
    const engine = new PolicyEngine({ policies: [fresh()] });
    const ctx = createContext({ userId: 'u', agentId: 'local-agent', metadata: { model: 'llama3' } });
    mode = 'down';
    const blocked = await engine.evaluate(ctx);
    expect(blocked.action).toBe(ActionType.BLOCK);
    expect(blocked.metadata.policyName).toBe('local_model_health_check');
    mode = 'ok';
    expect((await engine.evaluate(ctx)).action).toBe(ActionType.ALLOW);
  });
});
