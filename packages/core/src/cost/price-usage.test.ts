import { DEFAULT_PRICES } from './default-prices';
import { addCosts, priceUsage } from './price-usage';

describe('priceUsage', () => {
  it('prices input and output tokens', () => {
    expect(priceUsage({ inputTokens: 1000, outputTokens: 200, totalTokens: 1200 }, DEFAULT_PRICES['gpt-4o'])).toEqual({
      totalUsd: 0.0045,
      inputUsd: 0.0025,
      outputUsd: 0.002,
      cacheReadUsd: 0,
      cacheWriteUsd: 0,
      reasoningUsd: 0,
    });
  });

  it('takes cached tokens out of the input (as LangChain counts them) and reasoning out of the output', () => {
    // gpt-4o: $2.50 input, $1.25 cached input, $10 output per million.
    const cost = priceUsage(
      { inputTokens: 2000, outputTokens: 300, totalTokens: 2300, cacheReadTokens: 1500, reasoningTokens: 100 },
      DEFAULT_PRICES['gpt-4o'],
    );
    expect(cost).toEqual({
      totalUsd: 0.006125,
      inputUsd: 0.00125,
      cacheReadUsd: 0.001875,
      cacheWriteUsd: 0,
      outputUsd: 0.002,
      reasoningUsd: 0.001,
    });
  });

  it('prices five-minute and one-hour cache writes apart', () => {
    // claude-sonnet-4-5: $3 input, $0.30 cache read, $3.75 5-minute write, $6 1-hour write, $15 output.
    const cost = priceUsage(
      {
        inputTokens: 10_000 + 20_000 + 3_000 + 1_000,
        outputTokens: 500,
        totalTokens: 34_500,
        cacheReadTokens: 20_000,
        cacheWriteTokens: 4_000,
        cacheWrite1hTokens: 1_000,
      },
      DEFAULT_PRICES['claude-sonnet-4-5'],
    );
    expect(cost.inputUsd).toBeCloseTo(0.03, 12);
    expect(cost.cacheReadUsd).toBeCloseTo(0.006, 12);
    expect(cost.cacheWriteUsd).toBeCloseTo(3_000 * 3.75e-6 + 1_000 * 6e-6, 12);
    expect(cost.outputUsd).toBeCloseTo(0.0075, 12);
    expect(cost.totalUsd).toBeCloseTo(0.03 + 0.006 + 0.01725 + 0.0075, 12);
  });

  it('defaults a missing cache or reasoning price to the input or output price, and applies long-context prices', () => {
    const price = { inputPerMillion: 2, outputPerMillion: 8, reasoningPerMillion: 4 };
    const cost = priceUsage(
      {
        inputTokens: 1000,
        outputTokens: 1000,
        totalTokens: 2000,
        cacheReadTokens: 500,
        cacheWriteTokens: 250,
        reasoningTokens: 500,
      },
      price,
    );
    expect(cost).toMatchObject({
      inputUsd: 0.0005,
      cacheReadUsd: 0.001,
      cacheWriteUsd: 0.0005,
      outputUsd: 0.004,
      reasoningUsd: 0.002,
    });
    const gemini = DEFAULT_PRICES['gemini-2.5-pro'];
    expect(priceUsage({ inputTokens: 200_000, outputTokens: 0, totalTokens: 200_000 }, gemini).inputUsd).toBeCloseTo(
      0.25,
      12,
    );
    expect(priceUsage({ inputTokens: 200_001, outputTokens: 1000, totalTokens: 201_001 }, gemini)).toMatchObject({
      inputUsd: 0.5000025,
      outputUsd: 0.015,
    });
  });

  it('never lets uncached input go below 0 nor reasoning exceed the output', () => {
    const cost = priceUsage(
      { inputTokens: 100, outputTokens: 10, totalTokens: 110, cacheReadTokens: 400, reasoningTokens: 50 },
      { inputPerMillion: 1, outputPerMillion: 1 },
    );
    expect(cost).toMatchObject({ inputUsd: 0, cacheReadUsd: 0.0004, outputUsd: 0, reasoningUsd: 0.00001 });
    expect(
      priceUsage({ inputTokens: 1e6, outputTokens: 1e6, totalTokens: 2e6 }, DEFAULT_PRICES['llama3.2']).totalUsd,
    ).toBe(0);
  });

  it('adds costs part by part', () => {
    const one = priceUsage(
      { inputTokens: 1000, outputTokens: 200, totalTokens: 1200, cacheReadTokens: 500 },
      DEFAULT_PRICES['gpt-4o'],
    );
    const sum = addCosts(addCosts(undefined, one), one);
    expect(sum.totalUsd).toBeCloseTo(2 * one.totalUsd, 12);
    expect(sum.cacheReadUsd).toBeCloseTo(2 * one.cacheReadUsd, 12);
  });
});
