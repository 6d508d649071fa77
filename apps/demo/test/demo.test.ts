import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Trace } from '@clearstone/core';
import { PolicyTestHarness, assertToolNotCalled, assertToolWasCalled, checkTrace } from '@clearstone/testing';

const run = promisify(execFile);
const demoDir = path.resolve(__dirname, '..');
const tsx = path.resolve(demoDir, '../../node_modules/.bin/tsx');

interface DemoRun {
  output: string;
  traces: Trace[];
  dir: string;
}

async function runDemo(flag: '--approve' | '--reject'): Promise<DemoRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'clearstone-demo-'));
  const dbPath = path.join(dir, 'traces.db');
  const { stdout } = await run(tsx, ['src/main.ts', flag, '--db', dbPath, '--audit', path.join(dir, 'audit.jsonl')], {
    cwd: demoDir,
    env: { ...process.env, NO_COLOR: '1', CLEARSTONE_TELEMETRY_DISABLED: '1' },
    timeout: 120_000,
  });
  const harness = new PolicyTestHarness(dbPath);
  const traces = harness.loadTraces().reverse(); // oldest first: one trace per scenario, in order
  harness.close();
  return { output: stdout, traces, dir };
}

function decisionsIn(trace: Trace): Array<Record<string, unknown>> {
  return trace.spans.flatMap((span) =>
    span.events.filter((event) => event.name === 'clearstone.policy.decision').map((event) => event.attributes),
  );
}

function inputOf(trace: Trace, toolName: string): string {
  const span = trace.spans.find((candidate) => candidate.attributes['gen_ai.tool.name'] === toolName);
  return span?.input?.captured ? span.input.data : '';
}

const passes = (trace: Trace, ...assertions: Parameters<typeof checkTrace>[1][]) =>
  checkTrace(trace, ...assertions).map((failure) => failure.reason);

describe('the demo agent', () => {
  let rejected: DemoRun;
  let approved: DemoRun;

  beforeAll(async () => {
    [rejected, approved] = await Promise.all([runDemo('--reject'), runDemo('--approve')]);
  }, 240_000);

  afterAll(() => {
    for (const demo of [rejected, approved]) if (demo) rmSync(demo.dir, { recursive: true, force: true });
  });

  it('records one trace per scripted request', () => {
    expect(rejected.traces).toHaveLength(9);
    expect(approved.traces).toHaveLength(9);
    expect(rejected.traces.every((trace) => trace.spans[0].name === 'invoke_agent ops-assistant')).toBe(true);
  });

  it('lets ordinary work through', () => {
    const [report, search] = rejected.traces;
    expect(passes(report, assertToolWasCalled('read_file', { times: 1 }))).toEqual([]);
    expect(passes(search, assertToolWasCalled('web_search', { times: 1 }))).toEqual([]);
    expect(rejected.output).toContain('ALLOWED  tool read_file');
  });

  it('blocks the guest from the admin panel and lets the admin in', () => {
    const [, , guest, admin] = rejected.traces;
    expect(passes(guest, assertToolNotCalled('admin_panel'))).toEqual([]);
    expect(guest.spans[0].attributes).toMatchObject({
      'clearstone.user.id': 'bob',
      'clearstone.user.role': 'guest',
      'clearstone.agent.id': 'ops-assistant',
    });
    expect(decisionsIn(guest)).toContainEqual(
      expect.objectContaining({ 'clearstone.policy.action': 'block', 'clearstone.policy.name': 'admin_only_action' }),
    );
    expect(passes(admin, assertToolWasCalled('admin_panel', { times: 1 }))).toEqual([]);
    expect(rejected.output).toMatch(
      /BLOCKED {2}tool admin_panel .*Admin role required for 'admin_panel'\. Current role: 'guest'/,
    );
  });

  it('blocks the destructive SQL before it runs', () => {
    const sql = rejected.traces[4];
    expect(passes(sql, assertToolNotCalled('run_sql'))).toEqual([]);
    expect(decisionsIn(sql)).toContainEqual(
      expect.objectContaining({ 'clearstone.policy.action': 'block', 'clearstone.policy.name': 'sql_guard' }),
    );
    expect(rejected.output).toContain('tables left: customers, orders');
  });

  it('redacts the card number and SSN before the email tool sees them', () => {
    const email = rejected.traces[5];
    const sent = inputOf(email, 'send_email');
    expect(sent).toContain('[CREDIT_CARD]');
    expect(sent).not.toContain('4111 1111 1111 1111');
    expect(sent).not.toContain('123-45-6789');
    expect(rejected.output).toMatch(/email to billing@acme\.example: .*Card on file: \[CREDIT_CARD\]/);
  });

  it('keeps raw PII out of the trace database', () => {
    const database = readFileSync(path.join(rejected.dir, 'traces.db')).toString('latin1');
    expect(database).toContain('[CREDIT_CARD]');
    for (const secret of ['4111 1111 1111 1111', '123-45-6789', 'jane.doe@acme.example'])
      expect(database).not.toContain(secret);
  });

  it('pauses the large payment and follows the approval flag', () => {
    const rejectedPayment = rejected.traces[6];
    const approvedPayment = approved.traces[6];
    expect(decisionsIn(rejectedPayment)).toContainEqual(
      expect.objectContaining({ 'clearstone.policy.name': 'large_payment_approval' }),
    );
    expect(passes(rejectedPayment, assertToolNotCalled('execute_payment'))).toEqual([]);
    expect(passes(approvedPayment, assertToolWasCalled('execute_payment', { times: 1 }))).toEqual([]);
    expect(rejected.output).toContain('payments: none');
    expect(approved.output).toContain('payments: INV-2041 $4800');
    expect(rejected.output).toMatch(/REJECTED intervention intervention_[0-9a-f]{32} by --reject/);
    expect(approved.output).toMatch(/APPROVED intervention intervention_[0-9a-f]{32} by --approve/);
  });

  it('stops the research session at the token limit', () => {
    const research = rejected.traces[7];
    expect(decisionsIn(research)).toContainEqual(
      expect.objectContaining({ 'clearstone.policy.action': 'block', 'clearstone.policy.name': 'token_limit' }),
    );
    expect(rejected.output).toMatch(
      /BLOCKED {2}model call #\d+ \(\d+ tokens so far\) — Token limit exceeded: \d+ > 600/,
    );
    expect(rejected.output).toMatch(/ALERT {4}.*Session cost limit exceeded/);
  });

  it("stops alice's next session once her daily budget is spent, by the spend recorded in the ledger", () => {
    const budget = rejected.traces[8];
    expect(decisionsIn(budget)).toContainEqual(
      expect.objectContaining({ 'clearstone.policy.action': 'block', 'clearstone.policy.name': 'budget_user_day' }),
    );
    expect(rejected.output).toMatch(
      /BLOCKED {2}model call #\d+ \(\d+ tokens so far\) — Budget exceeded: \$0\.\d+ of \$0\.0075 spent today \(UTC \d{4}-\d{2}-\d{2}\) by user 'alice' \[budget_user_day\]/,
    );
    expect(rejected.output).toMatch(/Spend ledger: .*traces\.spend\.db \(daily budget \$0\.0075 per user\)/);
    expect(rejected.output).toMatch(
      /^ {2}alice {2}\$0\.\d{4} of \$0\.0075 · \d+ tokens · \d+ model calls budget spent$/m,
    );
    expect(rejected.output).toMatch(/^ {2}bob {4}\$0\.\d{4} of \$0\.0075 · \d+ tokens · \d+ model calls$/m);
  });

  it('ends with the summary and the commands to inspect the run', () => {
    expect(rejected.output).toMatch(/tokens: \d+ \(\d+ in, \d+ out\) · cost: \$\d+\.\d{4} · traces: 9/);
    expect(rejected.output).toContain('hash chain verified');
    expect(rejected.output).toContain('npm run clearstone -- traces list --db');
  });

  it("prints each scenario's trace id and says where its fresh database is", () => {
    const printed = [...rejected.output.matchAll(/^ {2}trace: ([0-9a-f]{32})$/gm)].map((match) => match[1]);
    expect(printed).toEqual(rejected.traces.map((trace) => trace.traceId));
    expect(rejected.output).toMatch(/Traces: .*traces\.db \(a fresh database for this run/);
  });

  it("reproduces the live decisions when its recording is backtested with the demo's own policies", () => {
    for (const demo of [rejected, approved]) {
      expect(demo.output).toContain('same decisions as the live run');
      expect(demo.output).toContain('backtest --db');
    }
  });
});
