import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..');

describe('examples/langchain-quickstart.ts', () => {
  it('runs a real agent: the admin reaches admin_panel, the guest is blocked', async () => {
    const { stdout } = await promisify(execFile)(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join(__dirname, 'langchain-quickstart.ts')],
      { cwd: repoRoot },
    );
    expect(stdout.trim().split('\n')).toEqual([
      '✅ admin: allowed admin_panel — admin panel: reset_passwords done; agent said: All passwords were reset.',
      "❌ guest: blocked admin_panel — Role 'guest' is not authorized to access 'admin_panel'.",
      'audit: {"totalDecisions":5,"blocks":1,"alerts":0,"pauses":0,"redactions":0,"blockRate":0.2}',
    ]);
  });
});
