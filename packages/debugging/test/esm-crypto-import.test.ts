import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');
const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');

// ES modules bind `import { randomUUID } from 'node:crypto'` at load time; the context must reach
// those bindings too, and give them back on exit. Only a real ESM process can show that.
it('fixes and restores randomUUID imported by name in an ES module', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'clearstone-esm-'));
  try {
    const script = path.join(dir, 'probe.mts');
    writeFileSync(
      script,
      [
        `import { randomUUID } from 'node:crypto';`,
        `import { DeterministicExecutionContext } from ${JSON.stringify(path.join(__dirname, '../src/index.ts'))};`,
        `const context = new DeterministicExecutionContext({ seed: 'esm' });`,
        `const inside = [context.run(() => randomUUID()), context.run(() => randomUUID())];`,
        `const outside = [randomUUID(), randomUUID()];`,
        `console.log(JSON.stringify({ inside, outside }));`,
      ].join('\n'),
    );
    const output = execFileSync(tsx, [script], { cwd: repoRoot, encoding: 'utf8' });
    const { inside, outside } = JSON.parse(output.trim().split('\n').pop()!) as { inside: string[]; outside: string[] };
    expect(inside[0]).toBe(inside[1]);
    expect(inside[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(outside[0]).not.toBe(outside[1]);
    expect(outside).not.toContain(inside[0]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
