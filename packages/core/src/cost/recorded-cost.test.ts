import { ClearstoneAttributes } from '../conventions/clearstone-attributes';
import { GenAiAttributes } from '../conventions/gen-ai-attributes';
import { SpanKind, SpanStatusCode } from '../trace/span-model';
import type { Attributes, SpanRecord } from '../trace/span-model';
import { callCostAttributes, priceCall } from './call-cost';
import { costBreakdownOf, isCostUnknown, traceCostBreakdownOf, unknownCostModelsOf } from './recorded-cost';

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

const usage = { inputTokens: 1000, outputTokens: 100, totalTokens: 1100, cacheReadTokens: 800 };
const priced = (model: string): Attributes => ({
  [GenAiAttributes.RESPONSE_MODEL]: model,
  ...callCostAttributes(priceCall({ model, usage })),
});

describe('recorded costs', () => {
  beforeAll(() => {
    jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });

  afterAll(() => {
    jest.restoreAllMocks();
  });

  it('read back the breakdown of a call and of a trace, each call once', () => {
    const llm = span('llm1', 'root', priced('gpt-4o'));
    const breakdown = costBreakdownOf(llm)!;
    expect(breakdown.cacheReadUsd).toBeCloseTo(0.001, 12);
    expect(breakdown.inputUsd).toBeCloseTo(0.0005, 12);
    const root = span('root', undefined, { [ClearstoneAttributes.COST_USD]: 2 * breakdown.totalUsd });
    const trace = [root, llm, span('llm2', 'root', priced('gpt-4o'))];
    const total = traceCostBreakdownOf(trace)!;
    expect(total.totalUsd).toBeCloseTo(2 * breakdown.totalUsd, 12);
    expect(total.cacheReadUsd).toBeCloseTo(0.002, 12);
    expect(costBreakdownOf(root)).toBeUndefined();
    expect(traceCostBreakdownOf([root])).toBeUndefined();
  });

  it('name the models whose cost is unknown, once each', () => {
    const trace = [
      span('root', undefined),
      span('a', 'root', priced('acme-unknown-model')),
      span('b', 'root', priced('acme-unknown-model')),
      span('c', 'root', priced('gpt-4o')),
    ];
    expect(isCostUnknown(trace[1])).toBe(true);
    expect(isCostUnknown(trace[3])).toBe(false);
    expect(unknownCostModelsOf(trace)).toEqual(['acme-unknown-model']);
    expect(unknownCostModelsOf([trace[0], trace[3]])).toEqual([]);
  });
});
