import { SpanKind, SpanStatusCode } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';

/** Markup stored in attributes and snapshots of the `xss_probe` trace; it must render as text. */
export const HOSTILE_TEXT = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';

/** Ids of the notable traces written by {@link writeSampleDatabase}. */
export interface SampleTraces {
  agent: string;
  blocked: string;
  failing: string;
  hostile: string;
  old: string;
  batch: string[];
}

const MS = 1_000_000n;

/**
 * Writes a trace database through a real TracerProvider: a governed agent run with model and tool
 * spans, a run with a blocked and a paused decision, a failing run, a run carrying hostile markup,
 * an old run from 2024 and 24 batch jobs (for paging).
 */
export async function writeSampleDatabase(dbPath: string): Promise<SampleTraces> {
  const provider = new TracerProvider({ dbPath, flushIntervalMs: 50 });
  const tracer = provider.getTracer('sample-agent', '1.0.0');
  const old = tracer.startSpan('nightly_report', {
    parent: null,
    startTimeNs: 1_704_067_200_000n * MS,
    attributes: { 'clearstone.agent.id': 'reporter' },
  });
  old.end(1_704_067_200_000n * MS + 1500n * MS);

  const batch: string[] = [];
  for (let index = 0; index < 24; index++) {
    batch.push(
      tracer.span(
        'batch_job',
        { attributes: { 'clearstone.agent.id': index % 2 === 0 ? 'even' : 'odd', 'job.index': index } },
        (span) => span.traceId,
      ),
    );
  }

  const agent = await tracer.span(
    'agent_execution',
    { input: { question: 'What is 6 x 7?' }, attributes: { 'clearstone.agent.id': 'calculator-agent' } },
    async (root) => {
      await tracer.span(
        'chat gpt-4o',
        {
          kind: SpanKind.CLIENT,
          input: [{ role: 'user', content: 'What is 6 x 7?' }],
          attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' },
        },
        async (span) => {
          span.setAttributes({
            'gen_ai.usage.input_tokens': 120,
            'gen_ai.usage.output_tokens': 30,
            'clearstone.cost.usd': 0.0012,
          });
          span.setOutput({ role: 'assistant', tool_calls: [{ name: 'calculator', args: { expression: '6*7' } }] });
        },
      );
      await tracer.span(
        'execute_tool calculator',
        {
          input: { expression: '6*7' },
          attributes: {
            'gen_ai.operation.name': 'execute_tool',
            'gen_ai.tool.name': 'calculator',
            'gen_ai.tool.call.id': 'call_1',
          },
        },
        (span) => {
          span.setOutput(42);
        },
      );
      await tracer.span(
        'chat gpt-4o',
        { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } },
        (span) => {
          span.setAttributes({
            'gen_ai.usage.input_tokens': 160,
            'gen_ai.usage.output_tokens': 12,
            'clearstone.cost.usd': 0.0008,
          });
          span.setOutput('6 x 7 = 42');
        },
      );
      // The integration also writes the run's totals on its root span; they must not be counted twice.
      root.setAttributes({
        'gen_ai.usage.input_tokens': 280,
        'gen_ai.usage.output_tokens': 42,
        'clearstone.cost.usd': 0.002,
      });
      root.setOutput('42');
      return root.traceId;
    },
  );

  const blocked = await tracer.span(
    'agent_execution',
    { attributes: { 'clearstone.agent.id': 'file-agent' } },
    async (root) => {
      await tracer.span(
        'chat gpt-4o-mini',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': 'gpt-4o-mini',
            'gen_ai.usage.input_tokens': 50,
            'gen_ai.usage.output_tokens': 10,
          },
        },
        (span) => {
          const decision = {
            'clearstone.policy.action': 'block',
            'clearstone.policy.name': 'no_file_deletion',
            'clearstone.policy.reason': 'Deleting files is not allowed for this agent',
            'clearstone.policy.event_type': 'tool_call',
            'clearstone.policy.tool_name': 'delete_file',
            'clearstone.policy.tool_call_id': 'call_rm',
          };
          span.addEvent('clearstone.policy.decision', decision);
          span.setAttributes(decision);
        },
      );
      await tracer.span(
        'execute_tool send_email',
        { attributes: { 'gen_ai.tool.name': 'send_email', 'gen_ai.tool.call.id': 'call_mail' } },
        (span) => {
          const decision = {
            'clearstone.policy.action': 'pause',
            'clearstone.policy.name': 'human_review',
            'clearstone.policy.reason': 'Emails need approval',
            'clearstone.policy.intervention_id': 'int_1',
          };
          span.addEvent('clearstone.policy.decision', decision);
          span.setAttributes(decision);
        },
      );
      return root.traceId;
    },
  );

  let failing = '';
  await tracer
    .span('failing_agent', async (root) => {
      failing = root.traceId;
      await tracer.span('execute_tool flaky_api', { attributes: { 'gen_ai.tool.name': 'flaky_api' } }, () => {
        throw new TypeError('upstream returned 503');
      });
    })
    .catch(() => undefined);

  const hostile = tracer.span(
    'xss_probe <b>bold</b>',
    { input: { note: HOSTILE_TEXT }, attributes: { 'user.note': HOSTILE_TEXT } },
    (span) => {
      span.setStatus(SpanStatusCode.OK);
      return span.traceId;
    },
  );

  await provider.shutdown();
  provider.traceStore.close();
  return { agent, blocked, failing, hostile, old: old.traceId, batch };
}
