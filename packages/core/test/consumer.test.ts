import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Loads the built package the way users do: `import` from ESM and `require` from CommonJS.
const packageDir = path.resolve(__dirname, '..');

describe('published entry points', () => {
  let consumerDir: string;

  beforeAll(() => {
    if (!existsSync(path.join(packageDir, 'dist', 'index.js'))) {
      throw new Error('packages/core/dist is missing: run `pnpm build` (npm test does it) before this test.');
    }
    consumerDir = mkdtempSync(path.join(tmpdir(), 'clearstone-consumer-'));
    mkdirSync(path.join(consumerDir, 'node_modules', '@clearstone'), { recursive: true });
    symlinkSync(packageDir, path.join(consumerDir, 'node_modules', '@clearstone', 'core'), 'dir');
  });

  afterAll(() => rmSync(consumerDir, { recursive: true, force: true }));

  const program = (load: string) => `
    ${load}
    const ctx = core.createContext({ userId: 'u', agentId: 'a', metadata: { role: 'guest' } });
    const decision = core.contextScope(ctx, () => core.getCurrentContext() === ctx ? core.BLOCK('no') : core.ALLOW);
    const text = core.serialize(new Map([['k', 1n]]));
    console.log(JSON.stringify({ action: decision.action, restored: String(core.deserialize(text).get('k')), frozen: Object.isFrozen(ctx.metadata) }));
  `;

  it.each([
    ['ESM import', 'consumer.mjs', "import * as core from '@clearstone/core';"],
    ['CommonJS require', 'consumer.cjs', "const core = require('@clearstone/core');"],
  ])('works through %s', (_label, file, load) => {
    writeFileSync(path.join(consumerDir, file), program(load));
    const output = execFileSync(process.execPath, [file], { cwd: consumerDir, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ action: 'block', restored: '1', frozen: true });
  });
});
