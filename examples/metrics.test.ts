import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..');
const env = { ...process.env, NO_COLOR: '1', CLEARSTONE_TELEMETRY_DISABLED: '1' };
const ms = String.raw`\d+\.\d{4}ms`;

describe('examples/metrics.ts', () => {
  it('summarises 300 evaluations per policy and names the slowest and the most blocking policies', async () => {
    const { stdout } = await promisify(execFile)(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join(__dirname, 'metrics.ts')],
      { cwd: repoRoot, env },
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe('summary:');
    // Counts are exact (a BLOCK stops the later policies); latencies vary and are only checked for shape.
    const counts = [
      'block_dangerous_tools: 300 evaluations, 50 blocks, 0 alerts',
      'token_limit: 250 evaluations, 36 blocks, 0 alerts',
      'alert_on_privileged_access: 214 evaluations, 0 blocks, 42 alerts',
      'customer_risk_lookup: 214 evaluations, 16 blocks, 0 alerts',
    ];
    counts.forEach((prefix, index) =>
      expect(lines[1 + index]).toMatch(new RegExp(`^  ${prefix}, avg ${ms}, p99 ${ms}$`)),
    );
    expect(lines[5]).toBe('slowest:');
    // customer_risk_lookup waits 0.2 ms per call; the built-ins take microseconds.
    const slowest = /^ {2}customer_risk_lookup: avg (\d+\.\d{4})ms$/.exec(lines[6]);
    expect(slowest).not.toBeNull();
    expect(Number(slowest![1])).toBeGreaterThanOrEqual(0.2);
    expect(lines[7]).toMatch(
      new RegExp(`^  (block_dangerous_tools|token_limit|alert_on_privileged_access): avg ${ms}$`),
    );
    expect(lines.slice(8)).toEqual([
      'top blocking:',
      '  block_dangerous_tools: 50 blocks',
      '  token_limit: 36 blocks',
      '  customer_risk_lookup: 16 blocks',
    ]);
  }, 60_000);
});
