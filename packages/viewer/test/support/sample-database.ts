import {
  ClearstoneAttributes as CS,
  ClearstoneEvents,
  GenAiAttributes as GenAi,
  GenAiOperations,
  GovernedOutcomes,
  SpanKind,
  SpanStatusCode,
} from '@clearstone/core';
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
 * spans, a run with a blocked and a paused decision (and the blocked and paused tool calls recorded
 * as governed spans that did not run), a failing run, a run carrying hostile markup,
 * an old run from 2024 and 24 batch jobs (for paging).
 */
export async function writeSampleDatabase(dbPath: string): Promise<SampleTraces> {
  const provider = new TracerProvider({ dbPath, flushIntervalMs: 50 });
  const tracer = provider.getTracer('sample-agent', '1.0.0');
  const old = tracer.startSpan('nightly_report', {
    parent: null,
    startTimeNs: 1_704_067_200_000n * MS,
    attributes: { [CS.AGENT_ID]: 'reporter' },
  });
  old.end(1_704_067_200_000n * MS + 1500n * MS);

  const batch: string[] = [];
  for (let index = 0; index < 24; index++) {
    batch.push(
      tracer.span(
        'batch_job',
        { attributes: { [CS.AGENT_ID]: index % 2 === 0 ? 'even' : 'odd', 'job.index': index } },
        (span) => span.traceId,
      ),
    );
  }

  const agent = await tracer.span(
    'agent_execution',
    { input: { question: 'What is 6 x 7?' }, attributes: { [CS.AGENT_ID]: 'calculator-agent' } },
    async (root) => {
      await tracer.span(
        'chat gpt-4o',
        {
          kind: SpanKind.CLIENT,
          input: [{ role: 'user', content: 'What is 6 x 7?' }],
          attributes: { [GenAi.OPERATION_NAME]: GenAiOperations.CHAT, [GenAi.REQUEST_MODEL]: 'gpt-4o' },
        },
        async (span) => {
          span.setAttributes({
            [GenAi.USAGE_INPUT_TOKENS]: 120,
            [GenAi.USAGE_OUTPUT_TOKENS]: 30,
            [CS.COST_USD]: 0.0012,
          });
          span.setOutput({ role: 'assistant', tool_calls: [{ name: 'calculator', args: { expression: '6*7' } }] });
        },
      );
      tracer.span(
        'execute_tool calculator',
        {
          input: { expression: '6*7' },
          attributes: {
            [GenAi.OPERATION_NAME]: GenAiOperations.EXECUTE_TOOL,
            [GenAi.TOOL_NAME]: 'calculator',
            [GenAi.TOOL_CALL_ID]: 'call_1',
          },
        },
        (span) => {
          span.setOutput(42);
        },
      );
      tracer.span(
        'chat gpt-4o',
        {
          kind: SpanKind.CLIENT,
          attributes: { [GenAi.OPERATION_NAME]: GenAiOperations.CHAT, [GenAi.REQUEST_MODEL]: 'gpt-4o' },
        },
        (span) => {
          span.setAttributes({
            [GenAi.USAGE_INPUT_TOKENS]: 160,
            [GenAi.USAGE_OUTPUT_TOKENS]: 12,
            [CS.COST_USD]: 0.0008,
          });
          span.setOutput('6 x 7 = 42');
        },
      );
      // The integration also writes the run's totals on its root span; they must not be counted twice.
      root.setAttributes({
        [GenAi.USAGE_INPUT_TOKENS]: 280,
        [GenAi.USAGE_OUTPUT_TOKENS]: 42,
        [CS.COST_USD]: 0.002,
      });
      root.setOutput('42');
      return root.traceId;
    },
  );

  const blocked = await tracer.span(
    'agent_execution',
    { attributes: { [CS.AGENT_ID]: 'file-agent' } },
    async (root) => {
      tracer.span(
        'chat gpt-4o-mini',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            [GenAi.OPERATION_NAME]: GenAiOperations.CHAT,
            [GenAi.REQUEST_MODEL]: 'gpt-4o-mini',
            [GenAi.USAGE_INPUT_TOKENS]: 50,
            [GenAi.USAGE_OUTPUT_TOKENS]: 10,
          },
        },
        (span) => {
          const decision = {
            [CS.POLICY_ACTION]: 'block',
            [CS.POLICY_NAME]: 'no_file_deletion',
            [CS.POLICY_REASON]: 'Deleting files is not allowed for this agent',
            [CS.POLICY_EVENT_TYPE]: 'tool_call',
            [CS.POLICY_TOOL_NAME]: 'delete_file',
            [CS.POLICY_TOOL_CALL_ID]: 'call_rm',
          };
          span.addEvent(ClearstoneEvents.POLICY_DECISION, decision);
          span.setAttributes(decision);
        },
      );
      // The blocked tool call is still recorded: a governed span that shows it did not run.
      tracer.span(
        'execute_tool delete_file',
        {
          attributes: {
            [GenAi.OPERATION_NAME]: GenAiOperations.EXECUTE_TOOL,
            [GenAi.TOOL_NAME]: 'delete_file',
            [GenAi.TOOL_CALL_ID]: 'call_rm',
            [CS.GOVERNED_OUTCOME]: GovernedOutcomes.BLOCKED,
            [CS.POLICY_ACTION]: 'block',
            [CS.POLICY_NAME]: 'no_file_deletion',
            [CS.POLICY_REASON]: 'Deleting files is not allowed for this agent',
            [CS.POLICY_EVENT_TYPE]: 'tool_call',
            [CS.POLICY_TOOL_NAME]: 'delete_file',
            [CS.POLICY_TOOL_CALL_ID]: 'call_rm',
          },
        },
        () => undefined,
      );
      tracer.span(
        'execute_tool send_email',
        {
          attributes: {
            [GenAi.TOOL_NAME]: 'send_email',
            [GenAi.TOOL_CALL_ID]: 'call_mail',
            [CS.GOVERNED_OUTCOME]: GovernedOutcomes.PAUSED,
          },
        },
        (span) => {
          const decision = {
            [CS.POLICY_ACTION]: 'pause',
            [CS.POLICY_NAME]: 'human_review',
            [CS.POLICY_REASON]: 'Emails need approval',
            [CS.POLICY_INTERVENTION_ID]: 'int_1',
          };
          span.addEvent(ClearstoneEvents.POLICY_DECISION, decision);
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
      tracer.span('execute_tool flaky_api', { attributes: { [GenAi.TOOL_NAME]: 'flaky_api' } }, () => {
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
