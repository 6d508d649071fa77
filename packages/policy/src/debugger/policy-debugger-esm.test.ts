import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { importedNames } from './line-tracer';

describe('PolicyDebugger on a policy loaded as an ES module', () => {
  // Jest runs this file as CommonJS, so the ES module policy is traced in a child process.
  const tsx = join(__dirname, '..', '..', '..', '..', 'node_modules', '.bin', 'tsx');
  const runner = join(__dirname, '..', '..', 'test', 'fixtures', 'trace-esm-policy.mjs');

  it('shows the module-scope constants and variables the policy uses, not its imports', async () => {
    const { stdout } = await promisify(execFile)(tsx, [runner, '500'], {
      env: { ...process.env, CLEARSTONE_TELEMETRY_DISABLED: '1' },
    });
    const { esm, decision, trace } = JSON.parse(stdout) as {
      esm: boolean;
      decision: { reason: string };
      trace: Array<{ line: number; text: string; locals: Record<string, string> }>;
    };
    expect(esm).toBe(true);
    expect(decision.reason).toBe('Amount 500 over 100');
    expect(trace.map((entry) => entry.text)).toEqual([
      'evaluations += 1;',
      'const amount = Number(ctx.metadata.amount ?? 0);',
      'if (amount > LIMIT && !TRUSTED_ROLES.includes(String(ctx.metadata.role))) {',
      'return BLOCK(`Amount ${amount} over ${LIMIT}`);',
    ]);
    expect(trace[0].line).toBe(10);
    expect(trace[0].locals).toMatchObject({ LIMIT: '100', TRUSTED_ROLES: '["admin", "owner"]', evaluations: '0' });
    expect(trace[3].locals).toMatchObject({ amount: '500', LIMIT: '100', evaluations: '1' });
    // Imports are dependencies, not state; module-scope functions and bindings the policy does not
    // mention are left out, as for closures.
    expect(Object.keys(trace[3].locals)).not.toContain('ALLOW');
    expect(Object.keys(trace[3].locals)).not.toContain('BLOCK');
  });

  it('knows the local names import statements bind', () => {
    const source = [
      "import Default, { ALLOW, BLOCK as block } from '@clearstone/core';",
      'import * as fs from "node:fs";',
      "import type { PolicyContext } from '@clearstone/core';",
      "import { a,\n  b } from './x.js'; const notAnImport = 1;",
      "import './side-effect.js';",
      'var __defProp=Object.defineProperty;import{Minified,other as renamed}from"@clearstone/core";const x=1;',
    ].join('\n');
    expect([...importedNames(source)].sort()).toEqual([
      'ALLOW',
      'Default',
      'Minified',
      'a',
      'b',
      'block',
      'fs',
      'renamed',
    ]);
  });
});
