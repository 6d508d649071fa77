// Regenerates the screenshots in docs/: writes a sample database (with a 10,000-span agent run and
// 2,000 small runs), serves it and photographs in headless Chromium a trace with a blocked call
// (screenshot.png), the big trace's waterfall (waterfall.png), the same with every subtree
// collapsed (collapsed.png) and the comparison of two runs (compare.png). Run from packages/viewer
// after a build:
//   ../../node_modules/.bin/tsx scripts/take-screenshot.ts
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpanKind } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';
import { startViewer } from '../src';
import { launchChromium } from '../test/support/chromium';
import { writeBigTrace, writeManyTraces } from '../test/support/large-database';
import { writeSampleDatabase } from '../test/support/sample-database';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A support agent's run. `before`: the run as recorded before the policies were added — the refund
 * runs unreviewed and the model's account deletion runs too; otherwise the refund is paused for
 * approval and the deletion is blocked.
 */
async function writeSupportRun(dbPath: string, before = false): Promise<{ traceId: string; blockedSpanId: string }> {
  const provider = new TracerProvider({ dbPath });
  const tracer = provider.getTracer('support-agent', '1.2.0');
  let blockedSpanId = '';
  const traceId = await tracer.span(
    'invoke_agent support',
    {
      input: { ticket: 'T-1042', message: 'Please refund order 8812 and close my account' },
      attributes: { 'clearstone.agent.id': 'support' },
    },
    async (root) => {
      await tracer.span('retrieve orders_db', { kind: SpanKind.CLIENT, input: 'order 8812' }, async (span) => {
        await sleep(18);
        span.setOutput([{ order: 8812, total: 129.0, status: 'delivered' }]);
      });
      await tracer.span(
        'chat gpt-4o',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': 'gpt-4o',
            'gen_ai.provider.name': 'openai',
          },
        },
        async (span) => {
          await sleep(120);
          span.setAttributes({
            'gen_ai.usage.input_tokens': 812,
            'gen_ai.usage.output_tokens': 96,
            'clearstone.cost.usd': 0.00299,
          });
          span.setOutput({
            tool_calls: [
              { name: 'issue_refund', args: { order: 8812, amount: 129 } },
              { name: 'delete_account', args: { user: 'u_77' } },
            ],
          });
        },
      );
      await tracer.span(
        'execute_tool issue_refund',
        {
          input: { order: 8812, amount: 129 },
          attributes: {
            'gen_ai.operation.name': 'execute_tool',
            'gen_ai.tool.name': 'issue_refund',
            'gen_ai.tool.call.id': 'call_refund',
          },
        },
        async (span) => {
          const decision = {
            'clearstone.policy.action': 'pause',
            'clearstone.policy.name': 'refund_approval',
            'clearstone.policy.reason': 'Refunds over $100 need a human approval',
            'clearstone.policy.event_type': 'tool_call',
            'clearstone.policy.tool_name': 'issue_refund',
          };
          if (!before) span.addEvent('clearstone.policy.decision', decision);
          await sleep(before ? 25 : 60);
          span.setOutput(before ? { refunded: true } : { refunded: true, approvedBy: 'ops@example.com' });
        },
      );
      await tracer.span(
        'chat gpt-4o',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': 'gpt-4o',
            'gen_ai.provider.name': 'openai',
          },
        },
        async (span) => {
          blockedSpanId = span.spanId;
          await sleep(80);
          const decision = {
            'clearstone.policy.action': 'block',
            'clearstone.policy.name': 'no_destructive_tools',
            'clearstone.policy.reason': 'delete_account is destructive and not allowed for the support agent',
            'clearstone.policy.event_type': 'tool_call',
            'clearstone.policy.tool_name': 'delete_account',
            'clearstone.policy.tool_call_id': 'call_delete',
          };
          span.setAttributes({
            'gen_ai.usage.input_tokens': 958,
            'gen_ai.usage.output_tokens': 41,
            'clearstone.cost.usd': 0.00281,
            ...(before ? {} : decision),
          });
          if (before) {
            span.setOutput({ tool_calls: [{ name: 'delete_account', args: { user: 'u_77' } }] });
            return;
          }
          span.addEvent('clearstone.policy.decision', decision);
          span.setOutput('Your refund for order 8812 was issued. I cannot close accounts; a colleague will follow up.');
        },
      );
      if (before) {
        await tracer.span(
          'execute_tool delete_account',
          {
            input: { user: 'u_77' },
            attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'delete_account' },
          },
          async (span) => {
            await sleep(30);
            span.setOutput({ deleted: true });
          },
        );
        await tracer.span(
          'chat gpt-4o',
          {
            kind: SpanKind.CLIENT,
            attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' },
          },
          async (span) => {
            await sleep(60);
            span.setAttributes({
              'gen_ai.usage.input_tokens': 1012,
              'gen_ai.usage.output_tokens': 28,
              'clearstone.cost.usd': 0.00281,
            });
            span.setOutput('Your refund was issued and your account is closed.');
          },
        );
      }
      root.setOutput(before ? 'Refund issued; account closed.' : 'Refund issued; account closure escalated.');
      return root.traceId;
    },
  );
  await provider.shutdown();
  provider.traceStore.close();
  return { traceId, blockedSpanId };
}

async function main(): Promise<void> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'clearstone-viewer-screenshot-'));
  const dbPath = path.join(directory, 'traces.db');
  await writeSampleDatabase(dbPath);
  const earlier = await writeSupportRun(dbPath, true);
  const { traceId, blockedSpanId } = await writeSupportRun(dbPath);
  writeManyTraces(dbPath, 2000, Date.UTC(2026, 9, 1));
  const big = writeBigTrace(dbPath, 10_000);
  const viewer = await startViewer({ dbPath, port: 0, assetsDir: path.join(packageDir, 'dist/ui') });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 });
    await page.goto(`${viewer.url}#/traces/${traceId}/spans/${blockedSpanId}`);
    await page.locator('[data-testid="decisions"]').waitFor();
    await page.screenshot({ path: path.join(packageDir, 'docs/screenshot.png') });
    await page.goto(`${viewer.url}#/traces/${big.traceId}/spans/${big.blockedSpanId}`);
    await page.locator('[data-testid="decisions"]').waitFor();
    await page.screenshot({ path: path.join(packageDir, 'docs/waterfall.png') });
    await page.locator('[data-testid="collapse-all"]').click();
    await page.locator('.waterfall').evaluate((element) => {
      element.scrollTop = 0;
    });
    await sleep(200);
    await page.screenshot({ path: path.join(packageDir, 'docs/collapsed.png') });
    await page.goto(`${viewer.url}#/compare/${earlier.traceId}/${traceId}`);
    await page.locator('[data-testid="compare-steps"]').waitFor();
    await page.screenshot({ path: path.join(packageDir, 'docs/compare.png'), fullPage: true });
  } finally {
    await browser.close();
    await viewer.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

void main();
