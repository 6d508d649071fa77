/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The viewer on a database of 2,000 traces plus one trace of 10,000 spans, in Chromium: what a
// user does every day on large recordings. Timings are measured in benchmarks/viewer.bench.ts, not here.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SpanKind, SpanStatusCode } from '@clearstone/core';
import { TraceStore } from '@clearstone/observability';
import type { Browser, Page } from 'playwright-core';
import { startViewer } from '../src';
import type { RunningViewer } from '../src';
import { launchChromium } from './support/chromium';
import { writeBigTrace, writeManyTraces } from './support/large-database';
import { buildPageAssets } from './support/page-assets';

jest.setTimeout(60_000);

let directory: string;
let assetsDir: string;
let viewer: RunningViewer;
let browser: Browser;
let page: Page;
let big: ReturnType<typeof writeBigTrace>;
let dbPath: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'clearstone-viewer-scale-'));
  dbPath = path.join(directory, 'traces.db');
  writeManyTraces(dbPath, 2000);
  big = writeBigTrace(dbPath, 10_000);
  [assetsDir, browser] = await Promise.all([buildPageAssets(), launchChromium()]);
  viewer = await startViewer({ dbPath, port: 0, assetsDir });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
  if (assetsDir) rmSync(assetsDir, { recursive: true, force: true });
});

const rows = () => page.locator('[data-testid="waterfall-row"]');
const labels = () => page.locator('[data-testid="waterfall-row"] .wf-label').allTextContents();
const scrollToTop = () =>
  page.locator('.waterfall').evaluate((element) => {
    element.scrollTop = 0;
  });
const elementCount = () => page.evaluate(() => document.getElementsByTagName('*').length);

/** Whether the row of `spanId` lies inside the waterfall's visible area. */
async function rowInView(spanId: string): Promise<boolean> {
  return page.evaluate((id) => {
    const row = document.querySelector(`.wf-row[data-span-id="${id}"]`);
    const view = document.querySelector('.waterfall');
    if (row === null || view === null) return false;
    const rowBox = row.getBoundingClientRect();
    const viewBox = view.getBoundingClientRect();
    return rowBox.top >= viewBox.top && rowBox.bottom <= viewBox.bottom && rowBox.bottom <= window.innerHeight;
  }, spanId);
}

describe('a trace of 10,000 spans', () => {
  it('renders only the rows in view, framework plumbing folded', async () => {
    await page.goto(`${viewer.url}#/traces/${big.traceId}`);
    await rows().first().waitFor();
    expect(await elementCount()).toBeLessThan(5000);
    expect(await rows().count()).toBeLessThan(150);
    const names = await labels();
    expect(names[0]).toBe('invoke_agent support');
    expect(names).not.toContain('__start__');
    expect(names).not.toContain('RunnableLambda');
    expect(names.some((name) => name.endsWith('after_model'))).toBe(false);
    expect(names).toContain('chat gpt-4o');
    expect(await page.locator('[data-testid="shown-count"]').textContent()).toMatch(/^5,713 of 9,999 spans shown$/);
    // Scrolled to the end, the last rows are there and the page has not grown.
    await page.locator('.waterfall').evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    // The rows are drawn on the next frame: wait for the last of the 5,713 shown rows.
    await page.waitForFunction(() => {
      const rendered = document.querySelectorAll<HTMLElement>('.wf-rows .wf-row');
      return rendered.length > 0 && rendered[rendered.length - 1].style.transform === `translateY(${5712 * 28}px)`;
    });
    await expect(rows().last().locator('.wf-label').textContent()).resolves.toMatch(/^execute_tool /);
    expect(await elementCount()).toBeLessThan(5000);
  });

  it('shows the plumbing when asked, with the same timings', async () => {
    await scrollToTop();
    await page.locator('.wf-row', { hasText: 'invoke_agent support' }).first().waitFor();
    const before = await page.locator('.wf-row', { hasText: 'invoke_agent support' }).first().getAttribute('title');
    await page.locator('[data-testid="hide-plumbing"]').uncheck();
    await page.locator('.waterfall').evaluate((element) => {
      element.scrollTop = 0;
    });
    await page.locator('.wf-label', { hasText: '__start__' }).first().waitFor();
    expect(await page.locator('[data-testid="shown-count"]').textContent()).toBe('9,999 of 9,999 spans shown');
    expect(await page.locator('.wf-row', { hasText: 'invoke_agent support' }).first().getAttribute('title')).toBe(
      before,
    );
    await page.locator('[data-testid="hide-plumbing"]').check();
    await page.locator('.wf-label', { hasText: '__start__' }).waitFor({ state: 'detached' });
  });

  it('collapses and expands a subtree, and all of them', async () => {
    await scrollToTop();
    await page.locator('.wf-row', { hasText: 'invoke_agent support' }).first().waitFor();
    const firstNode = page.locator('.wf-row', { hasText: 'model_request' }).first();
    const countBefore = await page.locator('[data-testid="shown-count"]').textContent();
    await firstNode.locator('[data-testid="wf-toggle"]').click();
    expect((await labels()).slice(0, 3)).toEqual(['invoke_agent support', 'model_request', 'tools']);
    expect(await page.locator('[data-testid="shown-count"]').textContent()).not.toBe(countBefore);
    await firstNode.locator('[data-testid="wf-toggle"]').click();
    expect((await labels()).slice(0, 3)).toEqual(['invoke_agent support', 'model_request', 'chat gpt-4o']);
    await page.locator('[data-testid="collapse-all"]').click();
    expect(await page.locator('[data-testid="shown-count"]').textContent()).toBe('2,857 of 9,999 spans shown');
    expect(new Set(await labels())).toEqual(new Set(['invoke_agent support', 'model_request', 'tools']));
    await page.locator('[data-testid="expand-all"]').click();
    expect(await page.locator('[data-testid="shown-count"]').textContent()).toBe('5,713 of 9,999 spans shown');
  });

  it('searches inside the trace and steps to the match, expanding and scrolling to it', async () => {
    await page.locator('[data-testid="collapse-all"]').click();
    await page.locator('[data-testid="trace-search"]').fill('delete_database');
    await page.locator('[data-testid="match-count"]', { hasText: /^1 match$/ }).waitFor();
    await page.locator('[data-testid="trace-search"]').press('Enter');
    await page.locator('[data-testid="span-panel"] h2', { hasText: 'execute_tool delete_database' }).waitFor();
    expect(await page.locator('[data-testid="match-count"]').textContent()).toBe('1 / 1');
    expect(await rowInView(big.blockedSpanId)).toBe(true);
    expect(await page.locator('.wf-row.selected .wf-label').textContent()).toBe('execute_tool delete_database');
    expect(new URL(page.url()).hash).toBe(`#/traces/${big.traceId}/spans/${big.blockedSpanId}`);
    // Attribute values are searched too; next and previous wrap around.
    await page.locator('[data-testid="trace-search"]').fill('order 1003');
    await page.locator('[data-testid="match-count"]', { hasText: /^1 match$/ }).waitFor();
    await page.locator('[data-testid="search-next"]').click();
    await page.locator('[data-testid="span-panel"] h2', { hasText: 'execute_tool lookup_order' }).waitFor();
    await page.locator('[data-testid="trace-search"]').fill('');
  });

  it('moves the selection with the arrow keys and folds with left and right', async () => {
    await page.locator('[data-testid="expand-all"]').click();
    await scrollToTop();
    await page.locator('.wf-row', { hasText: 'invoke_agent support' }).first().click();
    await page.locator('[data-testid="span-panel"] h2', { hasText: 'invoke_agent support' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.locator('[data-testid="span-panel"] h2', { hasText: 'model_request' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.locator('[data-testid="span-panel"] h2', { hasText: 'chat gpt-4o' }).waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.locator('[data-testid="span-panel"] h2', { hasText: 'model_request' }).waitFor();
    await page.keyboard.press('ArrowLeft');
    expect((await labels()).slice(0, 3)).toEqual(['invoke_agent support', 'model_request', 'tools']);
    await page.keyboard.press('ArrowRight');
    expect((await labels()).slice(0, 3)).toEqual(['invoke_agent support', 'model_request', 'chat gpt-4o']);
    await page.keyboard.press('ArrowUp');
    await page.locator('[data-testid="span-panel"] h2', { hasText: 'invoke_agent support' }).waitFor();
  });

  it('keeps the details panel in view after a click far down the trace', async () => {
    await page.locator('[data-testid="expand-all"]').click();
    await page.locator('.waterfall').evaluate((element) => {
      element.scrollTop = element.scrollHeight / 2;
    });
    await page.waitForTimeout(100);
    const row = page.locator('.wf-row', { hasText: 'chat gpt-4o' }).nth(5);
    const name = await row.getAttribute('data-span-id');
    await row.click();
    await page.locator('.wf-row.selected').waitFor();
    expect(await page.locator('.wf-row.selected').getAttribute('data-span-id')).toBe(name);
    const box = await page.locator('[data-testid="span-panel"]').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(900);
    expect(box!.height).toBeGreaterThan(500);
  });

  it('opens a span link with the row scrolled into view', async () => {
    const fresh = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await fresh.goto(`${viewer.url}#/traces/${big.traceId}/spans/${big.lastChatSpanId}`);
      await fresh.locator('[data-testid="span-panel"] [data-testid="llm"]').waitFor();
      await fresh.locator(`.wf-row.selected[data-span-id="${big.lastChatSpanId}"]`).waitFor();
      const inView = await fresh.evaluate((id) => {
        const row = document.querySelector(`.wf-row[data-span-id="${id}"]`)!.getBoundingClientRect();
        const view = document.querySelector('.waterfall')!.getBoundingClientRect();
        return row.top >= view.top && row.bottom <= view.bottom;
      }, big.lastChatSpanId);
      expect(inView).toBe(true);
      expect(await fresh.locator('h1 [data-testid="trace-blocked"]').textContent()).toBe('BLOCKED');
      // A link to a span folded as plumbing shows it, plumbing still hidden.
      await fresh.goto(`${viewer.url}#/traces/${big.traceId}/spans/${big.startSpanId}`);
      await fresh.locator(`.wf-row.selected[data-span-id="${big.startSpanId}"]`).waitFor();
      expect(await fresh.locator('[data-testid="hide-plumbing"]').isChecked()).toBe(true);
      expect(await fresh.locator('.wf-label', { hasText: 'RunnableLambda' }).count()).toBe(0);
      // Times carry their zone.
      expect(await fresh.locator('.stat', { hasText: 'Started' }).textContent()).toMatch(
        /\d{2}:\d{2}:\d{2}\.\d{3} \S+$/,
      );
    } finally {
      await fresh.close();
    }
  });

  it('draws the compact timeline, where a click opens a span', async () => {
    await page.locator('[data-testid="view-timeline"]').click();
    const canvas = page.locator('[data-testid="flame-canvas"]');
    await canvas.waitFor();
    const box = (await canvas.boundingBox())!;
    expect(box.width).toBeGreaterThan(400);
    // The root bar spans the first lane.
    await canvas.click({ position: { x: 30, y: 28 } });
    await page.locator('[data-testid="span-panel"] h2', { hasText: 'invoke_agent support' }).waitFor();
    // Double-click zooms to a bar: a node of the first lane (20 or 15 ms of a 57 s run), whose
    // child then fills the lane below.
    await canvas.dblclick({ position: { x: 1, y: 48 } });
    await page.locator('[data-testid="flame-zoom"]', { hasText: /^(20\.0|15\.0) ms from \+/ }).waitFor();
    await canvas.click({ position: { x: 300, y: 68 } });
    await page.locator('[data-testid="span-panel"] h2', { hasText: /^(chat gpt-4o|execute_tool \w+)$/ }).waitFor();
    await page.locator('[data-testid="zoom-reset"]').click();
    await page.locator('[data-testid="flame-zoom"]', { hasText: 'Whole trace' }).waitFor();
    await page.locator('[data-testid="view-waterfall"]').click();
    await rows().first().waitFor();
  });
});

describe('the list of 2,001 traces', () => {
  const listRows = () => page.locator('[data-testid="trace-row"]');

  it('counts, searches a part of the name and filters on any span attribute', async () => {
    await page.goto(`${viewer.url}#/traces`);
    await listRows().first().waitFor();
    expect(await page.locator('[data-testid="trace-count"]').textContent()).toBe('Traces 1–50 of 2,001');
    await page.fill('input[name="q"]', 'bill');
    await page.click('button[type="submit"]');
    await page.locator('[data-testid="trace-count"]', { hasText: 'of 1,000' }).waitFor();
    await page.fill('input[name="q"]', '');
    await page.fill('input[name="attr"]', 'gen_ai.tool.name=delete_database');
    await page.click('button[type="submit"]');
    await page.locator('[data-testid="trace-count"]', { hasText: 'Traces 1–41 of 41' }).waitFor();
    expect(await listRows().first().locator('[data-testid="trace-blocked"]').textContent()).toBe('BLOCKED');
  });

  it('offers users and sessions as facets', async () => {
    await page.goto(`${viewer.url}#/traces`);
    const user = page.locator('[data-testid="facet-user"] a', { hasText: /^u_3$/ });
    await user.waitFor();
    await user.click();
    await page.locator('[data-testid="trace-count"]', { hasText: 'of 200' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/traces?user=u_3');
    const sessions = await page.locator('[data-testid="facet-session"] li').count();
    expect(sessions).toBe(5);
  });

  it('sorts by a column', async () => {
    await page.goto(`${viewer.url}#/traces`);
    await listRows().first().waitFor();
    await page.locator('[data-testid="sort-spans"]').click();
    await page.waitForFunction(() => location.hash.includes('sort=spans'));
    await page.locator('[data-testid="trace-row"] td.number', { hasText: '9999' }).first().waitFor();
    expect(await listRows().first().locator('td').nth(5).textContent()).toBe('9999');
    await page.locator('[data-testid="sort-duration"]').click();
    await page.waitForFunction(() => location.hash.includes('sort=duration'));
    await listRows().first().locator('td', { hasText: '57.13 s' }).waitFor();
  });

  it('compares two selected traces', async () => {
    await page.goto(`${viewer.url}#/traces?q=support`);
    await listRows().nth(2).waitFor();
    await listRows().nth(1).locator('[data-testid="compare-check"]').check();
    await listRows().nth(2).locator('[data-testid="compare-check"]').check();
    await page.locator('[data-testid="compare-link"]').click();
    await page.locator('[data-testid="compare-steps"]').waitFor();
    expect(new URL(page.url()).hash).toMatch(/^#\/compare\/[0-9a-f]{32}\/[0-9a-f]{32}$/);
    expect(await page.locator('[data-testid="compare-step"]').count()).toBe(3);
    expect(await page.locator('[data-testid="compare-totals"]').textContent()).toContain('Tokens');
    expect(await page.locator('[data-testid="compare-counts"]').textContent()).toMatch(/same/);
  });

  it('refreshes an open trace with only the spans that changed', async () => {
    const answers: Array<{ url: string; status: number; length: number }> = [];
    page.on('response', (response) => {
      if (response.url().includes(`/api/traces/${big.traceId}`) && !response.url().includes('checkpoints'))
        void response.body().then(
          (body) => answers.push({ url: response.url(), status: response.status(), length: body.length }),
          () => answers.push({ url: response.url(), status: response.status(), length: 0 }),
        );
    });
    await page.goto(`${viewer.url}#/traces/${big.traceId}`);
    await page.locator('[data-testid="shown-count"]', { hasText: '5,713 of 9,999' }).waitFor();
    // Idle polls are answered 304, with no body.
    await page.waitForTimeout(4500);
    expect(answers.filter((answer) => answer.status === 304).length).toBeGreaterThan(0);
    const deltaAnswer = page.waitForResponse(
      (response) => response.url().includes(`/api/traces/${big.traceId}?since=`) && response.status() === 200,
      { timeout: 15_000 },
    );
    const store = new TraceStore(dbPath);
    try {
      const start = BigInt(Date.UTC(2026, 10, 2, 9, 0, 30)) * 1_000_000n;
      store.writeSpans([
        {
          traceId: big.traceId,
          spanId: 'abcdefabcdef0042',
          parentSpanId: big.rootSpanId,
          name: 'late_review',
          kind: SpanKind.INTERNAL,
          startTimeNs: start,
          endTimeNs: start + 1_000_000n,
          durationNs: 1_000_000n,
          attributes: {},
          status: SpanStatusCode.OK,
          events: [],
          links: [],
          instrumentationName: 'reviewer',
        },
      ]);
    } finally {
      store.close();
    }
    await page.locator('[data-testid="shown-count"]', { hasText: '5,714 of 10,000' }).waitFor({ timeout: 10_000 });
    const delta = (await (await deltaAnswer).body()).length;
    const whole = answers.find((answer) => !answer.url.includes('since=') && answer.status === 200)!;
    expect(delta).toBeLessThan(whole.length / 20);
    await page.locator('[data-testid="trace-search"]').fill('late_review');
    await page.locator('[data-testid="trace-search"]').press('Enter');
    await page.locator('[data-testid="span-panel"] h2', { hasText: 'late_review' }).waitFor();
  });

  it('raised no page error', () => {
    expect(pageErrors).toEqual([]);
  });
});
