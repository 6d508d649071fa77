import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliIn, requireBuiltCli, temporaryDirectory, type CliRun } from './helpers/run-cli-process';
import { createTraceDatabase, writeCorruptDatabase, type RecordedTraces } from './helpers/trace-database';

// Each test runs the built CLI as child processes; a loaded machine needs more than Jest's default 5 s.
jest.setTimeout(60_000);

let project: string;
let traces: RecordedTraces;
let cli: (...args: string[]) => Promise<CliRun>;

const POLICIES = `
import { ALERT, ALLOW, BLOCK } from '@clearstone/core';
import type { PolicyContext } from '@clearstone/core';
import { definePolicy } from '@clearstone/policy';

export const noDeletes = definePolicy({ name: 'no_deletes', priority: 10 }, (ctx: PolicyContext) =>
  String(ctx.metadata.toolName ?? '').startsWith('delete') ? BLOCK('Deletes need a ticket') : ALLOW);

const pricey = definePolicy({ name: 'alert_on_gpt4o', priority: 1 }, (ctx: PolicyContext) =>
  ctx.metadata.model === 'gpt-4o' ? ALERT('Expensive model') : ALLOW);

export default [noDeletes, pricey];
export const notAPolicy = 42;
`;

beforeAll(async () => {
  requireBuiltCli();
  project = temporaryDirectory();
  traces = await createTraceDatabase(project);
  writeFileSync(join(project, 'policies.ts'), POLICIES);
  cli = cliIn(project);
});

interface BacktestJson {
  policies: string[];
  tracesAnalyzed: number;
  runsBlocked: number;
  blockRatePercent: number;
  blockedTraceIds: string[];
  decisions: Record<string, number>;
  blockedRuns: Array<{ traceId: string; toolName?: string; policyName?: string; reason: string }>;
}

describe('clearstone backtest', () => {
  it('runs the policies of a TypeScript module over the recorded traces', async () => {
    const result = await cli('backtest', '--db', 'traces.db', '--policy', './policies.ts', '--json');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as BacktestJson;
    expect(summary.policies).toEqual(['no_deletes', 'alert_on_gpt4o']);
    expect(summary).toMatchObject({ tracesAnalyzed: 3, runsBlocked: 1, blockedTraceIds: [traces.guestDelete] });
    expect(summary.blockRatePercent).toBeCloseTo(100 / 3);
    expect(summary.decisions.alert).toBe(2);
    expect(summary.blockedRuns).toEqual([
      expect.objectContaining({
        traceId: traces.guestDelete,
        toolName: 'delete_database',
        policyName: 'no_deletes',
        reason: 'Deletes need a ticket',
      }),
    ]);

    const text = await cli('backtest', '--db', 'traces.db', '--policy', 'policies.ts');
    expect(text.stdout).toContain('Backtest of 2 policies on 3 traces');
    expect(text.stdout).toContain('Runs blocked: 1 of 3 (33.33%)');
    expect(text.stdout).toContain(`${traces.guestDelete}  tool delete_database by no_deletes: Deletes need a ticket`);
  });

  it('backtests a built-in bundle, alone or with a module, and --fail-on-block sets exit 1', async () => {
    const bundle = JSON.parse(
      (await cli('backtest', '--db', 'traces.db', '--bundle', 'safe-mode', '--json')).stdout,
    ) as BacktestJson;
    expect(bundle.policies).toContain('block_dangerous_tools');
    expect(bundle.blockedRuns).toEqual([
      expect.objectContaining({ traceId: traces.guestDelete, policyName: 'block_dangerous_tools' }),
    ]);
    const failing = await cli(
      'backtest',
      '--db',
      'traces.db',
      '--bundle',
      'cost-control',
      '--policy',
      'policies.ts',
      '--fail-on-block',
    );
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('token_limit');
  });

  it('backtests a policy scaffolded by new-policy (guests may not call delete tools)', async () => {
    expect((await cli('new-policy', 'no_guest_deletes', '--dir', 'generated')).code).toBe(0);
    const summary = JSON.parse(
      (await cli('backtest', '--db', 'traces.db', '--policy', 'generated/no-guest-deletes.ts', '--json')).stdout,
    ) as BacktestJson;
    expect(summary.policies).toEqual(['no_guest_deletes']);
    expect(summary.blockedRuns).toEqual([
      expect.objectContaining({ traceId: traces.guestDelete, reason: "Guests may not call 'delete_database'" }),
    ]);
  });

  it('names the file of a module that cannot be loaded (exit 1)', async () => {
    const modules: Record<string, string> = {
      'syntax.ts': 'export const broken = ;',
      'throws.ts': "throw new Error('policy module exploded');",
      'missing-import.ts': "import 'clearstone-no-such-package'; export default [];",
      'empty.ts': 'export const answer = 42;',
    };
    const expected: Record<string, string> = {
      'syntax.ts': 'Cannot load policy file',
      'throws.ts': 'policy module exploded',
      'missing-import.ts': 'clearstone-no-such-package',
      'empty.ts': 'exports no policies',
    };
    for (const [name, source] of Object.entries(modules)) writeFileSync(join(project, name), source);
    const results = await Promise.all(
      Object.keys(modules).map((name) => cli('backtest', '--db', 'traces.db', '--policy', name)),
    );
    Object.keys(modules).forEach((name, index) => {
      expect(results[index].code).toBe(1);
      expect(results[index].stderr).toContain(join(project, name));
      expect(results[index].stderr).toContain(expected[name]);
    });
    const missing = await cli('backtest', '--db', 'traces.db', '--policy', 'nope.ts', '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr).error.code).toBe('POLICY_FILE_NOT_FOUND');
  });

  it('reports a missing or corrupt database (exit 1)', async () => {
    expect((await cli('backtest', '--db', 'missing.db', '--policy', 'policies.ts')).code).toBe(1);
    writeCorruptDatabase(join(project, 'corrupt.db'));
    const corrupt = await cli('backtest', '--db', 'corrupt.db', '--policy', 'policies.ts');
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toContain('corrupt.db');
  });

  it('rejects a run without policies, an unknown bundle and bad metadata (exit 2)', async () => {
    expect((await cli('backtest', '--db', 'traces.db')).code).toBe(2);
    const bundle = await cli('backtest', '--db', 'traces.db', '--bundle', 'yolo-mode');
    expect(bundle.code).toBe(2);
    expect(bundle.stderr).toContain('safe-mode');
    expect((await cli('backtest', '--db', 'traces.db', '--bundle', 'safe-mode', '--metadata', '[1]')).code).toBe(2);
  });
});
