import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TracerProvider } from '@clearstone/observability';
import type { Browser, Page } from 'playwright-core';
import { startViewer } from '../src';
import type { RunningViewer } from '../src';
import { launchChromium } from './support/chromium';
import { buildPageAssets } from './support/page-assets';
import { HOSTILE_TEXT, writeSampleDatabase } from './support/sample-database';
import type { SampleTraces } from './support/sample-database';

let directory: string;
let assetsDir: string;
let dbPath: string;
let traces: SampleTraces;
let viewer: RunningViewer;
let browser: Browser;
let page: Page;
const requests: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'clearstone-viewer-browser-'));
  dbPath = path.join(directory, 'traces.db');
  [traces, assetsDir, browser] = await Promise.all([writeSampleDatabase(dbPath), buildPageAssets(), launchChromium()]);
  viewer = await startViewer({ dbPath, port: 0, assetsDir });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
  if (assetsDir) rmSync(assetsDir, { recursive: true, force: true });
});

const rows = (): ReturnType<Page['locator']> => page.locator('[data-testid="trace-row"]');
/** The name cell of a list row (the first cell holds the compare checkbox). */
const nameCell = (row: ReturnType<Page['locator']>): ReturnType<Page['locator']> => row.locator('td').nth(1);

it('lists the traces newest first', async () => {
  await page.goto(viewer.url);
  await rows().first().waitFor();
  expect(await rows().count()).toBe(29);
  expect(await nameCell(rows().nth(2)).locator('a').first().textContent()).toBe('agent_execution');
  expect(await rows().nth(2).locator('td.blocked').textContent()).toBe('1');
  expect(await rows().nth(2).locator('[data-testid="trace-blocked"]').textContent()).toBe('BLOCKED');
  expect(await rows().nth(2).locator('[data-testid="trace-paused"]').textContent()).toBe('PAUSED');
  expect(await rows().nth(3).locator('[data-testid="trace-blocked"]').count()).toBe(0);
  expect(await rows().nth(1).locator('.badge').textContent()).toBe('ERROR');
});

it('filters the list and keeps the filter in the URL', async () => {
  await page.selectOption('select[name="status"]', 'ERROR');
  await page.click('button[type="submit"]');
  await rows().nth(1).waitFor({ state: 'detached' });
  await rows().first().waitFor();
  expect(await rows().count()).toBe(1);
  expect(await nameCell(rows().first()).textContent()).toBe('failing_agent');
  expect(new URL(page.url()).hash).toBe('#/traces?status=ERROR');
  await page.fill('input[name="q"]', 'agent_execution');
  await page.selectOption('select[name="status"]', '');
  await page.click('button[type="submit"]');
  await rows().nth(2).waitFor({ state: 'detached' });
  await rows().nth(1).waitFor();
  expect(await rows().count()).toBe(2);
});

it('opens a trace: waterfall of the span tree and the blocked decision in the side panel', async () => {
  await rows().first().locator('a').click();
  await page.locator('[data-testid="waterfall-row"]').first().waitFor();
  expect(new URL(page.url()).hash).toBe(`#/traces/${traces.blocked}`);
  const names = await page.locator('[data-testid="waterfall-row"] .wf-label').allTextContents();
  expect(names).toEqual(['agent_execution', 'chat gpt-4o-mini', 'execute_tool delete_file', 'execute_tool send_email']);
  const bars = await page
    .locator('.wf-bar')
    .evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().width));
  expect(bars.every((width) => width > 0)).toBe(true);
  const notRun = page.locator('[data-testid="waterfall-row"] [data-testid="governed-outcome"]');
  expect(await notRun.allTextContents()).toEqual(['NOT RUN', 'NOT RUN']);
  expect(await notRun.evaluateAll((badges) => badges.map((badge) => badge.getAttribute('title')))).toEqual([
    'A policy blocked the call; it did not run.',
    "The run is waiting for a human's approval; the call has not run.",
  ]);
  const blockedRow = page.locator('[data-testid="waterfall-row"]', { hasText: 'BLOCK' }).first();
  expect(await blockedRow.locator('.wf-label').textContent()).toBe('chat gpt-4o-mini');
  await blockedRow.click();
  const panel = page.locator('[data-testid="span-panel"]');
  await panel.locator('[data-testid="decisions"]').waitFor();
  expect(await panel.locator('[data-testid="decision-action"]').textContent()).toBe('BLOCK');
  expect(await panel.locator('[data-testid="decisions"] tbody td').allTextContents()).toEqual(
    expect.arrayContaining(['no_file_deletion', 'Deleting files is not allowed for this agent']),
  );
  expect(await panel.locator('[data-testid="llm"]').textContent()).toContain('gpt-4o-mini');
  expect(new URL(page.url()).hash).toMatch(new RegExp(`^#/traces/${traces.blocked}/spans/[0-9a-f]{16}$`));
});

it('shows in the span panel that a governed call did not run', async () => {
  const deleteRow = page.locator('[data-testid="waterfall-row"]', { hasText: 'execute_tool delete_file' });
  expect(await deleteRow.locator('[data-testid="governed-outcome"]').isVisible()).toBe(true);
  await deleteRow.click();
  const panel = page.locator('[data-testid="span-panel"]');
  await panel.locator('h2', { hasText: 'execute_tool delete_file' }).waitFor();
  const notRun = panel.locator('[data-testid="not-run"]');
  expect(await notRun.locator('[data-testid="governed-outcome"]').textContent()).toBe('NOT RUN: BLOCKED');
  expect(await notRun.textContent()).toContain('A policy blocked the call; it did not run.');
  expect(await panel.locator('[data-testid="tool"]').textContent()).toContain('delete_file');
  await page.locator('[data-testid="waterfall-row"]', { hasText: 'chat gpt-4o-mini' }).click();
  await panel.locator('h2', { hasText: 'chat gpt-4o-mini' }).waitFor();
  expect(await panel.locator('[data-testid="not-run"]').count()).toBe(0);
});

it('opens a shared span URL on that span', async () => {
  const shared = page.url();
  const fresh = await browser.newPage();
  try {
    await fresh.goto(shared);
    await fresh.locator('[data-testid="decisions"]').waitFor();
    expect(await fresh.locator('[data-testid="span-panel"] h2').textContent()).toBe('chat gpt-4o-mini');
    expect(await fresh.locator('.wf-row.selected .wf-label').textContent()).toBe('chat gpt-4o-mini');
  } finally {
    await fresh.close();
  }
});

it('shows errors with their stack', async () => {
  await page.goto(`${viewer.url}#/traces/${traces.failing}`);
  await page.locator('[data-testid="waterfall-row"]', { hasText: 'flaky_api' }).click();
  await page.locator('.stack').waitFor();
  expect(await page.locator('.panel .error-text').first().textContent()).toBe('TypeError: upstream returned 503');
  expect(await page.locator('.stack').textContent()).toContain('TypeError: upstream returned 503');
});

it('renders stored markup as text and never runs it', async () => {
  await page.goto(`${viewer.url}#/traces/${traces.hostile}`);
  const panel = page.locator('[data-testid="span-panel"]');
  await panel.locator('[data-testid="attributes"]').waitFor();
  expect(await panel.locator('h2').textContent()).toBe('xss_probe <b>bold</b>');
  expect(await panel.locator('[data-testid="attributes"] td').allTextContents()).toContain(HOSTILE_TEXT);
  expect(await panel.locator('pre.json').textContent()).toContain(JSON.stringify(HOSTILE_TEXT).slice(1, -1));
  expect(await page.locator('main img, main b, main script').count()).toBe(0);
  await page.goto(`${viewer.url}#/traces`);
  await rows().first().waitFor();
  expect(await nameCell(rows().first()).textContent()).toBe('xss_probe <b>bold</b>');
  expect(await page.locator('main b').count()).toBe(0);
  expect(await page.evaluate(() => typeof (globalThis as Record<string, unknown>).__xss)).toBe('undefined');
});

it('shows an unknown trace as an error', async () => {
  await page.goto(`${viewer.url}#/traces/${'0'.repeat(32)}`);
  await page.locator('.error-box').waitFor();
  expect(await page.locator('.error-box').textContent()).toContain('TRACE_NOT_FOUND');
});

it('refreshes the list while an agent is writing traces', async () => {
  await page.goto(`${viewer.url}#/traces`);
  await rows().first().waitFor();
  const provider = new TracerProvider({ dbPath });
  provider.getTracer('late-agent').span('late_run', () => undefined);
  await provider.shutdown();
  provider.traceStore.close();
  await nameCell(rows().first()).getByText('late_run', { exact: true }).waitFor({ timeout: 8000 });
});

it('made no request outside the viewer and hit no Content-Security-Policy violation', () => {
  const origin = new URL(viewer.url).origin;
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
  expect(consoleErrors.filter((text) => !text.includes('404'))).toEqual([]);
});
