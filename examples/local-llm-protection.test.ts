import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..');

describe('examples/local-llm-protection.ts', () => {
  it('blocks the LLM call while the fake Ollama server answers 503 and allows it at 200', async () => {
    const { stdout } = await promisify(execFile)(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      [join(__dirname, 'local-llm-protection.ts')],
      { cwd: repoRoot },
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^❌ LLM call blocked by local_model_health_check: Local model server at http:\/\/127\.0\.0\.1:\d+\/api\/tags is unhealthy \(status: 503\)\.$/,
    );
    expect(lines[1]).toBe('✅ LLM call allowed (server answered 200)');
  });
});
