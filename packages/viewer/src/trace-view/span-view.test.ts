import {
  ClearstoneAttributes,
  ClearstoneEvents,
  GenAiAttributes,
  GenAiOperations,
  GovernedOutcomes,
  LegacyAttributes,
  SpanKind,
  SpanStatusCode,
} from '@clearstone/core';
import type { Attributes, SpanEvent, SpanRecord } from '@clearstone/core';
import { spanView } from './span-view';

function span(attributes: Attributes, events: SpanEvent[] = []): SpanRecord {
  return {
    traceId: 'a'.repeat(32),
    spanId: 'b'.repeat(16),
    name: 'span',
    kind: SpanKind.INTERNAL,
    startTimeNs: 1_000_000n,
    endTimeNs: 3_000_000n,
    attributes,
    status: SpanStatusCode.OK,
    events,
    links: [],
    instrumentationName: 'test',
  };
}

describe('spanView', () => {
  it('marks a governed call that did not run, with its outcome', () => {
    const blocked = spanView(
      span({
        [GenAiAttributes.OPERATION_NAME]: GenAiOperations.EXECUTE_TOOL,
        [GenAiAttributes.TOOL_NAME]: 'delete_file',
        [GenAiAttributes.TOOL_CALL_ID]: 'call_1',
        [ClearstoneAttributes.GOVERNED_OUTCOME]: GovernedOutcomes.BLOCKED,
        [ClearstoneAttributes.POLICY_ACTION]: 'BLOCK',
        [ClearstoneAttributes.POLICY_NAME]: 'no_delete',
      }),
      0n,
      1,
    );
    expect(blocked).toMatchObject({
      outcome: 'blocked',
      prevented: true,
      tool: { name: 'delete_file', callId: 'call_1' },
      decisions: [{ action: 'block', policyName: 'no_delete' }],
    });
    const ran = spanView(span({ [ClearstoneAttributes.GOVERNED_OUTCOME]: GovernedOutcomes.EXECUTED }), 0n, 0);
    expect(ran).toMatchObject({ outcome: 'executed', prevented: false });
    expect(spanView(span({}), 0n, 0)).toMatchObject({ prevented: false });
    expect(spanView(span({}), 0n, 0).outcome).toBeUndefined();
  });

  it('reads model details, usage and cost through the span facts', () => {
    const view = spanView(
      span({
        [GenAiAttributes.OPERATION_NAME]: GenAiOperations.CHAT,
        [GenAiAttributes.REQUEST_MODEL]: 'gpt-4o',
        [GenAiAttributes.RESPONSE_MODEL]: 'gpt-4o-2024-08-06',
        [GenAiAttributes.USAGE_INPUT_TOKENS]: 100,
        [GenAiAttributes.USAGE_OUTPUT_TOKENS]: 20,
        [GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS]: 60,
        [LegacyAttributes.LLM_COST]: 0.004,
      }),
      0n,
      0,
    );
    expect(view.llm).toEqual({
      operation: 'chat',
      model: 'gpt-4o',
      responseModel: 'gpt-4o-2024-08-06',
      inputTokens: 100,
      outputTokens: 20,
      cacheReadTokens: 60,
      costUsd: 0.004,
    });
    const unknown = spanView(
      span({
        [GenAiAttributes.OPERATION_NAME]: GenAiOperations.CHAT,
        [GenAiAttributes.RESPONSE_MODEL]: 'acme-private-1',
        [GenAiAttributes.USAGE_INPUT_TOKENS]: 100,
        [GenAiAttributes.USAGE_OUTPUT_TOKENS]: 20,
        [ClearstoneAttributes.COST_UNKNOWN]: true,
      }),
      0n,
      0,
    );
    expect(unknown.llm).toMatchObject({ responseModel: 'acme-private-1', costUnknown: true });
    expect(unknown.llm).not.toHaveProperty('costUsd');
    const priced = spanView(
      span({
        [GenAiAttributes.OPERATION_NAME]: GenAiOperations.CHAT,
        [ClearstoneAttributes.COST_USD]: 0.005,
        [ClearstoneAttributes.COST_INPUT_USD]: 0.001,
        [ClearstoneAttributes.COST_CACHE_READ_USD]: 0.002,
        [ClearstoneAttributes.COST_OUTPUT_USD]: 0.002,
      }),
      0n,
      0,
    );
    expect(priced.llm?.cost).toEqual({
      totalUsd: 0.005,
      inputUsd: 0.001,
      cacheReadUsd: 0.002,
      cacheWriteUsd: 0,
      outputUsd: 0.002,
      reasoningUsd: 0,
    });
    expect(spanView(span({ [LegacyAttributes.TOOL_NAME]: 'search' }), 0n, 0).tool).toEqual({ name: 'search' });
    expect(
      spanView(span({ [GenAiAttributes.OPERATION_NAME]: GenAiOperations.INVOKE_AGENT }), 0n, 0).llm,
    ).toBeUndefined();
  });

  it('gives each event a category and each decision event its time', () => {
    const view = spanView(
      span({}, [
        {
          name: ClearstoneEvents.POLICY_DECISION,
          timeNs: 2_000_000n,
          attributes: { [ClearstoneAttributes.POLICY_ACTION]: 'alert', [ClearstoneAttributes.POLICY_ALERTS]: 'a\nb' },
        },
        { name: 'exception', timeNs: 2_500_000n, attributes: { 'exception.message': 'boom' } },
        { name: 'retry', timeNs: 2_600_000n, attributes: {} },
      ]),
      0n,
      0,
    );
    expect(view.events.map((event) => event.category)).toEqual(['policy_decision', 'exception', 'other']);
    expect(view.decisions).toEqual([{ action: 'alert', alerts: 'a\nb', timeNs: 2_000_000n }]);
  });
});
