import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..');

describe('examples/policy-quickstart.ts', () => {
  it('blocks the guest, allows the admin and summarises the audit trail', async () => {
    const { stdout } = await promisify(execFile)(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join(__dirname, 'policy-quickstart.ts')],
      { cwd: repoRoot },
    );
    expect(stdout.trim().split('\n')).toEqual([
      "❌ guest: blocked delete_user — Tool 'delete_user' is restricted for guests. (policy: block_admin_tools_for_guests)",
      '✅ admin: allowed delete_user',
      'audit: {"totalDecisions":2,"blocks":1,"alerts":0,"pauses":0,"redactions":0,"blockRate":0.5}',
    ]);
  });
});
