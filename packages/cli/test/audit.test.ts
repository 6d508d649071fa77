import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALLOW, BLOCK, createContext } from '@clearstone/core';
import { AUDIT_CSV_COLUMNS, AuditTrail, PolicyEngine, definePolicy } from '@clearstone/policy';
import { cliIn, requireBuiltCli, temporaryDirectory, type CliRun } from './helpers/run-cli-process';

// Each test runs the built CLI as child processes; a loaded machine needs more than Jest's default 5 s.
jest.setTimeout(60_000);

let project: string;
let cli: (...args: string[]) => Promise<CliRun>;

beforeAll(() => {
  requireBuiltCli();
  project = temporaryDirectory();
  cli = cliIn(project);
  const auditTrail = new AuditTrail({ sinkPath: join(project, 'audit/decisions.jsonl') });
  const noDeletes = definePolicy({ name: 'no_deletes', priority: 10 }, (ctx) =>
    ctx.metadata.toolName === 'delete' ? BLOCK('Deletes need a ticket, e.g. =HYPERLINK("x")') : ALLOW,
  );
  const engine = new PolicyEngine({ policies: [noDeletes], auditTrail });
  for (const toolName of ['search', 'delete', 'search', 'read']) {
    engine.evaluateSync(createContext({ userId: 'u1', agentId: 'bot', metadata: { toolName } }));
  }
  auditTrail.close();
});

describe('clearstone audit verify', () => {
  it('accepts an intact JSONL sink', async () => {
    const result = await cli('audit', 'verify', 'audit/decisions.jsonl');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('4 entries, hash chain intact');
    expect(JSON.parse((await cli('audit', 'verify', 'audit/decisions.jsonl', '--json')).stdout)).toEqual({
      file: join(project, 'audit/decisions.jsonl'),
      ok: true,
      checked: 4,
    });
  });

  it('finds the altered entry (exit 1)', async () => {
    const lines = readFileSync(join(project, 'audit/decisions.jsonl'), 'utf8').trimEnd().split('\n');
    lines[2] = lines[2].replace('"decision":"allow"', '"decision":"block"');
    writeFileSync(join(project, 'tampered.jsonl'), `${lines.join('\n')}\n`);
    const result = await cli('audit', 'verify', 'tampered.jsonl', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      firstInvalidIndex: 2,
      reason: expect.stringContaining('altered'),
    });
    const text = await cli('audit', 'verify', 'tampered.jsonl');
    expect(text.stdout).toContain('hash chain broken at entry 2 (line 3)');
  });

  it('tells a crash-torn last line apart from tampering (exit 1 either way)', async () => {
    const text = readFileSync(join(project, 'audit/decisions.jsonl'), 'utf8');
    writeFileSync(join(project, 'torn.jsonl'), `${text}{"sequence":4,"policyName":"no_del`);
    const json = await cli('audit', 'verify', 'torn.jsonl', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, tornTail: true, firstInvalidIndex: 4 });
    const plain = await cli('audit', 'verify', 'torn.jsonl');
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('the last line (line 5) is an incomplete write');
    expect(plain.stdout).toContain('the 4 entries before it verify');
    expect(plain.stdout).not.toContain('hash chain broken');
  });

  it('needs the genesis entry unless --allow-truncated', async () => {
    const lines = readFileSync(join(project, 'audit/decisions.jsonl'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(project, 'tail.jsonl'), `${lines.slice(2).join('\n')}\n`);
    expect((await cli('audit', 'verify', 'tail.jsonl')).code).toBe(1);
    expect((await cli('audit', 'verify', 'tail.jsonl', '--allow-truncated')).code).toBe(0);
  });

  it('reports a missing file (exit 1)', async () => {
    const result = await cli('audit', 'verify', 'nope.jsonl');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nope.jsonl');
  });
});

describe('clearstone audit export', () => {
  it('writes CSV in the audit column order, neutralising formulas', async () => {
    const result = await cli('audit', 'export', 'audit/decisions.jsonl', '--format', 'csv');
    expect(result.code).toBe(0);
    const rows = result.stdout.split('\r\n');
    expect(rows[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
    expect(rows).toHaveLength(6);
    expect(rows[2]).toContain(',no_deletes,block,');
    expect(rows[2]).toContain('"Deletes need a ticket, e.g. =HYPERLINK(""x"")"');
  });

  it('writes a JSON array to a file', async () => {
    const result = await cli(
      'audit',
      'export',
      'audit/decisions.jsonl',
      '--format',
      'json',
      '--out',
      'exports/audit.json',
    );
    expect(result.stdout).toContain('Exported 4 entries to exports/audit.json');
    const entries = JSON.parse(readFileSync(join(project, 'exports/audit.json'), 'utf8'));
    expect(entries.map((entry: { decision: string }) => entry.decision)).toEqual(['allow', 'block', 'allow', 'allow']);
    // The export still verifies.
    expect((await cli('audit', 'verify', 'exports/audit.json')).code).toBe(0);
  });

  it('warns about a broken chain but still exports; rejects a file that is not JSONL (exit 1)', async () => {
    const lines = readFileSync(join(project, 'audit/decisions.jsonl'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(project, 'reordered.jsonl'), `${[lines[1], lines[0]].join('\n')}\n`);
    const reordered = await cli('audit', 'export', 'reordered.jsonl', '--format', 'json');
    expect(reordered.code).toBe(0);
    expect(reordered.stderr).toContain('fails hash-chain verification');
    writeFileSync(join(project, 'garbage.jsonl'), 'not json at all\n');
    const garbage = await cli('audit', 'export', 'garbage.jsonl');
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toContain('garbage.jsonl line 1 is not valid JSON');
  });

  it('rejects an unknown format (exit 2)', async () => {
    expect((await cli('audit', 'export', 'audit/decisions.jsonl', '--format', 'xml')).code).toBe(2);
    expect((await cli('audit', 'frobnicate', 'x')).code).toBe(2);
  });
});
