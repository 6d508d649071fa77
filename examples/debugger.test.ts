import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..');
const env = { ...process.env, NO_COLOR: '1', CLEARSTONE_TELEMETRY_DISABLED: '1' };

/** Splits a trace line "  L14  | text | Locals: { … }" into its parts. */
function parse(line: string): { line: number; text: string; locals: string } {
  const match = /^ {2}L(\d+)\s*\| (.*?)\s*\| Locals: (.*)$/.exec(line);
  if (match === null) throw new Error(`not a trace line: ${line}`);
  return { line: Number(match[1]), text: match[2], locals: match[3] };
}

describe('examples/debugger.ts', () => {
  it('prints a line-by-line report with locals and the closure variable for a BLOCK and an ALLOW', async () => {
    const { stdout } = await promisify(execFile)(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join(__dirname, 'debugger.ts')],
      { cwd: repoRoot, env },
    );
    const [blocked, allowed] = stdout
      .trim()
      .split('\n\n--- ')
      .map((report, index) => (index === 0 ? report : `--- ${report}`).split('\n'));

    expect(blocked.slice(0, 5)).toEqual([
      "--- Policy Debug Trace for 'spend_guard' ---",
      'Final Decision: BLOCK',
      'Final Reason: Risk score 50 is over 20',
      '',
      'Execution Path:',
    ]);
    const blockedPath = blocked.slice(5).map(parse);
    expect(blockedPath.map((entry) => [entry.line, entry.text])).toEqual([
      [14, "const role = String(ctx.metadata.userRole ?? 'guest');"],
      [15, 'const amount = Number(ctx.metadata.amount ?? 0);'],
      [16, 'const score = riskScore(amount, role);'],
      [17, 'if (score > threshold) return BLOCK(`Risk score ${score} is over ${threshold}`);'],
    ]);
    // Locals are captured before each line runs; `threshold` comes from the closure.
    expect(blockedPath[0].locals).toMatch(/role: undefined, amount: undefined, score: undefined, threshold: 20 }$/);
    expect(blockedPath[3].locals).toMatch(/role: "guest", amount: 5000, score: 50, threshold: 20 }$/);
    expect(blockedPath[0].locals).toContain('userId: "u1", agentId: "payments-agent", sessionId: "debug-session"');

    expect(allowed.slice(0, 5)).toEqual([
      "--- Policy Debug Trace for 'spend_guard' ---",
      'Final Decision: ALLOW',
      'Final Reason: N/A',
      '',
      'Execution Path:',
    ]);
    const allowedPath = allowed.slice(5).map(parse);
    expect(allowedPath.map((entry) => entry.line)).toEqual([14, 15, 16, 17, 18]);
    expect(allowedPath[4]).toMatchObject({ text: 'return ALLOW;' });
    expect(allowedPath[4].locals).toMatch(/role: "admin", amount: 5000, score: 5, threshold: 20 }$/);
  }, 60_000);
});
