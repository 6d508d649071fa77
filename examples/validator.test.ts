import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..');
const env = { ...process.env, NO_COLOR: '1', CLEARSTONE_TELEMETRY_DISABLED: '1' };

describe('examples/validator.ts', () => {
  it('passes the good policy and prints why the non-deterministic, slow and fragile ones fail', async () => {
    const { stdout } = await promisify(execFile)(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join(__dirname, 'validator.ts')],
      { cwd: repoRoot, env },
    );
    const lines = stdout.trim().split('\n');
    const typeError = "TypeError: Cannot read properties of undefined (reading 'role')";
    expect(lines).toHaveLength(9);
    expect(lines.slice(0, 4)).toEqual([
      '✅ block_guests: ready for production',
      '❌ hidden_call_counter: 1 failure(s)',
      "   - Policy 'hidden_call_counter' is non-deterministic. Run 2 produced a different result than run 1.",
      '❌ slow_lookup: 1 failure(s)',
    ]);
    // The measured average varies from run to run; the policy waits 1.5 ms per call.
    expect(lines[4]).toMatch(
      /^ {3}- Policy 'slow_lookup' is too slow\. Average latency: (1\.[5-9]|[2-9]\.|\d{2,}\.)\d*ms, Budget: 1ms\.$/,
    );
    expect(lines.slice(5)).toEqual([
      '❌ fragile_user_check: 3 failure(s)',
      `   - Policy 'fragile_user_check' raised an exception during determinism testing: '${typeError}'`,
      `   - Policy 'fragile_user_check' raised an exception during performance testing: '${typeError}'`,
      `   - Policy 'fragile_user_check' is not exception-safe. It raised '${typeError}' on a context with empty metadata.`,
    ]);
  }, 60_000);
});
