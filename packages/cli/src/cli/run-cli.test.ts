import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli';
import type { OutputStream } from './cli-io';

function buffer(isTTY = false): OutputStream & { text: string } {
  const stream = { text: '', isTTY, write: (chunk: string) => (stream.text += chunk) };
  return stream;
}

describe('runCli', () => {
  it('runs a command in-process against the given streams, environment and directory', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'clearstone-run-cli-'));
    const stdout = buffer();
    const stderr = buffer();
    const code = await runCli(['new-policy', 'cap_tokens', '--priority', '5'], { stdout, stderr, env: {}, cwd });
    expect(code).toBe(0);
    expect(stdout.text).toContain('policies/cap-tokens.ts');
    expect(readFileSync(join(cwd, 'policies/cap-tokens.ts'), 'utf8')).toContain('priority: 5,');
    expect(stderr.text).toBe('');
  });

  it('colours a terminal unless NO_COLOR is set', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'clearstone-run-cli-'));
    const terminal = buffer(true);
    await runCli(['new-policy', 'first'], { stdout: terminal, stderr: buffer(true), env: {}, cwd });
    expect(terminal.text).toContain('\u001b[32m');
    const plain = buffer(true);
    await runCli(['new-policy', 'second'], { stdout: plain, stderr: buffer(true), env: { NO_COLOR: '1' }, cwd });
    expect(plain.text).not.toContain('\u001b[');
  });

  it('returns 2 for a usage error and 1 for an operational error, printing to stderr', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'clearstone-run-cli-'));
    const stderr = buffer();
    expect(await runCli(['new-policy', '1st'], { stdout: buffer(), stderr, env: {}, cwd })).toBe(2);
    expect(stderr.text).toContain("Invalid policy name '1st'");
    const json = buffer();
    expect(
      await runCli(['traces', 'list', '--db', 'none.db', '--json'], { stdout: buffer(), stderr: json, env: {}, cwd }),
    ).toBe(1);
    expect(JSON.parse(json.text)).toEqual({
      error: { code: 'DATABASE_NOT_FOUND', message: expect.stringContaining('none.db') },
    });
  });
});
