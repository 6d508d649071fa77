import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..');

describe('examples/tracing-quickstart.ts', () => {
  let directory = '';
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'clearstone-quickstart-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('records the hierarchy, attributes and the exception, and prints the tree read back from SQLite', async () => {
    const dbPath = join(directory, 'traces.db');
    const { stdout } = await run(
      join(root, 'node_modules/.bin/tsx'),
      [join(__dirname, 'tracing-quickstart.ts'), dbPath],
      { cwd: directory },
    );
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^trace [0-9a-f]{32}: 5 spans, status OK$/);
    expect(
      lines.slice(1).map((line) => line.replace(/ \d+\.\d\d ms/, '').replace(/ stack=\d+ lines/, ' stack')),
    ).toEqual([
      'agent_execution [INTERNAL] OK',
      '  llm_call [CLIENT] OK {"model":"gpt-4","temperature":0.7,"max_tokens":1000}',
      '  tool_execution [INTERNAL] OK {"tool":"calculator"}',
      '    parse_expression [INTERNAL] OK {"expression":"6 * 7"}',
      '  risky_operation [INTERNAL] ERROR error="Something went wrong" stack',
    ]);
    expect(stdout).toMatch(/stack=([2-9]|\d\d+) lines/);
    expect(existsSync(dbPath)).toBe(true);
  }, 60_000);
});
