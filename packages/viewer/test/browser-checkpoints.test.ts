import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CheckpointManager } from '@clearstone/debugging';
import { TraceStore } from '@clearstone/observability';
import type { Browser, Page } from 'playwright-core';
import { startViewer } from '../src';
import type { RunningViewer } from '../src';
import { launchChromium } from './support/chromium';
import { buildPageAssets } from './support/page-assets';
import { writeSampleDatabase } from './support/sample-database';
import type { SampleTraces } from './support/sample-database';

let directory: string;
let assetsDir: string;
let traces: SampleTraces;
let viewer: RunningViewer;
let browser: Browser;
let page: Page;
let checkpointId: string;
let toolSpanId: string;

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'clearstone-viewer-browser-checkpoints-'));
  const dbPath = path.join(directory, 'traces.db');
  [traces, assetsDir, browser] = await Promise.all([writeSampleDatabase(dbPath), buildPageAssets(), launchChromium()]);
  const store = new TraceStore(dbPath, { readonly: true });
  const trace = store.getTrace(traces.agent)!;
  store.close();
  toolSpanId = trace.spans.find((span) => span.name === 'execute_tool calculator')!.spanId;
  const manager = new CheckpointManager({ dir: path.join(directory, 'checkpoints') });
  checkpointId = manager.createCheckpoint({ step: 2 }, trace, toolSpanId, { label: 'before answer' }).metadata
    .checkpointId;
  viewer = await startViewer({ dbPath, port: 0, assetsDir, checkpoints: manager });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
  if (assetsDir) rmSync(assetsDir, { recursive: true, force: true });
});

it('links a trace to its checkpoints, and a checkpoint to the span it was taken at', async () => {
  await page.goto(`${viewer.url}#/traces/${traces.agent}`);
  const box = page.locator('[data-testid="checkpoints"]');
  await box.waitFor();
  expect(await box.locator('summary').textContent()).toBe('Checkpoints (1)');
  await box.locator('summary').click();
  expect(await box.textContent()).toContain(checkpointId);
  await box.getByRole('link', { name: 'before answer' }).click();
  await page.waitForURL((url) => url.hash === `#/traces/${traces.agent}/spans/${toolSpanId}`);
  const panel = page.locator('[data-testid="span-panel"]');
  await panel.locator('h2', { hasText: 'execute_tool calculator' }).waitFor();
  expect(await panel.textContent()).toContain('Checkpoints at this span');
  expect(await panel.textContent()).toContain(checkpointId);
});

it('shows no checkpoint box on a trace without checkpoints', async () => {
  await page.goto(`${viewer.url}#/traces/${traces.blocked}`);
  await page.locator('[data-testid="waterfall-row"]').first().waitFor();
  expect(await page.locator('[data-testid="checkpoints"]').count()).toBe(0);
});
