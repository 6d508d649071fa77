/* eslint-disable @typescript-eslint/no-explicit-any -- the API's JSON answers are checked by shape */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { SpanKind, SpanStatusCode } from '@clearstone/core';
import { TraceStore } from '@clearstone/observability';
import { startViewer } from '../src';
import type { RunningViewer } from '../src';
import { buildPageAssets } from './support/page-assets';
import { HOSTILE_TEXT, writeSampleDatabase } from './support/sample-database';
import type { SampleTraces } from './support/sample-database';

let directory: string;
let assetsDir: string;
let traces: SampleTraces;
let viewer: RunningViewer;

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'clearstone-viewer-api-'));
  [traces, assetsDir] = await Promise.all([writeSampleDatabase(path.join(directory, 'traces.db')), buildPageAssets()]);
  viewer = await startViewer({ dbPath: path.join(directory, 'traces.db'), port: 0, assetsDir });
});

afterAll(async () => {
  await viewer?.close();
  rmSync(directory, { recursive: true, force: true });
  rmSync(assetsDir, { recursive: true, force: true });
});

async function get(pathAndQuery: string): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(new URL(pathAndQuery, viewer.url));
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.startsWith('application/json') ?? false;
  return { status: response.status, body: isJson ? JSON.parse(text) : text, headers: response.headers };
}

describe('GET /api/traces', () => {
  it('lists traces newest first with root name, timing, status, span count, tokens, cost and decision counts', async () => {
    const { status, body } = await get('/api/traces');
    expect(status).toBe(200);
    expect(body.limit).toBe(50);
    expect(body.hasMore).toBe(false);
    expect(body.traces).toHaveLength(29);
    expect(body.traces.slice(0, 4).map((trace: any) => trace.traceId)).toEqual([
      traces.hostile,
      traces.failing,
      traces.blocked,
      traces.agent,
    ]);
    expect(body.traces.at(-1).traceId).toBe(traces.old);
    const agent = body.traces[3];
    expect(agent).toMatchObject({
      name: 'agent_execution',
      status: 'OK',
      spanCount: 4,
      inputTokens: 280,
      outputTokens: 42,
      totalTokens: 322,
      blockedCount: 0,
      pausedCount: 0,
    });
    expect(agent.costUsd).toBeCloseTo(0.002, 10);
    expect(typeof agent.startTimeNs).toBe('string');
    expect(agent.durationMs).toBeGreaterThanOrEqual(0);
    expect(agent).toMatchObject({ blocked: false, paused: false, preventedCount: 0 });
    expect(body.traces[2]).toMatchObject({
      blockedCount: 1,
      pausedCount: 1,
      decisionCount: 2,
      totalTokens: 60,
      preventedCount: 2,
      blocked: true,
      paused: true,
    });
    expect(body.traces[2].costUsd).toBeUndefined();
    expect(body.traces[1]).toMatchObject({ name: 'failing_agent', status: 'ERROR', spanCount: 2 });
  });

  it('pages with limit and offset and says whether more traces follow', async () => {
    const first = await get('/api/traces?limit=10');
    const second = await get('/api/traces?limit=10&offset=10');
    const last = await get('/api/traces?limit=10&offset=20');
    expect(first.body.traces).toHaveLength(10);
    expect(first.body.hasMore).toBe(true);
    expect(last.body.traces).toHaveLength(9);
    expect(last.body.hasMore).toBe(false);
    const ids = [...first.body.traces, ...second.body.traces, ...last.body.traces].map((trace: any) => trace.traceId);
    expect(new Set(ids).size).toBe(29);
    expect((await get('/api/traces?offset=500')).body).toEqual({
      traces: [],
      total: 29,
      limit: 50,
      offset: 500,
      hasMore: false,
    });
    expect(first.body.total).toBe(29);
    expect((await get('/api/traces?name=batch_job&limit=5')).body.total).toBe(24);
  });

  it('finds traces by a part of their name and by any span attribute, sorted', async () => {
    const named = await get('/api/traces?q=AGENT');
    expect(named.body.traces.map((trace: any) => trace.traceId)).toEqual([
      traces.failing,
      traces.blocked,
      traces.agent,
    ]);
    expect(named.body.total).toBe(3);
    // The tool name is recorded on a child span, never on the root.
    const tool = await get(`/api/traces?attr=${encodeURIComponent('gen_ai.tool.name=delete_file')}`);
    expect(tool.body.traces.map((trace: any) => trace.traceId)).toEqual([traces.blocked]);
    const blocked = await get('/api/traces?blocked=true');
    expect(blocked.body.traces.map((trace: any) => trace.traceId)).toEqual([traces.blocked]);
    const bySpans = await get('/api/traces?sort=spans&limit=2');
    expect(bySpans.body.traces.map((trace: any) => trace.spanCount)).toEqual([4, 4]);
    const byName = await get('/api/traces?sort=name&order=asc&limit=1');
    expect(byName.body.traces[0].name).toBe('agent_execution');
    expect((await get('/api/traces?sort=cost')).body.error).toMatchObject({
      code: 'INVALID_PARAMETER',
      parameter: 'sort',
    });
  });

  it('filters by status, root name, attribute and time range', async () => {
    const errors = await get('/api/traces?status=error');
    expect(errors.body.traces.map((trace: any) => trace.traceId)).toEqual([traces.failing]);
    const named = await get('/api/traces?name=agent_execution');
    expect(named.body.traces.map((trace: any) => trace.traceId)).toEqual([traces.blocked, traces.agent]);
    const even = await get(`/api/traces?attr=${encodeURIComponent('clearstone.agent.id=even')}&name=batch_job`);
    expect(even.body.traces).toHaveLength(12);
    const numeric = await get(`/api/traces?attr=${encodeURIComponent('job.index=7')}`);
    expect(numeric.body.traces.map((trace: any) => trace.traceId)).toEqual([traces.batch[7]]);
    const quoted = await get(`/api/traces?attr=${encodeURIComponent('job.index="7"')}`);
    expect(quoted.body.traces).toEqual([]);
    const before2025 = await get('/api/traces?until=2025-01-01');
    expect(before2025.body.traces.map((trace: any) => trace.traceId)).toEqual([traces.old]);
    const since2025 = await get(`/api/traces?since=${Date.UTC(2025, 0, 1)}`);
    expect(since2025.body.traces).toHaveLength(28);
  });

  it.each([
    ['/api/traces?limit=0', 'INVALID_PARAMETER', 'limit'],
    ['/api/traces?limit=abc', 'INVALID_PARAMETER', 'limit'],
    ['/api/traces?limit=501', 'INVALID_PARAMETER', 'limit'],
    ['/api/traces?offset=-1', 'INVALID_PARAMETER', 'offset'],
    ['/api/traces?status=BROKEN', 'INVALID_PARAMETER', 'status'],
    ['/api/traces?since=yesterday', 'INVALID_PARAMETER', 'since'],
    ['/api/traces?since=2025-02-01&until=2025-01-01', 'INVALID_PARAMETER', 'until'],
    ['/api/traces?attr=novalue', 'INVALID_PARAMETER', 'attr'],
    ['/api/traces?stauts=OK', 'UNKNOWN_PARAMETER', 'stauts'],
    ['/api/traces?limit=1&limit=2', 'UNKNOWN_PARAMETER', 'limit'],
  ])('answers %s with 400 and a code', async (url, code, parameter) => {
    const { status, body } = await get(url);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code, parameter });
    expect(body.error.message).toEqual(expect.any(String));
  });
});

describe('GET /api/traces/:id', () => {
  it('returns the span tree in waterfall order with decoded snapshots, model and tool details', async () => {
    const { status, body } = await get(`/api/traces/${traces.agent}`);
    expect(status).toBe(200);
    expect(body.spans.map((span: any) => [span.name, span.depth])).toEqual([
      ['agent_execution', 0],
      ['chat gpt-4o', 1],
      ['execute_tool calculator', 1],
      ['chat gpt-4o', 1],
    ]);
    const [root, chat, tool] = body.spans;
    expect(JSON.parse(root.input.json)).toEqual({ question: 'What is 6 x 7?' });
    expect(root.input.json).toContain('\n  "question"');
    expect(chat.llm).toMatchObject({
      operation: 'chat',
      model: 'gpt-4o',
      inputTokens: 120,
      outputTokens: 30,
      costUsd: 0.0012,
    });
    expect(tool.tool).toEqual({ name: 'calculator', callId: 'call_1' });
    expect(JSON.parse(tool.input.json)).toEqual({ expression: '6*7' });
    expect(JSON.parse(tool.output.json)).toBe(42);
    expect(chat.offsetMs).toBeGreaterThanOrEqual(0);
    expect(body.totals.totalTokens).toBe(322);
  });

  it('lists policy decisions per span with action, policy and reason', async () => {
    const { body } = await get(`/api/traces/${traces.blocked}`);
    const chat = body.spans.find((span: any) => span.name === 'chat gpt-4o-mini');
    expect(chat.decisions).toEqual([
      expect.objectContaining({
        action: 'block',
        policyName: 'no_file_deletion',
        reason: 'Deleting files is not allowed for this agent',
        toolName: 'delete_file',
        eventType: 'tool_call',
      }),
    ]);
    const tool = body.spans.find((span: any) => span.name === 'execute_tool send_email');
    expect(tool.decisions).toEqual([
      expect.objectContaining({ action: 'pause', policyName: 'human_review', interventionId: 'int_1' }),
    ]);
    expect(tool.events.map((event: any) => event.category)).toEqual(['policy_decision']);
  });

  it('marks the governed calls that did not run, with their outcome', async () => {
    const { body } = await get(`/api/traces/${traces.blocked}`);
    const outcomes = body.spans.map((span: any) => [span.name, span.outcome ?? null, span.prevented]);
    expect(outcomes).toEqual([
      ['agent_execution', null, false],
      ['chat gpt-4o-mini', null, false],
      ['execute_tool delete_file', 'blocked', true],
      ['execute_tool send_email', 'paused', true],
    ]);
    const deleteFile = body.spans.find((span: any) => span.name === 'execute_tool delete_file');
    expect(deleteFile.tool).toEqual({ name: 'delete_file', callId: 'call_rm' });
    expect(deleteFile.decisions).toEqual([
      expect.objectContaining({ action: 'block', policyName: 'no_file_deletion' }),
    ]);
    expect(body.totals).toMatchObject({ blockedCount: 1, pausedCount: 1, preventedCount: 2 });
  });

  it('shows errors with their type, message and stack', async () => {
    const { body } = await get(`/api/traces/${traces.failing}`);
    const tool = body.spans.find((span: any) => span.name === 'execute_tool flaky_api');
    expect(tool.status).toBe('ERROR');
    expect(tool.error.message).toBe('upstream returned 503');
    expect(tool.error.type).toBe('TypeError');
    expect(tool.error.stack).toContain('TypeError: upstream returned 503');
  });

  it('returns stored markup unchanged as JSON data', async () => {
    const { body, headers } = await get(`/api/traces/${traces.hostile}`);
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(body.spans[0].attributes['user.note']).toBe(HOSTILE_TEXT);
  });

  it('answers 404 for an unknown trace and 400 for a malformed id', async () => {
    const missing = await get(`/api/traces/${'0'.repeat(32)}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('TRACE_NOT_FOUND');
    for (const id of ['xyz', traces.agent.toUpperCase(), `${traces.agent}0`, '%3Cscript%3E', '..%2F..%2Fetc']) {
      const malformed = await get(`/api/traces/${id}`);
      expect([malformed.status, malformed.body.error.code]).toEqual([400, 'INVALID_TRACE_ID']);
    }
    expect((await get(`/api/traces/${traces.agent}?x=1`)).status).toBe(400);
  });
});

describe('GET /api/facets', () => {
  it('counts the traces of each user and session over the other filters', async () => {
    const { status, body } = await get('/api/facets');
    expect(status).toBe(200);
    expect(body).toEqual({ users: [], sessions: [] });
    expect((await get('/api/facets?bogus=1')).status).toBe(400);
  });
});

describe('GET /api/compare/:a/:b', () => {
  it('compares two runs step by step with totals and differences', async () => {
    const { status, body } = await get(`/api/compare/${traces.agent}/${traces.blocked}`);
    expect(status).toBe(200);
    expect(body.a.traceId).toBe(traces.agent);
    expect(body.b.traceId).toBe(traces.blocked);
    expect(body.identical).toBe(false);
    expect(body.steps.map((step: any) => step.op)).toEqual(expect.arrayContaining(['added', 'removed']));
    expect(body.delta.totalTokens).toBe(60 - 322);
    expect(body.decisionChanges.length).toBeGreaterThan(0);
    expect((await get(`/api/compare/${traces.agent}/${'0'.repeat(32)}`)).status).toBe(404);
    expect((await get(`/api/compare/${traces.agent}/nothex`)).status).toBe(400);
  });
});

describe('live refresh', () => {
  it('answers 304 to a request naming the current ETag, and a new body once the trace changed', async () => {
    const first = await fetch(new URL(`/api/traces/${traces.agent}`, viewer.url));
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^"[\w-]+"$/);
    await first.arrayBuffer();
    const again = await fetch(new URL(`/api/traces/${traces.agent}`, viewer.url), {
      headers: { 'If-None-Match': tag! },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const list = await fetch(new URL('/api/traces', viewer.url));
    const listAgain = await fetch(new URL('/api/traces', viewer.url), {
      headers: { 'If-None-Match': list.headers.get('etag')! },
    });
    await list.arrayBuffer();
    expect(listAgain.status).toBe(304);
    const other = await fetch(new URL(`/api/traces/${traces.blocked}`, viewer.url), {
      headers: { 'If-None-Match': tag! },
    });
    expect(other.status).toBe(200);
    await other.arrayBuffer();
  });

  it('compresses JSON answers with gzip when the client accepts it, and only then', async () => {
    const raw = (encoding: string | undefined) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        const outgoing = request(
          {
            host: '127.0.0.1',
            port: viewer.port,
            path: '/api/traces',
            headers: {
              Host: `127.0.0.1:${viewer.port}`,
              ...(encoding === undefined ? {} : { 'Accept-Encoding': encoding }),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
          },
        );
        outgoing.on('error', reject);
        outgoing.end();
      });
    const zipped = await raw('gzip, deflate, br');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    const text = gunzipSync(zipped.body).toString('utf8');
    expect(JSON.parse(text).traces).toHaveLength(29);
    expect(zipped.body.length).toBeLessThan(Buffer.byteLength(text) / 3);
    const plain = await raw(undefined);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString('utf8')).traces).toHaveLength(29);
    expect((await raw('gzip;q=0')).headers['content-encoding']).toBeUndefined();
  });
});

describe('GET /api/traces/:id/checkpoints', () => {
  it('lists no checkpoints when no checkpoint directory is configured, and 404s for unknown traces', async () => {
    expect((await get(`/api/traces/${traces.agent}/checkpoints`)).body).toEqual({
      traceId: traces.agent,
      checkpoints: [],
    });
    expect((await get(`/api/traces/${'1'.repeat(32)}/checkpoints`)).status).toBe(404);
    expect((await get('/api/traces/nothex/checkpoints')).status).toBe(400);
  });
});

describe('server', () => {
  it('reports health', async () => {
    const { status, body } = await get('/api/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      readOnly: true,
      checkpoints: 'none',
      dbPath: path.join(directory, 'traces.db'),
    });
  });

  it('serves the page with a strict Content-Security-Policy', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.body).toContain('src="/app.js"');
    expect((await get('/app.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers unknown paths with 404 and writes with 405', async () => {
    const missing = await get('/api/nothing');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await get('/../package.json')).status).toBe(404);
    const post = await fetch(new URL('/api/traces', viewer.url), { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await post.json()).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('refuses requests for other host names (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = request(
        {
          host: '127.0.0.1',
          port: viewer.port,
          path: '/api/traces',
          headers: { Host: `attacker.example:${viewer.port}` },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });
    expect(status).toBe(403);
  });
});

describe('live refresh of a growing trace', () => {
  it('sends only the spans that changed since the version the client holds', async () => {
    const url = new URL(`/api/traces/${traces.failing}`, viewer.url);
    const first = await fetch(url);
    const held = await first.json();
    const tag = first.headers.get('etag')!;
    const root = held.spans[0];
    const store = new TraceStore(path.join(directory, 'traces.db'));
    try {
      const start = BigInt(root.startTimeNs) + 1000n;
      store.writeSpans([
        {
          traceId: traces.failing,
          spanId: 'abcdefabcdef0001',
          parentSpanId: root.spanId,
          name: 'late_step',
          kind: SpanKind.INTERNAL,
          startTimeNs: start,
          endTimeNs: start + 500n,
          durationNs: 500n,
          attributes: {},
          status: SpanStatusCode.OK,
          events: [],
          links: [],
          instrumentationName: 'late',
        },
      ]);
    } finally {
      store.close();
    }
    const since = new URL(url);
    since.searchParams.set('since', tag.replace(/"/g, ''));
    const answer = await fetch(since, { headers: { 'If-None-Match': tag } });
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(body.delta).toEqual({ since: tag.replace(/"/g, ''), removed: [] });
    expect(body.spans.map((span: any) => span.name)).toEqual(['late_step']);
    expect(body.spanCount).toBe(held.spanCount + 1);
    const newTag = answer.headers.get('etag')!;
    expect(newTag).not.toBe(tag);
    // The whole trace has the same tag; an unknown version gets the whole trace.
    const whole = await fetch(url);
    expect(whole.headers.get('etag')).toBe(newTag);
    expect((await whole.json()).spans).toHaveLength(held.spanCount + 1);
    const unknown = new URL(url);
    unknown.searchParams.set('since', 'not-a-version');
    const full = await (await fetch(unknown)).json();
    expect(full.delta).toBeUndefined();
    expect(full.spans).toHaveLength(held.spanCount + 1);
    expect((await fetch(new URL(`${url.pathname}?since=%22x%22`, viewer.url))).status).toBe(400);
    expect((await fetch(url, { headers: { 'If-None-Match': newTag } })).status).toBe(304);
  });
});
