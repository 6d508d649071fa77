// Two runs of a governed createAgent agent, before and after a change that makes the model call a
// dangerous tool, recorded by TracingCallbackHandler into a SQLite file and compared with
// `clearstone traces diff` (the built CLI, a child process): the comparison finds the new blocked
// call, the extra model call and the changed answers, and leaves the rest alike.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { TraceStore } from '@clearstone/observability';
import { PolicyEngine } from '@clearstone/policy';
import { blockDangerousToolsPolicy } from '@clearstone/policy/builtins';
import { answer, callTool, recordGovernedRuns } from './support/governed-agent';

const run = promisify(execFile);
const cli = path.resolve(__dirname, '../../packages/cli/dist/bin.js');

interface Comparison {
  identical: boolean;
  counts: Record<string, number>;
  steps: Array<{ op: string; kind: string; name: string; changes: string[]; b: { outcome: string | null } | null }>;
  a: { totals: Record<string, number | null> };
  b: { totals: Record<string, number | null> };
  delta: Record<string, number | null>;
  decisionChanges: Array<{ name: string; policy: string | null; before: unknown; after: { action: string } | null }>;
}

let dir: string;
let dbPath: string;
let before: string;
let after: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'clearstone-compare-'));
  dbPath = path.join(dir, 'traces.db');
  const engine = new PolicyEngine({ policies: [blockDangerousToolsPolicy()] });
  await recordGovernedRuns(dbPath, engine, [
    {
      user: 'u-1',
      metadata: {},
      script: [
        callTool('search', { value: 'order 42' }, 'call-1'),
        callTool('send_email', { value: 'your order' }, 'call-2'),
        answer('Order 42 ships today.'),
      ],
    },
    {
      user: 'u-1',
      metadata: {},
      script: [
        callTool('search', { value: 'order 42' }, 'call-a'),
        callTool('delete_database', { value: 'orders' }, 'call-b'),
        callTool('send_email', { value: 'your order' }, 'call-c'),
        answer('Order 42 ships today, I think.'),
      ],
    },
  ]);
  const store = new TraceStore(dbPath, { readonly: true });
  [after, before] = store.listTraces({}).map((summary) => summary.traceId);
  store.close();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const diff = (...args: string[]) =>
  run(process.execPath, [cli, 'traces', 'diff', before, after, '--db', dbPath, ...args], {
    env: { ...process.env, CLEARSTONE_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
  });

it('aligns the two runs of a LangChain agent and finds what the change did', async () => {
  const comparison = JSON.parse((await diff('--format', 'json')).stdout) as Comparison;
  expect(comparison.steps.map((step) => [step.op, step.kind, step.name, step.changes])).toEqual([
    ['same', 'model', 'FakeBuiltModel', []],
    ['same', 'tool', 'search', []],
    ['changed', 'model', 'FakeBuiltModel', ['output']],
    ['added', 'tool', 'delete_database', []],
    ['added', 'model', 'FakeBuiltModel', []],
    ['same', 'tool', 'send_email', []],
    ['changed', 'model', 'FakeBuiltModel', ['input', 'output']],
  ]);
  expect(comparison.steps[3].b?.outcome).toBe('blocked');
  expect(comparison.identical).toBe(false);
  expect(comparison.a.totals).toMatchObject({ totalTokens: 300, modelCalls: 3, toolCalls: 2, blockedCalls: 0 });
  expect(comparison.b.totals).toMatchObject({ totalTokens: 400, modelCalls: 4, toolCalls: 3, blockedCalls: 1 });
  expect(comparison.delta).toMatchObject({
    inputTokens: 60,
    outputTokens: 40,
    totalTokens: 100,
    costUsd: null,
    modelCalls: 1,
    toolCalls: 1,
    blockedCalls: 1,
    errors: 0,
  });
  expect(comparison.decisionChanges).toEqual([
    expect.objectContaining({
      name: 'delete_database',
      policy: 'block_dangerous_tools',
      before: null,
      after: expect.objectContaining({ action: 'block' }),
    }),
  ]);
});

it('prints the comparison as text', async () => {
  const { stdout } = await diff();
  const lines = stdout.split('\n');
  expect(lines).toContain('Steps: 3 same, 2 changed, 2 added, 0 removed');
  expect(lines.find((line) => line.startsWith('  + tool delete_database'))).toMatch(
    /BLOCKED · block \(block_dangerous_tools\)$/,
  );
  expect(lines.find((line) => line.startsWith('  blocked calls'))).toMatch(/ 0 +1 +\+1$/);
  expect(stdout).toContain('B: {"role":"assistant","content":"Order 42 ships today, I think."}');
  // A long input is shown from where the two runs' inputs part.
  expect(lines.filter((line) => /^ +B: …/.test(line)).join('\n')).toContain('delete_database');
});
