import { baseEnvironment, cliIn, requireBuiltCli, temporaryDirectory, type CliRun } from './helpers/run-cli-process';
import { createTraceDatabase, type RecordedTraces } from './helpers/trace-database';

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

interface JsonComparison {
  a: { traceId: string; name: string; totals: Record<string, number | null> };
  b: { traceId: string; name: string; totals: Record<string, number | null> };
  identical: boolean;
  counts: Record<string, number>;
  steps: Array<{
    op: string;
    kind: string;
    name: string;
    a: Record<string, unknown> | null;
    b: Record<string, unknown> | null;
  }>;
  delta: Record<string, number | null>;
  decisionChanges: Array<Record<string, unknown>>;
}

describe('clearstone traces diff', () => {
  it('prints the steps aligned, the decision that changed and the totals with their differences', async () => {
    const result = await cli('traces', 'diff', traces.guestDelete, traces.memberSearch, '--db', 'traces.db');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('\u001b[');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`Comparing A ${traces.guestDelete} → B ${traces.memberSearch}`);
    expect(lines).toContain('Steps: 1 same, 0 changed, 1 added, 1 removed');
    const steps = lines.slice(lines.indexOf('Steps (A → B)') + 1, lines.indexOf('Decisions') - 1);
    expect(steps.map((line) => line.replace(/(\S) {2,}.*$/, '$1'))).toEqual([
      '    model gpt-4o',
      '  - tool delete_database {"table":"users"}',
      '  + tool search {"table":"users"}',
    ]);
    expect(steps[0]).toMatch(/1,020 tok/);
    expect(steps[1]).toMatch(/block \(block_dangerous_tools\)$/);
    expect(lines).toContain(
      "  tool delete_database (block_dangerous_tools): block → none  Dangerous tool blocked: 'delete_database'",
    );
    expect(lines.find((line) => line.startsWith('  blocked calls'))).toMatch(/ 1 +0 +-1$/);
    expect(lines.find((line) => line.startsWith('  tokens'))).toMatch(/ 1,020 +1,020 +0$/);
    expect(lines.find((line) => line.startsWith('  cost'))).toMatch(/ \$0\.0125 +\$0\.0125 +0$/);
    expect(result.stdout).toContain(`#/compare/${traces.guestDelete}/${traces.memberSearch}`);
  });

  it('prints the same comparison as stable JSON with --format json (or --json)', async () => {
    const [formatJson, json] = await Promise.all([
      cli('traces', 'diff', traces.guestDelete, traces.memberSearch, '--db', 'traces.db', '--format', 'json'),
      cli('traces', 'diff', traces.guestDelete, traces.memberSearch, '--db', 'traces.db', '--json'),
    ]);
    expect(formatJson.code).toBe(0);
    const comparison = JSON.parse(formatJson.stdout) as JsonComparison;
    expect(Object.keys(comparison)).toEqual(['a', 'b', 'identical', 'counts', 'steps', 'delta', 'decisionChanges']);
    expect(comparison.counts).toEqual({ same: 1, changed: 0, added: 1, removed: 1 });
    expect(comparison.steps.map((step) => [step.op, step.kind, step.name])).toEqual([
      ['same', 'model', 'gpt-4o'],
      ['removed', 'tool', 'delete_database'],
      ['added', 'tool', 'search'],
    ]);
    expect(Object.keys(comparison.steps[1].a!)).toEqual([
      'index',
      'spanId',
      'spanName',
      'kind',
      'name',
      'model',
      'startOffsetMs',
      'durationMs',
      'status',
      'error',
      'outcome',
      'prevented',
      'decision',
      'input',
      'output',
      'inputTokens',
      'outputTokens',
      'totalTokens',
      'costUsd',
    ]);
    expect(comparison.a).toMatchObject({ traceId: traces.guestDelete, name: 'invoke_agent researcher' });
    expect(comparison.a.totals).toMatchObject({
      totalTokens: 1020,
      costUsd: 0.0125,
      modelCalls: 1,
      toolCalls: 1,
      blockedCalls: 1,
    });
    expect(comparison.delta).toMatchObject({ totalTokens: 0, costUsd: 0, toolCalls: 0, blockedCalls: -1, errors: 0 });
    expect(comparison.decisionChanges).toEqual([
      {
        step: 1,
        kind: 'tool',
        name: 'delete_database',
        policy: 'block_dangerous_tools',
        before: {
          action: 'block',
          policy: 'block_dangerous_tools',
          reason: "Dangerous tool blocked: 'delete_database'",
        },
        after: null,
      },
    ]);
    // Everything but the durations is the same in both runs of the command.
    const withoutTimes = (text: string) => text.replace(/"(durationMs|startOffsetMs)": [\d.e-]+/g, '"$1": 0');
    expect(withoutTimes(json.stdout)).toBe(withoutTimes(formatJson.stdout));
  });

  it('finds a trace identical to itself, upper-case ids accepted', async () => {
    const result = await cli(
      'traces',
      'diff',
      traces.memberSearch,
      traces.memberSearch.toUpperCase(),
      '--db',
      'traces.db',
      '--json',
    );
    expect(result.code).toBe(0);
    const comparison = JSON.parse(result.stdout) as JsonComparison;
    expect(comparison.identical).toBe(true);
    expect(comparison.delta).toEqual({
      durationMs: 0,
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      costUsd: 0,
      modelCalls: 0,
      toolCalls: 0,
      blockedCalls: 0,
      errors: 0,
    });
    const text = await cli('traces', 'diff', traces.memberSearch, traces.memberSearch, '--db', 'traces.db');
    expect(text.stdout).toContain('Same steps: 2 tool and model call(s) alike, no decision changed.');
  });

  it('tells a run that failed from one that did not, even with the same steps', async () => {
    const [failed, againFailed] = await Promise.all([
      cli('traces', 'diff', traces.memberSearch, traces.failing, '--db', 'traces.db', '--json'),
      cli('traces', 'diff', traces.failing, traces.failing, '--db', 'traces.db', '--fail-on', 'changes'),
    ]);
    const comparison = JSON.parse(failed.stdout) as JsonComparison & { b: { status: string } };
    expect(comparison.identical).toBe(false);
    expect(comparison.b.status).toBe('ERROR');
    expect(comparison.counts).toEqual({ same: 0, changed: 0, added: 0, removed: 2 });
    expect(againFailed.code).toBe(0);
    expect(againFailed.stdout).toContain('(no tool or model calls in either run)');
    expect(againFailed.stdout).toContain('Same steps: 0 tool and model call(s) alike');
  });

  it('colours added, removed and worse figures on request (FORCE_COLOR)', async () => {
    const coloured = cliIn(project, baseEnvironment(project, { FORCE_COLOR: '1' }));
    const result = await coloured('traces', 'diff', traces.guestDelete, traces.memberSearch, '--db', 'traces.db');
    expect(result.stdout).toContain('\u001b[31m  - tool delete_database');
    expect(result.stdout).toContain('\u001b[32m  + tool search');
    const blocked = result.stdout.split('\n').find((line) => line.startsWith('  blocked calls'));
    expect(blocked?.endsWith('\u001b[32m-1\u001b[39m')).toBe(true);
  });

  it('folds unchanged steps with --context and exits 1 on --fail-on changes or new-blocks', async () => {
    const diff = (a: string, b: string, ...args: string[]) => cli('traces', 'diff', a, b, '--db', 'traces.db', ...args);
    const folded = await diff(traces.guestDelete, traces.memberSearch, '--context', '0');
    expect(folded.code).toBe(0);
    expect(folded.stdout).toContain('    … 1 unchanged step\n');
    expect(folded.stdout).not.toContain('    model gpt-4o');
    const [changes, newBlocks, blockRemoved, same] = await Promise.all([
      diff(traces.guestDelete, traces.memberSearch, '--fail-on', 'changes'),
      diff(traces.memberSearch, traces.guestDelete, '--fail-on', 'new-blocks', '--json'),
      diff(traces.guestDelete, traces.memberSearch, '--fail-on', 'new-blocks'),
      diff(traces.memberSearch, traces.memberSearch, '--fail-on', 'changes'),
    ]);
    expect([changes.code, newBlocks.code, blockRemoved.code, same.code]).toEqual([1, 1, 0, 0]);
    expect(changes.stdout).toContain('Steps: 1 same, 0 changed, 1 added, 1 removed');
    expect((JSON.parse(newBlocks.stdout) as JsonComparison).delta.blockedCalls).toBe(1);
    expect(newBlocks.stderr).toBe('');
    const bad = await diff(traces.guestDelete, traces.memberSearch, '--context', '-1');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--context must be a whole number');
  });

  it('reports an unknown trace id (exit 1), as text and as JSON', async () => {
    const unknown = 'ab'.repeat(16);
    const [text, json] = await Promise.all([
      cli('traces', 'diff', traces.guestDelete, unknown, '--db', 'traces.db'),
      cli('traces', 'diff', unknown, traces.guestDelete, '--db', 'traces.db', '--format', 'json'),
    ]);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr).toContain(`No trace ${unknown} in traces.db`);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stderr)).toEqual({
      error: { code: 'TRACE_NOT_FOUND', message: expect.stringContaining(unknown) },
    });
  });

  it('rejects bad arguments with exit code 2 and a missing database with exit code 1', async () => {
    const results = await Promise.all([
      cli('traces', 'diff', 'not-a-trace', traces.guestDelete, '--db', 'traces.db', '--json'),
      cli('traces', 'diff', traces.guestDelete, '--db', 'traces.db'),
      cli('traces', 'diff', traces.guestDelete, traces.memberSearch, '--db', 'traces.db', '--format', 'xml'),
      cli('traces', 'diff', traces.guestDelete, traces.memberSearch, '--db', 'traces.db', '--json', '--format', 'text'),
      cli('traces', 'diff', traces.guestDelete, traces.memberSearch, '--db', 'missing.db'),
    ]);
    expect(results.map((result) => result.code)).toEqual([2, 2, 2, 2, 1]);
    expect(JSON.parse(results[0].stderr)).toEqual({ error: { code: 'INVALID_TRACE_ID', message: expect.any(String) } });
    expect(results[3].stderr).toContain('--json and --format text disagree');
    expect(results[4].stderr).toContain('Trace database not found');
  });
});
