import { ClearstoneAttributes } from '../conventions/clearstone-attributes';
import { GenAiAttributes } from '../conventions/gen-ai-attributes';
import { addUsage, callCostAttributes, priceCall } from './call-cost';

describe('priceCall', () => {
  let warn: jest.SpyInstance;
  const warnings = (): string[] => warn.mock.calls.map(([message]) => String(message));

  beforeEach(() => {
    warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });

  afterEach(() => {
    warn.mockRestore();
  });

  it('prices a known model from the built-in table without any prices given', () => {
    const call = priceCall({
      model: 'gpt-4o-2024-08-06',
      usage: { inputTokens: 1000, outputTokens: 100, totalTokens: 1100 },
    });
    expect(call.cost?.totalUsd).toBeCloseTo(0.0035, 12);
    expect(callCostAttributes(call)).toEqual({
      [GenAiAttributes.USAGE_INPUT_TOKENS]: 1000,
      [GenAiAttributes.USAGE_OUTPUT_TOKENS]: 100,
      [ClearstoneAttributes.USAGE_TOTAL_TOKENS]: 1100,
      [ClearstoneAttributes.COST_USD]: 0.0035,
      [ClearstoneAttributes.COST_INPUT_USD]: 0.0025,
      [ClearstoneAttributes.COST_OUTPUT_USD]: 0.001,
      [ClearstoneAttributes.COST_CACHE_READ_USD]: 0,
      [ClearstoneAttributes.COST_CACHE_WRITE_USD]: 0,
      [ClearstoneAttributes.COST_REASONING_USD]: 0,
    });
  });

  it('records an unknown model as cost unknown and warns once per model', () => {
    const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };
    const first = priceCall({ model: 'acme-private-model-1', usage });
    priceCall({ model: 'acme-private-model-1', usage });
    priceCall({ model: 'acme-private-model-2', usage });
    expect(first.cost).toBeUndefined();
    expect(callCostAttributes(first)).toMatchObject({ [ClearstoneAttributes.COST_UNKNOWN]: true });
    expect(callCostAttributes(first)).not.toHaveProperty(ClearstoneAttributes.COST_USD);
    expect(warnings().filter((message) => message.includes("'acme-private-model-1'"))).toHaveLength(1);
    expect(warnings().filter((message) => message.includes("'acme-private-model-2'"))).toHaveLength(1);
    expect(warnings()[0]).toMatch(/cost unknown/);
  });
});

describe('addUsage', () => {
  it('sums counts, keeping optional ones that either side has', () => {
    expect(
      addUsage(
        { inputTokens: 10, outputTokens: 5, totalTokens: 15, cacheReadTokens: 4 },
        { inputTokens: 1, outputTokens: 2, totalTokens: 3, reasoningTokens: 1 },
      ),
    ).toEqual({ inputTokens: 11, outputTokens: 7, totalTokens: 18, cacheReadTokens: 4, reasoningTokens: 1 });
  });
});
