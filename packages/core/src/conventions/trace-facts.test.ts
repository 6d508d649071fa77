import { SpanKind, SpanStatusCode } from '../trace/span-model';
import type { Attributes, SpanRecord } from '../trace/span-model';
import { ClearstoneAttributes, LegacyAttributes } from './clearstone-attributes';
import { GenAiAttributes } from './gen-ai-attributes';
import { spanCostsOf, spanUsagesOf, traceCostOf, traceUsageOf } from './trace-facts';

function span(spanId: string, parentSpanId: string | undefined, attributes: Attributes = {}): SpanRecord {
  return {
    traceId: 'a'.repeat(32),
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    name: spanId,
    kind: SpanKind.INTERNAL,
    startTimeNs: 1n,
    attributes,
    status: SpanStatusCode.OK,
    events: [],
    links: [],
    instrumentationName: 'test',
  };
}

const used = (input: number, output: number, costUsd?: number): Attributes => ({
  [GenAiAttributes.USAGE_INPUT_TOKENS]: input,
  [GenAiAttributes.USAGE_OUTPUT_TOKENS]: output,
  ...(costUsd === undefined ? {} : { [ClearstoneAttributes.COST_USD]: costUsd }),
});

/** A LangChain-style run: the root carries the summed usage and cost of its two model calls. */
const agentRun = [
  span('root', undefined, used(30, 7, 0.3)),
  span('chain', 'root'),
  span('llm1', 'chain', { ...used(10, 2, 0.1), [GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS]: 4 }),
  span('tool', 'root', { [GenAiAttributes.TOOL_NAME]: 'search' }),
  span('llm2', 'root', used(20, 5, 0.2)),
];

describe('trace totals', () => {
  it('count each model call once, not the run totals written on the root as well', () => {
    expect(traceUsageOf(agentRun)).toEqual({ inputTokens: 30, outputTokens: 7, totalTokens: 37, cacheReadTokens: 4 });
    expect(traceCostOf({ spans: agentRun })).toBeCloseTo(0.3, 10);
    expect(spanUsagesOf(agentRun).map(({ span: counted }) => counted.spanId)).toEqual(['llm1', 'llm2']);
    expect(spanCostsOf(agentRun).map(({ span: counted, costUsd }) => [counted.spanId, costUsd])).toEqual([
      ['llm1', 0.1],
      ['llm2', 0.2],
    ]);
  });

  it('count a total recorded only on the root, and read the Python SDK cost names', () => {
    expect(traceUsageOf([span('root', undefined, used(3, 4)), span('child', 'root')])?.totalTokens).toBe(7);
    expect(
      traceCostOf([
        span('a', undefined, { [LegacyAttributes.LLM_COST]: 0.02 }),
        span('b', undefined, { [LegacyAttributes.LLM_COST_USD]: 0.03 }),
      ]),
    ).toBeCloseTo(0.05, 10);
  });

  it('take the cost from the root when the model calls record tokens but no cost', () => {
    const spans = [span('root', undefined, used(5, 5, 0.5)), span('llm', 'root', used(5, 5))];
    expect(traceUsageOf(spans)?.totalTokens).toBe(10);
    expect(traceCostOf(spans)).toBe(0.5);
  });

  it('are undefined when nothing is recorded, never a silent 0', () => {
    expect(traceUsageOf([span('root', undefined)])).toBeUndefined();
    expect(traceCostOf([span('root', undefined, used(1, 1))])).toBeUndefined();
    expect(traceCostOf([])).toBeUndefined();
  });

  it('survive parent cycles', () => {
    expect(traceUsageOf([span('a', 'b', used(1, 0)), span('b', 'a', used(2, 0))])).toBeUndefined();
  });
});
