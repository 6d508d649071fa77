import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..');

describe('examples/interventions.ts', () => {
  // The example's own temporary directory goes under this one, so the test can see it was removed.
  let temporaryRoot = '';
  beforeEach(() => {
    temporaryRoot = mkdtempSync(join(tmpdir(), 'clearstone-interventions-test-'));
  });
  afterEach(() => rmSync(temporaryRoot, { recursive: true, force: true }));
  const environment = () => ({
    ...process.env,
    NO_COLOR: '1',
    CLEARSTONE_TELEMETRY_DISABLED: '1',
    TMPDIR: temporaryRoot,
  });

  it('continues after a reviewer process approves and stops after it rejects', async () => {
    const { stdout } = await promisify(execFile)(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join(__dirname, 'interventions.ts')],
      { cwd: repoRoot, env: environment() },
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('✅ refund $4.50 executed');
    expect(lines[1]).toBe(
      '⏸️  paused by require_approval_for_high_cost: High cost operation requires approval: $25.00 > $10.00',
    );
    const waiting = /^⏳ agent \(pid (\d+)\) waiting for a decision on (intervention_[0-9a-f]{32})$/;
    const [, agentPid, firstId] = waiting.exec(lines[2]) ?? [];
    const approvedBy =
      /^reviewer \(pid (\d+)\): approved 'High cost operation requires approval: \$25\.00 > \$10\.00'$/.exec(lines[3]);
    expect(approvedBy).not.toBeNull();
    // The decision was made by another process.
    expect(approvedBy![1]).not.toBe(agentPid);
    expect(lines[4]).toBe('✅ refund $25.00 executed');

    expect(lines[5]).toBe(
      '⏸️  paused by require_approval_for_high_cost: High cost operation requires approval: $400.00 > $10.00',
    );
    const [, , secondId] = waiting.exec(lines[6]) ?? [];
    expect(secondId).toBeDefined();
    expect(secondId).not.toBe(firstId);
    expect(lines[7]).toMatch(
      /^reviewer \(pid \d+\): rejected 'High cost operation requires approval: \$400\.00 > \$10\.00'$/,
    );
    expect(lines[8]).toBe(
      '❌ wire transfer $400.00 not executed — Not approved: High cost operation requires approval: $400.00 > $10.00',
    );
    expect(lines[9]).toBe('interventions: approved by reviewer (used), rejected by reviewer');
    // tsx keeps its compile cache there too (tsx-<uid>); nothing else may be left.
    expect(readdirSync(temporaryRoot).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
  }, 60_000);
});
