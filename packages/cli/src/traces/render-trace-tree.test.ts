import {
  ClearstoneAttributes,
  ClearstoneEvents,
  GenAiAttributes,
  GenAiOperations,
  GovernedOutcomes,
  SpanKind,
  SpanStatusCode,
  callCostAttributes,
  priceCall,
  traceCostOf,
  traceUsageOf,
} from '@clearstone/core';
import type { Attributes, SpanEvent, SpanRecord, Trace, TraceSummary } from '@clearstone/core';
import { createColors } from '../cli/colors';
import { renderTraceTree } from './render-trace-tree';
import { governanceFlags, traceUsageFigures } from './trace-figures';
import { toOtlpSpan } from './otlp-json';

const plain = createColors({ isTTY: false } as never, {});
const TRACE_ID = 'a'.repeat(32);

function span(
  spanId: string,
  parentSpanId: string | undefined,
  name: string,
  attributes: Attributes,
  events: SpanEvent[] = [],
): SpanRecord {
  return {
    traceId: TRACE_ID,
    spanId: spanId.padEnd(16, '0'),
    ...(parentSpanId === undefined ? {} : { parentSpanId: parentSpanId.padEnd(16, '0') }),
    name,
    kind: SpanKind.INTERNAL,
    startTimeNs: 1_000_000n,
    endTimeNs: 2_000_000n,
    durationNs: 1_000_000n,
    attributes,
    status: SpanStatusCode.OK,
    events,
    links: [],
    instrumentationName: 'test',
  };
}

const usage = (input: number, output: number, costUsd: number): Attributes => ({
  [GenAiAttributes.USAGE_INPUT_TOKENS]: input,
  [GenAiAttributes.USAGE_OUTPUT_TOKENS]: output,
  [ClearstoneAttributes.COST_USD]: costUsd,
});

const decision = {
  [ClearstoneAttributes.POLICY_ACTION]: 'block',
  [ClearstoneAttributes.POLICY_NAME]: 'no_delete',
  [ClearstoneAttributes.POLICY_REASON]: 'Deleting is not allowed',
};

/** A LangChain-style run: the root also carries the summed usage and cost of its model calls. */
const spans = [
  span('1', undefined, 'invoke_agent researcher', {
    [GenAiAttributes.OPERATION_NAME]: GenAiOperations.INVOKE_AGENT,
    ...usage(1500, 300, 0.03),
  }),
  span('2', '1', 'chat gpt-4o', {
    [GenAiAttributes.OPERATION_NAME]: GenAiOperations.CHAT,
    [GenAiAttributes.REQUEST_MODEL]: 'gpt-4o',
    ...usage(1000, 200, 0.02),
  }),
  span(
    '3',
    '1',
    'execute_tool delete_file',
    {
      [GenAiAttributes.OPERATION_NAME]: GenAiOperations.EXECUTE_TOOL,
      [GenAiAttributes.TOOL_NAME]: 'delete_file',
      [ClearstoneAttributes.GOVERNED_OUTCOME]: GovernedOutcomes.BLOCKED,
      [ClearstoneAttributes.POLICY_CONTEXT]: '{"userId":"u1","agentId":"a","sessionId":"s","metadata":{}}',
      ...decision,
    },
    [{ name: ClearstoneEvents.POLICY_DECISION, timeNs: 1_500_000n, attributes: decision }],
  ),
  span('4', '1', 'chat gpt-4o', {
    [GenAiAttributes.OPERATION_NAME]: GenAiOperations.CHAT,
    [GenAiAttributes.REQUEST_MODEL]: 'gpt-4o',
    ...usage(500, 100, 0.01),
  }),
];

const trace: Trace = {
  traceId: TRACE_ID,
  rootSpanId: spans[0].spanId,
  spans,
  startTimeNs: 1_000_000n,
  endTimeNs: 2_000_000n,
  durationNs: 1_000_000n,
  status: SpanStatusCode.OK,
};

describe('renderTraceTree', () => {
  const lines = renderTraceTree(trace, plain).split('\n');

  it("prints the trace's tokens and cost as traceUsageOf and traceCostOf count them", () => {
    expect(traceUsageOf(trace)?.totalTokens).toBe(1800);
    expect(traceCostOf(trace)).toBeCloseTo(0.03, 10);
    expect(lines[0]).toMatch(/ {2}1,800 tokens \(1,500 in \/ 300 out\) {2}\$0\.0300$/);
    expect(traceUsageFigures(trace)).toEqual({
      inputTokens: 1500,
      outputTokens: 300,
      totalTokens: 1800,
      costUsd: expect.closeTo(0.03, 10),
      cost: null,
      unknownCostModels: [],
    });
  });

  it("shows a model call's cost by kind of token and marks a cost that is unknown", () => {
    const claude = priceCall({
      model: 'claude-sonnet-4-5-20250929',
      usage: {
        inputTokens: 24_200,
        outputTokens: 500,
        totalTokens: 24_700,
        cacheReadTokens: 20_000,
        cacheWriteTokens: 3000,
      },
    });
    const chat = (spanId: string, model: string, attributes: Attributes) =>
      span(spanId, '1', `chat ${model}`, {
        [GenAiAttributes.OPERATION_NAME]: GenAiOperations.CHAT,
        [GenAiAttributes.RESPONSE_MODEL]: model,
        ...attributes,
      });
    const priced: Trace = {
      ...trace,
      spans: [
        span('1', undefined, 'invoke_agent researcher', {
          [GenAiAttributes.OPERATION_NAME]: GenAiOperations.INVOKE_AGENT,
        }),
        chat('2', 'claude-sonnet-4-5-20250929', callCostAttributes(claude)),
        chat('3', 'acme-private-1', {
          [GenAiAttributes.USAGE_INPUT_TOKENS]: 10,
          [GenAiAttributes.USAGE_OUTPUT_TOKENS]: 5,
          [ClearstoneAttributes.COST_UNKNOWN]: true,
        }),
      ],
    };
    const text = renderTraceTree(priced, plain);
    expect(text.split('\n')[0]).toMatch(
      /\$0\.0284 \(input \$0\.0036 · cached input \$0\.0060 · cache write \$0\.0112 · output \$0\.0075\) {2}\+ cost unknown \(no price for 'acme-private-1'\)$/,
    );
    expect(text).toContain('cost $0.0284: input $0.0036 · cached input $0.0060 · cache write $0.0112 · output $0.0075');
    expect(text).toContain("cost unknown: no price for 'acme-private-1'");
    expect(text).not.toContain(ClearstoneAttributes.COST_CACHE_READ_USD);
  });

  it('marks a governed call that did not run, and shows its decision once, not as attributes', () => {
    const toolLine = lines.find((line) => line.includes('execute_tool delete_file'));
    expect(toolLine).toMatch(/execute_tool delete_file {2}OK {2}1\.0 ms {2}internal {2}NOT RUN: BLOCKED$/);
    expect(lines.filter((line) => line.includes('policy BLOCK by no_delete: Deleting is not allowed'))).toHaveLength(1);
    const text = lines.join('\n');
    expect(text).not.toContain(ClearstoneAttributes.POLICY_ACTION);
    expect(text).not.toContain(ClearstoneAttributes.POLICY_CONTEXT);
    expect(text).not.toContain(ClearstoneAttributes.GOVERNED_OUTCOME);
    expect(text).toContain(`${GenAiAttributes.TOOL_NAME}=delete_file`);
    expect(lines.filter((line) => line.includes('NOT RUN'))).toHaveLength(1);
  });
});

describe('governanceFlags', () => {
  const summary: TraceSummary = {
    traceId: TRACE_ID,
    rootSpanId: spans[0].spanId,
    name: 'invoke_agent researcher',
    startTimeNs: 1n,
    status: SpanStatusCode.OK,
    spanCount: spans.length,
  };

  it("reads the store's flags when it keeps them, else the spans", () => {
    expect(governanceFlags(summary, spans)).toEqual({ blocked: true, paused: false });
    expect(governanceFlags({ ...summary, blocked: false, paused: true }, spans)).toEqual({
      blocked: false,
      paused: true,
    });
    const pausedOnly = [
      span('9', undefined, 'x', { [ClearstoneAttributes.GOVERNED_OUTCOME]: GovernedOutcomes.PAUSED }),
    ];
    expect(governanceFlags(summary, pausedOnly)).toEqual({ blocked: false, paused: true });
  });
});

describe('toOtlpSpan', () => {
  it('exports captured snapshots as input.value / output.value, as the OTLP exporter sends them', () => {
    const withSnapshots: SpanRecord = {
      ...spans[1],
      input: { captured: true, data: '{"question":"refund?"}', sizeBytes: 22 },
      output: { captured: true, data: '{"__type__":"json","value":"Refunded"}', sizeBytes: 38 },
    };
    const attributes = toOtlpSpan(withSnapshots).attributes;
    expect(attributes).toEqual(
      expect.arrayContaining([
        { key: 'input.value', value: { stringValue: '{"question":"refund?"}' } },
        { key: 'input.mime_type', value: { stringValue: 'application/json' } },
        { key: 'output.value', value: { stringValue: 'Refunded' } },
        { key: 'output.mime_type', value: { stringValue: 'text/plain' } },
      ]),
    );
  });
});
