import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';

// The demo's database in the trace viewer, as a user opens it: `clearstone ui` from the built
// CLI, the page in headless Chromium (Debian's package).
const run = promisify(execFile);
const demoDir = path.resolve(__dirname, '..');
const tsx = path.resolve(demoDir, '../../node_modules/.bin/tsx');
const cliBin = path.join(path.dirname(require.resolve('@clearstone/cli/package.json')), 'dist', 'bin.js');
const CHROMIUM = '/usr/bin/chromium';

let dir: string;
let ui: ChildProcess;
let url: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`This test drives Debian's Chromium at ${CHROMIUM}; install it with: apt-get install -y chromium`);
  if (!existsSync(cliBin)) throw new Error(`${cliBin} is missing: build the workspace first (pnpm build).`);
  dir = mkdtempSync(path.join(tmpdir(), 'clearstone-demo-viewer-'));
  const env = { ...process.env, NO_COLOR: '1', CLEARSTONE_TELEMETRY_DISABLED: '1' };
  await run(
    tsx,
    ['src/main.ts', '--reject', '--db', path.join(dir, 'traces.db'), '--audit', path.join(dir, 'audit.jsonl')],
    { cwd: demoDir, env, timeout: 120_000 },
  );
  ui = spawn(process.execPath, [cliBin, 'ui', '--db', 'traces.db', '--port', '0', '--json'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    ui.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /"url":\s*"([^"]+)"/.exec(stdout);
      if (match) resolve(match[1]);
    });
    ui.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    ui.on('exit', (code) => reject(new Error(`clearstone ui exited with ${code}: ${stderr}`)));
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (ui && ui.exitCode === null) {
    const exited = new Promise((resolve) => ui.once('exit', resolve));
    ui.kill('SIGINT');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const rows = () => page.locator('[data-testid="trace-row"]');

it("lists the demo's nine runs in the viewer", async () => {
  await page.goto(url);
  await rows().first().waitFor();
  expect(await rows().count()).toBe(9);
  const names = await rows().locator('td:nth-child(2) a').allTextContents();
  expect(new Set(names)).toEqual(new Set(['invoke_agent ops-assistant']));
  // The guest's admin call, the SQL, the payment and the token limit hold blocks; the payment also a pause.
  const marks = await rows().locator('td:nth-child(2) .badge').allTextContents();
  expect(marks.filter((mark) => mark === 'BLOCKED').length).toBeGreaterThanOrEqual(3);
  expect(marks).toContain('PAUSED');
  const blocked = (await rows().locator('td.blocked').allTextContents()).map(Number);
  expect(blocked.filter((count) => count > 0).length).toBeGreaterThanOrEqual(2);
});

it("shows the guest's blocked admin call with the deciding policy", async () => {
  // Newest first: the guest's request is the third of nine scenarios, so the seventh row.
  await rows().nth(6).locator('a').click();
  const blockedRow = page.locator('[data-testid="waterfall-row"]', { hasText: 'BLOCK' }).first();
  await blockedRow.waitFor();
  await blockedRow.click();
  const panel = page.locator('[data-testid="span-panel"]');
  await panel.locator('[data-testid="decisions"]').waitFor();
  expect(await panel.locator('[data-testid="decision-action"]').first().textContent()).toBe('BLOCK');
  expect(await panel.locator('[data-testid="decisions"] tbody td').allTextContents()).toContain('admin_only_action');
  expect(new URL(page.url()).hash).toMatch(/^#\/traces\/[0-9a-f]{32}\/spans\/[0-9a-f]{16}$/);
});

it("shows a run's cost by kind of token", async () => {
  await page.goto(url);
  await rows().first().waitFor();
  await rows().nth(0).locator('a').click();
  const parts = page.locator('[data-testid="cost-parts"]');
  await parts.waitFor();
  expect(await parts.textContent()).toMatch(/^input \$0\.\d{4} · output \$0\.\d{4}$/);
});
