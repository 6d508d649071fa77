import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startRedisServer, type TestRedisServer } from '../../scripts/redis-server.cjs';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const worker = join(__dirname, 'fixtures', 'governance-worker.ts');
const cli = join(root, 'packages', 'cli', 'dist', 'bin.js');

let dir: string;
let redis: { url: string; stop(): Promise<void> };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clearstone-governance-'));
  const shared = process.env.CLEARSTONE_TEST_REDIS_URL;
  if (shared !== undefined && shared !== '') redis = { url: shared, stop: () => Promise.resolve() };
  else {
    const server: TestRedisServer = await startRedisServer();
    redis = server;
  }
}, 30_000);

afterAll(async () => {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function workerOutput(args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(tsx, [worker, ...args], { timeout: 120_000, env: { ...process.env, ...env } });
  return stdout.trim();
}

describe('governance state shared by processes', () => {
  it.each([
    ['SQLite', () => `sqlite:${join(dir, `rate-${randomUUID()}.db`)}`],
    ['Redis', () => `redis:${redis.url}`],
  ])(
    '4 processes × 1,000 concurrent calls against 500 per window allow exactly 500 (%s)',
    async (_name, target) => {
      const store = target();
      const env = { PREFIX: `rate-${randomUUID()}:` };
      const allowed = await Promise.all([1, 2, 3, 4].map(() => workerOutput(['rate', store, '1000'], env)));
      expect(allowed.map(Number).reduce((sum, count) => sum + count, 0)).toBe(500);
    },
    180_000,
  );

  it('a daily budget spent in one process blocks in another, and after a restart', async () => {
    const store = `sqlite:${join(dir, 'budget.db')}`;
    await expect(workerOutput(['budget', store, 'alice'])).resolves.toBe('allow');
    await expect(workerOutput(['spend', store, 'alice', '0.6'])).resolves.toBe('recorded');
    await expect(workerOutput(['spend', store, 'alice', '0.6'])).resolves.toBe('recorded');
    // Each worker is a new process opening the file afresh: what it sees survived the writers' exit.
    await expect(workerOutput(['budget', store, 'alice'])).resolves.toBe('block');
    await expect(workerOutput(['budget', store, 'bob'])).resolves.toBe('allow');
    const redisStore = `redis:${redis.url}`;
    const env = { PREFIX: `budget-${randomUUID()}:` };
    await workerOutput(['spend', redisStore, 'alice', '1.5'], env);
    await expect(workerOutput(['budget', redisStore, 'alice'], env)).resolves.toBe('block');
  }, 180_000);

  it('an approval given with `clearstone interventions approve --redis` releases an agent waiting in another process', async () => {
    const prefix = `approve-${randomUUID()}:`;
    const id = `intervention_${randomUUID().replace(/-/g, '')}`;
    const child = spawn(tsx, [worker, 'wait', `redis:${redis.url}`, id], {
      env: { ...process.env, PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    while (!output.includes('waiting')) await new Promise((resolve) => setTimeout(resolve, 50));
    const listed = await run('node', [
      cli,
      'interventions',
      'list',
      '--redis',
      redis.url,
      '--prefix',
      prefix,
      '--json',
    ]);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id, status: 'pending' })]);
    const approved = await run('node', [cli, 'interventions', 'approve', id, '--redis', redis.url, '--prefix', prefix]);
    expect(approved.stdout).toContain('Approved');
    await expect(exited).resolves.toBe(0);
    expect(output).toContain('approved');
    expect(output).not.toContain('not approved');
  }, 120_000);
});
