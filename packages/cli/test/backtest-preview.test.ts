import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliIn, requireBuiltCli, temporaryDirectory, type CliRun } from './helpers/run-cli-process';
import { createTraceDatabase, type RecordedTraces } from './helpers/trace-database';

// Each test runs the built CLI as child processes; a loaded machine needs more than Jest's default 5 s.
jest.setTimeout(90_000);

/** The policies in production: no deletes, and an alert on gpt-4o. */
const BASELINE = `
import { ALERT, ALLOW, BLOCK } from '@clearstone/core';
import type { PolicyContext } from '@clearstone/core';
import { definePolicy } from '@clearstone/policy';

export const noDeletes = definePolicy({ name: 'no_deletes', priority: 10 }, (ctx: PolicyContext) =>
  String(ctx.metadata.toolName ?? '').startsWith('delete') ? BLOCK('Deletes need a ticket') : ALLOW);

export const pricey = definePolicy({ name: 'alert_on_gpt4o', priority: 1 }, (ctx: PolicyContext) =>
  ctx.metadata.model === 'gpt-4o' ? ALERT('Expensive model') : ALLOW);
`;

/** The proposed policies: deletes allowed, no alert on gpt-4o, search switched off. */
const HEAD = `
import { ALLOW, BLOCK } from '@clearstone/core';
import type { PolicyContext } from '@clearstone/core';
import { definePolicy } from '@clearstone/policy';

export default definePolicy({ name: 'no_search', priority: 5 }, (ctx: PolicyContext) =>
  ctx.metadata.toolName === 'search' ? BLOCK('Search is switched off | for now') : ALLOW);
`;

/** The baseline plus an alert: a change, but no new block. */
const ALERT_ONLY = `
import { ALERT, ALLOW } from '@clearstone/core';
import type { PolicyContext } from '@clearstone/core';
import { definePolicy } from '@clearstone/policy';
export * from './baseline';

export const searchAlert = definePolicy({ name: 'alert_on_search', priority: 1 }, (ctx: PolicyContext) =>
  ctx.metadata.toolName === 'search' ? ALERT('Search used') : ALLOW);
`;

interface PreviewJson {
  baselineSource: string;
  headSources: string[];
  baselinePolicies: string[];
  headPolicies: string[];
  tracesAnalyzed: number;
  callsEvaluated: number;
  totalFlips: number;
  flipsListed: number;
  newBlocks: number;
  liftedBlocks: number;
  byChange: Record<string, number>;
  byPolicy: Record<string, { added: number; removed: number; newBlocks: number; liftedBlocks: number }>;
  flips: Array<{
    traceId: string;
    spanId: string;
    kind: string;
    toolName?: string;
    model?: string;
    userId?: string;
    before: string;
    after: string;
    beforePolicy?: string;
    afterPolicy?: string;
    reason?: string;
  }>;
  failOn?: string;
  tripped?: boolean;
}

let project: string;
let traces: RecordedTraces;
let cli: (...args: string[]) => Promise<CliRun>;

const preview = (...args: string[]) =>
  cli('backtest', '--db', 'traces.db', '--policies', 'head.ts', '--baseline', 'baseline.ts', ...args);

/** The flips a reading of the two sets predicts, as `trace call before→after policy`. */
function expectedFlips(): string[] {
  return [
    `${traces.guestDelete} model gpt-4o alert→allow alert_on_gpt4o→-`,
    `${traces.guestDelete} tool delete_database block→allow no_deletes→-`,
    `${traces.memberSearch} model gpt-4o alert→allow alert_on_gpt4o→-`,
    `${traces.memberSearch} tool search allow→block -→no_search`,
  ].sort();
}

const describeFlips = (summary: PreviewJson): string[] =>
  summary.flips
    .map(
      (flip) =>
        `${flip.traceId} ${flip.kind} ${flip.toolName ?? flip.model} ${flip.before}→${flip.after} ${flip.beforePolicy ?? '-'}→${flip.afterPolicy ?? '-'}`,
    )
    .sort();

beforeAll(async () => {
  requireBuiltCli();
  project = temporaryDirectory();
  traces = await createTraceDatabase(project);
  writeFileSync(join(project, 'baseline.ts'), BASELINE);
  writeFileSync(join(project, 'head.ts'), HEAD);
  writeFileSync(join(project, 'alert-only.ts'), ALERT_ONLY);
  cli = cliIn(project);
});

describe('clearstone backtest --baseline (policy change preview)', () => {
  it('prints the calls whose decision changes as JSON, exactly those the two sets predict', async () => {
    const result = await preview('--format', 'json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as PreviewJson;
    expect(summary).toMatchObject({
      baselineSource: 'baseline.ts',
      headSources: ['head.ts'],
      baselinePolicies: ['no_deletes', 'alert_on_gpt4o'],
      headPolicies: ['no_search'],
      tracesAnalyzed: 3,
      callsEvaluated: 4,
      totalFlips: 4,
      flipsListed: 4,
      newBlocks: 1,
      liftedBlocks: 1,
      byChange: { 'alert→allow': 2, 'block→allow': 1, 'allow→block': 1 },
      byPolicy: {
        no_deletes: { added: 0, removed: 1, newBlocks: 0, liftedBlocks: 1 },
        alert_on_gpt4o: { added: 0, removed: 2, newBlocks: 0, liftedBlocks: 0 },
        no_search: { added: 1, removed: 0, newBlocks: 1, liftedBlocks: 0 },
      },
    });
    expect(summary.failOn).toBeUndefined();
    expect(describeFlips(summary)).toEqual(expectedFlips());
    expect(summary.flips.find((flip) => flip.toolName === 'delete_database')).toMatchObject({
      userId: 'guest-1',
      reason: 'Deletes need a ticket',
    });

    // --json is the same; --max-flips lists fewer, the counts stay whole; --until chooses the window.
    expect(JSON.parse((await preview('--json')).stdout)).toEqual(summary);
    const capped = JSON.parse((await preview('--json', '--max-flips', '1')).stdout) as PreviewJson;
    expect(capped).toMatchObject({ totalFlips: 4, flipsListed: 1, newBlocks: 1 });
    const none = JSON.parse((await preview('--json', '--until', '2000-01-01')).stdout) as PreviewJson;
    expect(none).toMatchObject({ tracesAnalyzed: 0, totalFlips: 0 });
    const recent = JSON.parse((await preview('--json', '--since', '1d')).stdout) as PreviewJson;
    expect(recent).toMatchObject({ tracesAnalyzed: 3, totalFlips: 4 });
  });

  it('prints a summary line, the flips and the counts per change and per policy as text', async () => {
    const result = await preview();
    expect(result.code).toBe(0);
    const text = result.stdout;
    expect(text).toContain(
      'Policy change preview: 4 of 4 recorded calls change in 3 traces: 1 newly blocked, 1 block lifted, 2 other changes',
    );
    expect(text).toContain('baseline  baseline.ts: no_deletes (removed), alert_on_gpt4o (removed)');
    expect(text).toContain('head      head.ts: no_search (new)');
    expect(text).toMatch(/TRACE\s+SPAN\s+CALL\s+USER\s+CHANGE\s+POLICY\s+REASON/);
    expect(text).toMatch(
      new RegExp(
        `${traces.guestDelete}\\s+[0-9a-f]{16}\\s+tool delete_database\\s+guest-1\\s+block → allow\\s+no_deletes\\s+Deletes need a ticket`,
      ),
    );
    expect(text).toMatch(
      new RegExp(`${traces.memberSearch}\\s+[0-9a-f]{16}\\s+tool search\\s+member-1\\s+allow → block\\s+no_search`),
    );
    expect(text).toMatch(/By change:\n\s+alert → allow\s+2\n/);
    expect(text).toMatch(/no_search\s+decides 1 more\s+no longer decides 0\s+1 new block, 0 lifted/);

    const same = await cli('backtest', '--db', 'traces.db', '--policies', 'baseline.ts', '--baseline', 'baseline.ts');
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('No recorded call changes: both sets decide the 4 calls of 3 traces alike');
    expect(same.stdout).not.toContain('TRACE');
  });

  it('prints markdown for a pull-request comment, each flip linking to its span in clearstone ui', async () => {
    const summary = JSON.parse((await preview('--json')).stdout) as PreviewJson;
    const result = await preview('--format', 'markdown', '--fail-on', 'new-blocks');
    expect(result.code).toBe(1);
    const markdown = result.stdout;
    const lines = markdown.split('\n');
    expect(lines.slice(0, 3)).toEqual(['<!-- clearstone-policy-preview -->', '### Policy change preview', '']);
    expect(lines[3]).toBe(
      '**4 of 4 recorded calls change in 3 traces: 1 newly blocked, 1 block lifted, 2 other changes.** Baseline `baseline.ts` → head `head.ts`.',
    );
    expect(markdown).toContain('**Gate `--fail-on new-blocks`: failed** (1 call newly blocked).');
    expect(markdown).toContain('| Change | Calls |\n|---|---:|\n| alert → allow | 2 |');
    expect(markdown).toContain('| `no_search` | 1 | 0 | 1 | 0 |');
    expect(markdown).toContain('| Call | User | Change | Policy | Reason | Span |');
    for (const flip of summary.flips)
      expect(markdown).toContain(`(http://127.0.0.1:4319/#/traces/${flip.traceId}/spans/${flip.spanId})`);
    // The pipe of the reason is escaped, so the row keeps its columns.
    expect(markdown).toContain(
      '| tool `search` | member-1 | allow → **block** | no_search | Search is switched off \\| for now |',
    );
    expect(result.stderr).toContain('--fail-on new-blocks tripped: 1 call newly blocked');

    const elsewhere = await preview(
      '--format',
      'markdown',
      '--viewer-url',
      'https://traces.example.com/ui',
      '--max-flips',
      '2',
    );
    expect(elsewhere.stdout).toContain(`](https://traces.example.com/ui/#/traces/`);
    expect(elsewhere.stdout).toContain('#### Calls that change (first 2 of 4)');
    expect(elsewhere.stdout.match(/\]\(https:/g)).toHaveLength(2);
  });

  it('exits 1 when --fail-on trips and 0 otherwise', async () => {
    const run = (head: string, failOn: string) =>
      cli(
        'backtest',
        '--db',
        'traces.db',
        '--policies',
        head,
        '--baseline',
        'baseline.ts',
        '--fail-on',
        failOn,
        '--json',
      );
    const [newBlocks, changes, alertNewBlocks, alertChanges, sameChanges] = await Promise.all([
      run('head.ts', 'new-blocks'),
      run('head.ts', 'changes'),
      run('alert-only.ts', 'new-blocks'),
      run('alert-only.ts', 'changes'),
      run('baseline.ts', 'changes'),
    ]);
    expect(newBlocks.code).toBe(1);
    expect(JSON.parse(newBlocks.stdout)).toMatchObject({ failOn: 'new-blocks', tripped: true });
    expect(changes.code).toBe(1);
    // Adding an alert changes one call and blocks none.
    expect(alertNewBlocks.code).toBe(0);
    expect(JSON.parse(alertNewBlocks.stdout)).toMatchObject({
      totalFlips: 1,
      newBlocks: 0,
      byChange: { 'allow→alert': 1 },
      failOn: 'new-blocks',
      tripped: false,
    });
    expect(alertChanges.code).toBe(1);
    expect(alertChanges.stderr).toContain('--fail-on changes tripped: 1 call decided differently');
    expect(sameChanges.code).toBe(0);
    expect(JSON.parse(sameChanges.stdout)).toMatchObject({ totalFlips: 0, tripped: false });
  });

  it('exits 2 with a clear message on bad usage', async () => {
    const cases: Array<[string[], string]> = [
      [['--policies', 'head.ts', '--baseline', 'nope.ts'], 'Baseline policy file not found'],
      [['--baseline', 'baseline.ts'], '--baseline compares two policy sets: give the head set with --policies FILE'],
      [['--policies', 'missing-head.ts', '--baseline', 'baseline.ts'], 'Policy file not found'],
      [['--policies', 'head.ts', '--baseline', 'baseline.ts', '--format', 'xml'], 'format'],
      [['--policies', 'head.ts', '--baseline', 'baseline.ts', '--fail-on', 'everything'], 'fail-on'],
      [['--policies', 'head.ts', '--baseline', 'baseline.ts', '--max-flips', '-1'], '--max-flips must be'],
      [
        ['--policies', 'head.ts', '--baseline', 'baseline.ts', '--since', 'yesterday'],
        "--since 'yesterday' is not a time",
      ],
      [['--policies', 'head.ts', '--fail-on', 'changes'], '--fail-on compares two policy sets: give --baseline too'],
      [['--policies', 'head.ts', '--format', 'markdown'], '--format markdown compares two policy sets'],
      [['--policies', 'head.ts', '--baseline', 'baseline.ts', '--json', '--format', 'text'], 'disagree'],
      [['--policies', 'head.ts', '--baseline', 'baseline.ts', '--fail-on-block'], '--fail-on new-blocks'],
    ];
    const results = await Promise.all(cases.map(([args]) => cli('backtest', '--db', 'traces.db', ...args)));
    cases.forEach(([args, message], index) => {
      expect({ args, code: results[index].code }).toEqual({ args, code: 2 });
      expect(results[index].stderr).toContain(message);
    });
    const missingDb = await cli('backtest', '--db', 'missing.db', '--policies', 'head.ts', '--baseline', 'baseline.ts');
    expect(missingDb.code).toBe(2);
    expect(missingDb.stderr).toContain('Trace database not found');
  });

  it('takes the baseline from a git revision of the policy file: --baseline HEAD:policies.ts', async () => {
    const repo = temporaryDirectory('clearstone-cli-git-');
    await createTraceDatabase(repo);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
        cwd: repo,
        stdio: 'pipe',
      });
    git('init', '-q');
    // The policy file imports a sibling module: the revision's text must resolve it too.
    writeFileSync(join(repo, 'messages.ts'), "export const DELETE_REASON = 'Deletes need a ticket';\n");
    writeFileSync(
      join(repo, 'policies.ts'),
      BASELINE.replace("BLOCK('Deletes need a ticket')", 'BLOCK(DELETE_REASON)').replace(
        "import { definePolicy } from '@clearstone/policy';",
        "import { definePolicy } from '@clearstone/policy';\nimport { DELETE_REASON } from './messages';",
      ),
    );
    git('add', 'policies.ts', 'messages.ts');
    git('commit', '-q', '-m', 'Policies in production');
    writeFileSync(join(repo, 'policies.ts'), HEAD);
    const inRepo = cliIn(repo);

    const result = await inRepo(
      'backtest',
      '--db',
      'traces.db',
      '--policies',
      'policies.ts',
      '--baseline',
      'HEAD:policies.ts',
      '--json',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as PreviewJson;
    expect(summary).toMatchObject({ baselineSource: 'HEAD:policies.ts', totalFlips: 4, newBlocks: 1, liftedBlocks: 1 });
    expect(summary.flips.find((flip) => flip.before === 'block')?.reason).toBe('Deletes need a ticket');
    // The temporary copy of the revision is gone.
    expect(readdirSync(repo).filter((name) => name.startsWith('.clearstone-baseline'))).toEqual([]);

    const unknown = await inRepo(
      'backtest',
      '--db',
      'traces.db',
      '--policies',
      'policies.ts',
      '--baseline',
      'no-such-branch:policies.ts',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Cannot read baseline no-such-branch:policies.ts with git show');
    expect(unknown.stderr).toContain("invalid object name 'no-such-branch'");
    const missingPath = await inRepo(
      'backtest',
      '--db',
      'traces.db',
      '--policies',
      'policies.ts',
      '--baseline',
      'HEAD:gone.ts',
    );
    expect(missingPath.code).toBe(2);
    expect(missingPath.stderr).toContain("path 'gone.ts' does not exist in 'HEAD'");
  });
});
