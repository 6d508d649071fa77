import { InvalidArgumentError } from '@clearstone/core';
import { costOf, findPrice, validatePriceTable } from './price-table';

describe('price table', () => {
  const prices = validatePriceTable({
    'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
    'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  });

  it('prices a call by exact name or longest prefix', () => {
    expect(costOf(prices, 'gpt-4o', 1_000_000, 1_000_000)).toBe(12.5);
    expect(findPrice(prices, 'gpt-4o-mini-2024-07-18')).toEqual({ inputPerMillion: 0.15, outputPerMillion: 0.6 });
    expect(costOf(prices, 'claude-3', 10, 10)).toBeUndefined();
    expect(costOf(prices, undefined, 10, 10)).toBeUndefined();
  });

  it('rejects malformed entries with InvalidArgumentError', () => {
    expect(() => validatePriceTable({ bad: { inputPerMillion: -1, outputPerMillion: 1 } })).toThrow(
      InvalidArgumentError,
    );
    expect(() => validatePriceTable({ bad: { inputPerMillion: 1 } })).toThrow(/prices\['bad'\]/);
    expect(() => validatePriceTable([])).toThrow(InvalidArgumentError);
  });
});
