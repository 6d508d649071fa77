import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliIn, requireBuiltCli, temporaryDirectory, type CliRun } from './helpers/run-cli-process';
import {
  checkpointInAnotherProcess,
  createTraceDatabase,
  writeCorruptDatabase,
  type RecordedTraces,
} from './helpers/trace-database';

// Each test runs the built CLI as child processes; a loaded machine needs more than Jest's default 5 s.
jest.setTimeout(60_000);

let project: string;
let traces: RecordedTraces;
let cli: (...args: string[]) => Promise<CliRun>;

beforeAll(async () => {
  requireBuiltCli();
  project = temporaryDirectory();
  traces = await createTraceDatabase(project);
  cli = cliIn(project);
});

interface ListedTrace {
  traceId: string;
  name: string;
  status: string;
  spanCount: number;
  startTime: string;
  durationMs: number;
}

describe('clearstone traces list', () => {
  it('lists every trace newest first, as a table and as JSON', async () => {
    const table = await cli('traces', 'list', '--db', 'traces.db');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^TRACE ID +STARTED +DURATION +SPANS +TOKENS +COST +STATUS +POLICY +NAME$/,
    );
    expect(table.stdout).toContain(traces.guestDelete);
    expect(table.stdout).not.toContain('\u001b[');
    const guestLine = table.stdout.split('\n').find((line) => line.startsWith(traces.guestDelete));
    expect(guestLine).toMatch(/ 1,020 +\$0\.0125 +OK +BLOCKED +invoke_agent researcher$/);
    const memberLine = table.stdout.split('\n').find((line) => line.startsWith(traces.memberSearch));
    expect(memberLine).toMatch(/ 1,020 +\$0\.0125 +OK +invoke_agent helper$/);

    const json = await cli('traces', 'list', '--db', 'traces.db', '--json');
    const listed = JSON.parse(json.stdout) as ListedTrace[];
    expect(listed.map((trace) => trace.traceId)).toEqual([traces.failing, traces.memberSearch, traces.guestDelete]);
    expect(listed[2]).toMatchObject({
      name: 'invoke_agent researcher',
      status: 'OK',
      spanCount: 3,
      inputTokens: 900,
      outputTokens: 120,
      totalTokens: 1020,
      costUsd: 0.0125,
      blocked: true,
      paused: false,
    });
    expect(listed[0]).toMatchObject({ name: 'failing run', totalTokens: 0, costUsd: null, blocked: false });
    expect(listed[2].durationMs).toBeGreaterThan(0);
    expect(new Date(listed[2].startTime).toISOString()).toBe(listed[2].startTime);
  });

  it('filters by status, name, limit and since', async () => {
    const list = async (...args: string[]) =>
      (JSON.parse((await cli('traces', 'list', '--db', 'traces.db', '--json', ...args)).stdout) as ListedTrace[]).map(
        (trace) => trace.traceId,
      );
    const [byStatus, byName, limited, recent, future, farFuture] = await Promise.all([
      list('--status', 'error'),
      list('--name', 'invoke_agent helper'),
      list('--limit', '1'),
      list('--since', '1h'),
      list('--since', '2200-01-01'),
      list('--since', '2999-01-01'),
    ]);
    expect(byStatus).toEqual([traces.failing]);
    expect(byName).toEqual([traces.memberSearch]);
    expect(limited).toEqual([traces.failing]);
    expect(recent).toHaveLength(3);
    expect(future).toEqual([]);
    expect(farFuture).toEqual([]);
  });

  it('rejects bad option values with exit code 2', async () => {
    const results = await Promise.all(
      [['--status', 'broken'], ['--since', 'yesterday-ish'], ['--limit', '0'], ['--bogus']].map((args) =>
        cli('traces', 'list', '--db', 'traces.db', ...args),
      ),
    );
    expect(results.map((result) => result.code)).toEqual([2, 2, 2, 2]);
  });

  it('reports a missing database (exit 1) and does not create it', async () => {
    const result = await cli('traces', 'list', '--db', 'missing.db');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Trace database not found');
    expect(existsSync(join(project, 'missing.db'))).toBe(false);
  });

  it('reports a corrupt database (random bytes) with exit 1, as text and as JSON', async () => {
    writeCorruptDatabase(join(project, 'corrupt.db'));
    const result = await cli('traces', 'list', '--db', 'corrupt.db');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('corrupt.db is not an SQLite database');
    const json = await cli('traces', 'list', '--db', 'corrupt.db', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stderr)).toEqual({
      error: { code: 'NOT_A_CLEARSTONE_DATABASE', message: expect.stringContaining('corrupt.db') },
    });
  });

  it('reports an SQLite database with damaged pages (exit 1)', async () => {
    const dbPath = join(temporaryDirectory(), 'whole.db');
    for (const suffix of ['', '-wal'])
      if (existsSync(`${traces.dbPath}${suffix}`)) copyFileSync(`${traces.dbPath}${suffix}`, `${dbPath}${suffix}`);
    await checkpointInAnotherProcess(dbPath);
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    const bytes = readFileSync(dbPath);
    for (let index = 4096; index < bytes.length; index++) bytes[index] = (index * 7919 + 13) % 251;
    writeFileSync(join(project, 'damaged.db'), bytes);
    const result = await cli('traces', 'show', traces.guestDelete, '--db', 'damaged.db', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr).error).toEqual({
      code: 'CORRUPT_DATABASE',
      message: expect.stringContaining('damaged.db is corrupt'),
    });
  });
});

describe('clearstone traces show', () => {
  it('prints the span tree with durations, status, key attributes and policy decisions', async () => {
    const result = await cli('traces', 'show', traces.guestDelete, '--db', 'traces.db');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^Trace ${traces.guestDelete}  OK  [0-9.]+ (µs|ms|s)  3 spans  started `));
    // Tokens and cost of the trace, as the viewer and the testing assertions report them.
    expect(lines[0]).toMatch(/ {2}1,020 tokens \(900 in \/ 120 out\) {2}\$0\.0125$/);
    expect(lines[1]).toMatch(/^invoke_agent researcher {2}OK {2}[0-9.]+ (µs|ms|s) {2}internal$/);
    expect(result.stdout).toMatch(/├─ chat gpt-4o {2}OK {2}[0-9.]+ (µs|ms|s) {2}client/);
    expect(result.stdout).toContain('gen_ai.request.model=gpt-4o');
    expect(result.stdout).toContain('clearstone.cost.usd=0.0125');
    expect(result.stdout).toMatch(/└─ execute_tool delete_database {2}OK/);
    expect(result.stdout).toContain("policy BLOCK by block_dangerous_tools: Dangerous tool blocked: 'delete_database'");
  });

  it('shows the error of a failed span', async () => {
    const result = await cli('traces', 'show', traces.failing, '--db', 'traces.db');
    expect(result.stdout).toContain('failing run  ERROR');
    expect(result.stdout).toContain('error: upstream timeout');
  });

  it('prints the whole trace as JSON', async () => {
    const result = await cli('traces', 'show', traces.guestDelete.toUpperCase(), '--db', 'traces.db', '--json');
    const trace = JSON.parse(result.stdout);
    expect(trace.traceId).toBe(traces.guestDelete);
    expect(trace.spans.map((span: { name: string }) => span.name)).toEqual([
      'invoke_agent researcher',
      'chat gpt-4o',
      'execute_tool delete_database',
    ]);
    expect(typeof trace.startTimeNs).toBe('string');
    expect(trace.spans[2].events[0].attributes['clearstone.policy.action']).toBe('block');
  });

  it('exits 1 for an unknown trace id and 2 for a malformed one', async () => {
    const unknown = await cli('traces', 'show', '0123456789abcdef0123456789abcdef', '--db', 'traces.db');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No trace 0123456789abcdef0123456789abcdef');
    const malformed = await cli('traces', 'show', 'not-a-trace', '--db', 'traces.db');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('is not a trace id');
  });
});

describe('clearstone traces export', () => {
  it('exports one trace as Clearstone JSON', async () => {
    const result = await cli('traces', 'export', traces.memberSearch, '--db', 'traces.db');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ traceId: traces.memberSearch, spans: expect.any(Array) });
  });

  it('exports every trace as OTLP/JSON to a file', async () => {
    const result = await cli(
      'traces',
      'export',
      '--all',
      '--format',
      'otlp',
      '--out',
      'out/all.otlp.json',
      '--db',
      'traces.db',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Exported 3 traces (7 spans) to out/all.otlp.json');
    const request = JSON.parse(readFileSync(join(project, 'out/all.otlp.json'), 'utf8'));
    expect(request.resourceSpans).toHaveLength(3);
    const spans = request.resourceSpans.flatMap((resource: { scopeSpans: Array<{ spans: unknown[] }> }) =>
      resource.scopeSpans.flatMap((scope) => scope.spans),
    );
    expect(spans).toHaveLength(7);
    expect(request.resourceSpans[0].resource.attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'clearstone' } },
    ]);
    expect(request.resourceSpans[0].scopeSpans[0].scope).toEqual({ name: 'support-agent', version: '2.1.0' });

    const chat = spans.find((span: { name: string }) => span.name === 'chat gpt-4o');
    expect(chat.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(chat.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(chat.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
    expect(chat.kind).toBe(3);
    expect(chat.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(BigInt(chat.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(chat.startTimeUnixNano));
    expect(chat.status).toEqual({ code: 1 });
    expect(chat.attributes).toEqual(
      expect.arrayContaining([
        { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
        { key: 'gen_ai.usage.input_tokens', value: { intValue: '900' } },
        { key: 'clearstone.cost.usd', value: { doubleValue: 0.0125 } },
      ]),
    );
    const failed = spans.find((span: { name: string }) => span.name === 'failing run');
    expect(failed.status).toEqual({ code: 2, message: 'upstream timeout' });
    expect(failed.events[0]).toMatchObject({ name: 'exception', timeUnixNano: expect.stringMatching(/^\d+$/) });
  });

  it('exports all traces as a JSON array on stdout', async () => {
    const result = await cli('traces', 'export', '--all', '--db', 'traces.db');
    const exported = JSON.parse(result.stdout) as Array<{ traceId: string }>;
    expect(exported.map((trace) => trace.traceId).sort()).toEqual(
      [traces.failing, traces.guestDelete, traces.memberSearch].sort(),
    );
  });

  it('needs exactly one of an id and --all (exit 2); an unknown id exits 1', async () => {
    const results = await Promise.all([
      cli('traces', 'export', '--db', 'traces.db'),
      cli('traces', 'export', traces.failing, '--all', '--db', 'traces.db'),
      cli('traces', 'export', traces.failing, '--format', 'xml', '--db', 'traces.db'),
      cli('traces', 'export', 'ffffffffffffffffffffffffffffffff', '--db', 'traces.db'),
    ]);
    expect(results.map((result) => result.code)).toEqual([2, 2, 2, 1]);
  });
});

describe('clearstone traces prune', () => {
  it('deletes the traces started before the given time', async () => {
    const directory = temporaryDirectory();
    await createTraceDatabase(directory, 'prune.db');
    const run = cliIn(directory);
    const nothing = await run('traces', 'prune', '--before', '2000-01-01', '--db', 'prune.db', '--json');
    expect(JSON.parse(nothing.stdout)).toEqual({ deleted: 0, before: '2000-01-01T00:00:00.000Z' });
    const everything = await run('traces', 'prune', '--before', '2200-01-01', '--db', 'prune.db');
    expect(everything.stdout).toContain('Deleted 3 traces started before 2200-01-01T00:00:00.000Z.');
    expect(JSON.parse((await run('traces', 'list', '--db', 'prune.db', '--json')).stdout)).toEqual([]);
  });

  it('needs --before (exit 2) and an existing database (exit 1)', async () => {
    expect((await cli('traces', 'prune', '--db', 'traces.db')).code).toBe(2);
    expect((await cli('traces', 'prune', '--before', '7d', '--db', 'nope.db')).code).toBe(1);
    expect(existsSync(join(project, 'nope.db'))).toBe(false);
  });
});
