import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..');

describe('examples/backtesting.ts', () => {
  let directory = '';
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'clearstone-backtesting-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('records a week of runs and reports what the proposed policies would block in addition', async () => {
    const { stdout } = await promisify(execFile)(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join(__dirname, 'backtesting.ts'), join(directory, 'support.db')],
      { cwd: directory },
    );
    expect(stdout.trim().split('\n')).toEqual([
      'current  PolicyEngine(block_dangerous_tools): 4 of 30 runs blocked (13.33%), 130 calls evaluated',
      'proposed PolicyEngine(block_dangerous_tools, token_limit, guests_read_only): 12 of 30 runs blocked (40%), 126 calls evaluated',
      'newly blocked: 8 runs; no longer blocked: 0',
      '  token_limit: 6 runs, e.g. Token limit exceeded: 6800 > 5000 (at execute_tool update_address); 6 in total',
      '  guests_read_only: 2 runs, e.g. Guests are read-only (at execute_tool update_address); 2 in total',
    ]);
  }, 60_000);
});
