// One trace, three readers: the CLI (`clearstone traces list --json`, a child process), the viewer
// (its JSON API over HTTP on 127.0.0.1) and @clearstone/testing report the same tokens and cost.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { contextScope, createContext } from '@clearstone/core';
import { TracingCallbackHandler } from '@clearstone/langchain';
import { TracerProvider } from '@clearstone/observability';
import { assertLlmCostIsLessThan, assertMaxTokens, PolicyTestHarness } from '@clearstone/testing';
import { startViewer } from '@clearstone/viewer';
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { createAgent, tool } from 'langchain';
import { z } from 'zod';

const run = promisify(execFile);
const cli = path.resolve(__dirname, '../../packages/cli/dist/bin.js');

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clearstone-figures-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('the CLI, the viewer and the testing assertions agree on a trace’s tokens and cost', async () => {
  const dbPath = path.join(dir, 'traces.db');
  const provider = new TracerProvider({ dbPath });
  const usage = (input: number, output: number) => ({
    input_tokens: input,
    output_tokens: output,
    total_tokens: input + output,
  });
  const model = fakeModel()
    .respond(
      new AIMessage({
        content: '',
        tool_calls: [{ id: 't1', name: 'lookup', args: { q: 'x' }, type: 'tool_call' }],
        usage_metadata: usage(1200, 300),
        response_metadata: { model_name: 'acme-model-1' },
      }),
    )
    .respond(
      new AIMessage({
        content: 'done',
        usage_metadata: usage(1500, 100),
        response_metadata: { model_name: 'acme-model-1' },
      }),
    );
  const lookup = tool(async () => 'found', {
    name: 'lookup',
    description: 'lookup',
    schema: z.object({ q: z.string() }),
  });
  const agent = createAgent({ model, tools: [lookup] });
  const tracing = new TracingCallbackHandler(provider, {
    prices: { 'acme-model-1': { inputPerMillion: 3, outputPerMillion: 15 } },
  });
  await contextScope(createContext({ userId: 'u', agentId: 'a' }), () =>
    agent.invoke({ messages: [{ role: 'user', content: 'go' }] }, { callbacks: [tracing] }),
  );
  await provider.shutdown();
  const expectedCost = (2700 * 3 + 400 * 15) / 1_000_000;

  const harness = new PolicyTestHarness(dbPath);
  const [trace] = harness.loadTraces();
  harness.close();
  expect(assertMaxTokens(3100)(trace).action).toBe('allow');
  expect(assertMaxTokens(3099)(trace).action).toBe('block');
  expect(assertLlmCostIsLessThan(expectedCost + 1e-9)(trace).action).toBe('allow');
  expect(assertLlmCostIsLessThan(expectedCost - 1e-9)(trace).action).toBe('block');

  const { stdout } = await run(process.execPath, [cli, 'traces', 'list', '--db', dbPath, '--json'], {
    env: { ...process.env, CLEARSTONE_TELEMETRY_DISABLED: '1' },
  });
  const [listed] = JSON.parse(stdout) as Array<{ totalTokens: number; costUsd: number | null }>;
  expect(listed.totalTokens).toBe(3100);
  expect(listed.costUsd).toBeCloseTo(expectedCost, 12);

  // Jest runs the viewer from its sources; the page files come from its build.
  const viewer = await startViewer({
    dbPath,
    port: 0,
    assetsDir: path.resolve(__dirname, '../../packages/viewer/dist/ui'),
  });
  try {
    const response = await fetch(new URL(`/api/traces/${trace.traceId}`, viewer.url));
    const detail = (await response.json()) as { totals: { totalTokens: number; costUsd?: number } };
    expect(detail.totals.totalTokens).toBe(3100);
    expect(detail.totals.costUsd).toBeCloseTo(expectedCost, 12);
  } finally {
    await viewer.close();
  }
});
