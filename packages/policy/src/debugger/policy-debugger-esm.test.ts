import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

describe('PolicyDebugger on a policy loaded as an ES module', () => {
  // Jest runs this file as CommonJS, so the ES module policy is traced in a child process.
  const tsx = join(__dirname, '..', '..', '..', '..', 'node_modules', '.bin', 'tsx');
  const runner = join(__dirname, '..', '..', 'test', 'fixtures', 'trace-esm-policy.mjs');

  it('shows the module-scope constants, variables and imports the policy uses', async () => {
    const { stdout } = await promisify(execFile)(tsx, [runner, '500'], { env: { ...process.env, CLEARSTONE_TELEMETRY_DISABLED: '1' } });
    const { esm, decision, trace } = JSON.parse(stdout) as { esm: boolean; decision: { reason: string }; trace: Array<{ line: number; text: string; locals: Record<string, string> }> };
    expect(esm).toBe(true);
    expect(decision.reason).toBe('Amount 500 over 100');
    expect(trace.map((entry) => entry.text)).toEqual([
      'evaluations += 1;',
      'const amount = Number(ctx.metadata.amount ?? 0);',
      'if (amount > LIMIT && !TRUSTED_ROLES.includes(String(ctx.metadata.role))) {',
      'return BLOCK(`Amount ${amount} over ${LIMIT}`);',
    ]);
    expect(trace[0]!.line).toBe(10);
    expect(trace[0]!.locals).toMatchObject({ LIMIT: '100', TRUSTED_ROLES: '["admin", "owner"]', evaluations: '0' });
    expect(trace[3]!.locals).toMatchObject({ amount: '500', LIMIT: '100', evaluations: '1', ALLOW: expect.stringContaining('action: "allow"') });
    // Module-scope functions and bindings the policy does not mention are left out, as for closures.
    expect(Object.keys(trace[3]!.locals)).not.toContain('BLOCK');
  });
});
