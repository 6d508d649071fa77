import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..');

describe('examples/audit-export.ts', () => {
  // The example's own temporary directory goes under this one, so the test can see it was removed.
  let temporaryRoot = '';
  beforeEach(() => {
    temporaryRoot = mkdtempSync(join(tmpdir(), 'clearstone-audit-export-test-'));
  });
  afterEach(() => rmSync(temporaryRoot, { recursive: true, force: true }));
  const environment = () => ({
    ...process.env,
    NO_COLOR: '1',
    CLEARSTONE_TELEMETRY_DISABLED: '1',
    TMPDIR: temporaryRoot,
  });

  it('summarises, exports and verifies the audit trail, and finds the tampered entry in a copy', async () => {
    const { stdout } = await promisify(execFile)(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join(__dirname, 'audit-export.ts')],
      { cwd: repoRoot, env: environment() },
    );
    expect(stdout.trim().split('\n')).toEqual([
      'summary: {"totalDecisions":8,"blocks":2,"alerts":1,"pauses":0,"redactions":0,"blockRate":0.25}',
      '  block_dangerous_tools → allow',
      '  alert_on_privileged_access → allow',
      '  block_dangerous_tools → allow',
      "  alert_on_privileged_access → alert: Privileged access: User 'user-42' accessed 'read_salaries'.",
      "  block_dangerous_tools → block: Dangerous tool blocked: 'drop_table'",
      '  block_dangerous_tools → allow',
      '  alert_on_privileged_access → allow',
      "  block_dangerous_tools → block: Dangerous tool blocked: 'DeleteDatabase'",
      'exported 8 entries to decisions.json',
      'exported 8 rows to decisions.csv, header: timestamp,policyName,decision,reason,userId,agentId,sessionId,requestId,error,traceId,spanId,eventType,toolName,model,previousHash,hash',
      'verify in memory: ok=true, 8 entries checked',
      'verify decisions.jsonl: ok=true, 8 entries checked',
      'verify decisions.json: ok=true, 8 entries checked',
      'verify tampered.jsonl: ok=false, first tampered entry: index 4 (line 5): hash does not match the entry content (the entry was altered)',
    ]);
    // tsx keeps its compile cache there too (tsx-<uid>); nothing else may be left.
    expect(readdirSync(temporaryRoot).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
  }, 60_000);
});
