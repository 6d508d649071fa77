import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..');
const project = join(__dirname, 'vitest-cassette');
// Vitest is a dev dependency of @clearstone/testing; the spec uses the built packages.
const vitestRoot = realpathSync(join(repoRoot, 'packages', 'testing', 'node_modules', 'vitest'));

describe('examples/vitest-cassette (a Vitest test replaying a cassette)', () => {
  beforeAll(() => {
    for (const name of ['core', 'policy', 'testing', 'langchain'])
      if (!existsSync(join(repoRoot, 'packages', name, 'dist', 'index.js')))
        throw new Error(`packages/${name}/dist is missing: run tsup in packages/${name} first.`);
  });

  it('passes under `vitest run`, in CI mode', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        join(vitestRoot, 'vitest.mjs'),
        'run',
        '--root',
        project,
        '--config',
        join(project, 'vitest.config.mjs'),
        '--reporter=verbose',
      ],
      { cwd: project, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: '1' } },
    );
    expect(stdout).toMatch(
      /✓ weather\.vitest\.ts > the weather agent under Vitest > answers from the committed cassette without calling the model or the tool/,
    );
    expect(stdout).toMatch(/Tests {2}1 passed \(1\)/);
  }, 120_000);
});
