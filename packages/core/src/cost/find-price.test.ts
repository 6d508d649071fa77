import { InvalidArgumentError } from '../errors';
import { DEFAULT_PRICES, DEFAULT_PRICES_AS_OF } from './default-prices';
import { findPrice } from './find-price';
import { validatePrices } from './model-price';

describe('findPrice', () => {
  it('prices dated and aliased model ids by their base name in the built-in table', () => {
    expect(findPrice('claude-sonnet-4-5-20250929')).toBe(DEFAULT_PRICES['claude-sonnet-4-5']);
    expect(findPrice('claude-opus-4-5-20251101')).toBe(DEFAULT_PRICES['claude-opus-4-5']);
    expect(findPrice('claude-opus-4-1-20250805')).toBe(DEFAULT_PRICES['claude-opus-4-1']);
    expect(findPrice('claude-opus-4-20250514')).toBe(DEFAULT_PRICES['claude-opus-4']);
    expect(findPrice('gpt-4o-2024-08-06')).toBe(DEFAULT_PRICES['gpt-4o']);
    expect(findPrice('gpt-4o-mini-2024-07-18')).toBe(DEFAULT_PRICES['gpt-4o-mini']);
    expect(findPrice('gpt-4o-2024-05-13')).toEqual({ inputPerMillion: 5, outputPerMillion: 15 });
    expect(findPrice('mistral-large-latest')).toBe(DEFAULT_PRICES['mistral-large']);
    expect(findPrice('gemini-2.5-flash-lite')).toBe(DEFAULT_PRICES['gemini-2.5-flash-lite']);
    expect(findPrice('GPT-4o')).toBe(DEFAULT_PRICES['gpt-4o']);
    expect(DEFAULT_PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('matches a prefix only at a separator, so a newer version is unknown rather than mispriced', () => {
    expect(findPrice('gpt-5.2')).toBeUndefined();
    expect(findPrice('gpt-4.5-preview')).toBeUndefined();
    expect(findPrice('gpt-4-0613')).toBe(DEFAULT_PRICES['gpt-4']);
    expect(findPrice('FakeBuiltModel')).toBeUndefined();
    expect(findPrice(undefined)).toBeUndefined();
    expect(findPrice('')).toBeUndefined();
  });

  it('tries a routed name without its routing prefix', () => {
    expect(findPrice('openai/gpt-4o-mini')).toBe(DEFAULT_PRICES['gpt-4o-mini']);
    expect(findPrice('models/gemini-2.5-pro')).toBe(DEFAULT_PRICES['gemini-2.5-pro']);
    expect(findPrice('us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe(DEFAULT_PRICES['claude-sonnet-4-5']);
  });

  it('prices local models at 0, by name or by provider', () => {
    expect(findPrice('llama3.2:3b')).toEqual({ inputPerMillion: 0, outputPerMillion: 0 });
    expect(findPrice('qwen3:8b')).toEqual({ inputPerMillion: 0, outputPerMillion: 0 });
    expect(findPrice('mistral:7b')).toEqual({ inputPerMillion: 0, outputPerMillion: 0 });
    expect(findPrice('my-own-gguf', undefined, { provider: 'ollama' })).toEqual({
      inputPerMillion: 0,
      outputPerMillion: 0,
    });
    expect(findPrice('gpt-4o', undefined, { provider: 'local' })).toEqual({ inputPerMillion: 0, outputPerMillion: 0 });
    expect(findPrice(undefined, undefined, { provider: 'lmstudio' })).toEqual({
      inputPerMillion: 0,
      outputPerMillion: 0,
    });
  });

  it("lets the user's prices win model by model", () => {
    const prices = validatePrices({
      'gpt-4o': { inputPerMillion: 1, outputPerMillion: 2 },
      'my-finetune': { inputPerMillion: 3, outputPerMillion: 12 },
      'claude-sonnet-4-5-20250929': { inputPerMillion: 9, outputPerMillion: 9 },
      llama: { inputPerMillion: 0.5, outputPerMillion: 0.5 },
    });
    expect(findPrice('gpt-4o', prices)).toBe(prices['gpt-4o']);
    expect(findPrice('gpt-4o-2024-08-06', prices)).toBe(prices['gpt-4o']);
    expect(findPrice('my-finetune-v2', prices)).toBe(prices['my-finetune']);
    expect(findPrice('claude-sonnet-4-5-20250929', prices)).toBe(prices['claude-sonnet-4-5-20250929']);
    // A more specific built-in name beats a shorter user prefix: gpt-4o does not price gpt-4o-mini.
    expect(findPrice('gpt-4o-mini', prices)).toBe(DEFAULT_PRICES['gpt-4o-mini']);
    // A user price for a local model wins over the local provider's 0.
    expect(findPrice('llama-3-70b', prices, { provider: 'ollama' })).toBe(prices.llama);
  });
});

describe('validatePrices', () => {
  it('accepts the earlier { inputPerMillion, outputPerMillion } shape and the full one, frozen', () => {
    const prices = validatePrices({
      old: { inputPerMillion: 1, outputPerMillion: 2 },
      full: {
        inputPerMillion: 3,
        outputPerMillion: 15,
        cacheReadPerMillion: 0.3,
        cacheWritePerMillion: 3.75,
        cacheWrite1hPerMillion: 6,
        reasoningPerMillion: 15,
        longContext: { aboveInputTokens: 200_000, inputPerMillion: 6, outputPerMillion: 22.5 },
      },
    });
    expect(prices.old).toEqual({ inputPerMillion: 1, outputPerMillion: 2 });
    expect(prices.full.longContext).toEqual({ aboveInputTokens: 200_000, inputPerMillion: 6, outputPerMillion: 22.5 });
    expect(Object.isFrozen(prices)).toBe(true);
    expect(Object.isFrozen(prices.full)).toBe(true);
    expect(validatePrices(undefined)).toEqual({});
  });

  it('rejects malformed tables and entries with InvalidArgumentError naming the entry', () => {
    expect(() => validatePrices([])).toThrow(InvalidArgumentError);
    expect(() => validatePrices({ bad: { inputPerMillion: -1, outputPerMillion: 1 } })).toThrow(/prices\['bad'\]/);
    expect(() => validatePrices({ bad: { inputPerMillion: 1 } })).toThrow(InvalidArgumentError);
    expect(() =>
      validatePrices({ bad: { inputPerMillion: 1, outputPerMillion: 1, cacheReadPerMillion: 'x' } }),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      validatePrices({
        bad: { inputPerMillion: 1, outputPerMillion: 1, longContext: { inputPerMillion: 1, outputPerMillion: 1 } },
      }),
    ).toThrow(/aboveInputTokens/);
  });
});
