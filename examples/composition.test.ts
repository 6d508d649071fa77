import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..');
const env = { ...process.env, NO_COLOR: '1', CLEARSTONE_TELEMETRY_DISABLED: '1' };

describe('examples/composition.ts', () => {
  it('allows admins in business hours and anyone in an emergency, and combines two built-in limits', async () => {
    const { stdout } = await promisify(execFile)(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join(__dirname, 'composition.ts')],
      { cwd: repoRoot, env },
    );
    expect(stdout.trim().split('\n')).toEqual([
      'composite: composed_or(composed_and(is_admin_and_business_hours_only)_or_emergency)',
      '✅ admin at 10:00: allowed',
      '❌ admin at 22:00: blocked — Operation only allowed during business hours (9:00-17:00)',
      '❌ guest at 10:00: blocked — Admin role required (role: guest)',
      '✅ guest at 03:00 during an emergency: allowed',
      'composite: composed_and(token_limit_and_daily_cost_limit)',
      '✅ small request: allowed',
      '❌ huge prompt: blocked — Token limit exceeded: 9000 > 5000',
      '❌ over budget: blocked — Daily cost limit exceeded: $25.00 > $20.00',
    ]);
  }, 60_000);
});
