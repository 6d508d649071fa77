/**
 * Behavioural testing of an agent with Jest: run it with tracing into a temporary SQLite file,
 * load the recorded trace with the harness, and assert on what the agent did.
 *
 * In a project, register the matchers once in jest.config: `setupFilesAfterEnv: ['@clearstone/testing/jest']`.
 * Here the import below does the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';
import type { Tracer } from '@clearstone/observability';
import { PolicyTestHarness, assertToolWasCalled } from '@clearstone/testing';
import '@clearstone/testing/jest';

/** A small research agent: plans, searches twice, asks the model to synthesize. */
async function runResearchAgent(tracer: Tracer, question: string): Promise<string> {
  return tracer.span(
    'invoke_agent researcher',
    { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'clearstone.user.id': 'u-1' }, input: question },
    async () => {
      tracer.span('plan', () => ['background', 'recent news']);
      const findings: string[] = [];
      for (const query of [`${question} background`, `${question} recent news`]) {
        findings.push(
          await tracer.span(
            'search',
            { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search' }, input: { query } },
            async (span) => {
              const result = `results for ${query}`;
              span.setOutput(result);
              return result;
            },
          ),
        );
      }
      return tracer.span(
        'synthesize',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': 'gpt-4o-mini',
            'gen_ai.usage.input_tokens': 850,
            'gen_ai.usage.output_tokens': 150,
            'clearstone.cost.usd': 0.0002,
          },
        },
        () => findings.join('; '),
      );
    },
  );
}

describe('research agent behaviour', () => {
  let directory = '';
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'clearstone-behaviour-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('uses search exactly twice, in order, without errors, on budget', async () => {
    const dbPath = join(directory, 'test_traces.db');

    // Run the agent with tracing.
    const provider = new TracerProvider({ dbPath });
    await runResearchAgent(provider.getTracer('test_agent'), 'clearstone');
    await provider.shutdown();

    // Test its behaviour on the recorded trace.
    using harness = new PolicyTestHarness(dbPath);
    const traces = harness.loadTraces();
    expect(traces).toHaveLength(1);
    const [trace] = traces;

    expect(trace).toHaveCalledTool('search', { times: 2 });
    expect(trace).toHaveSpanOrder(['plan', 'search', 'synthesize']);
    expect(trace).toHaveNoErrors();
    expect(trace).toCostLessThan(0.01);
    expect(trace).toMatchTrajectory(['search', 'search']);

    // The same check in the original's style: simulate the assertion over the loaded traces.
    const result = harness.simulatePolicy(assertToolWasCalled('search', { times: 2 }), traces);
    expect(result.summary().runsBlocked).toBe(0);
  });
});
