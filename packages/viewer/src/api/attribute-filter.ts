import type { AttributeValue } from '@clearstone/core';
import { ViewerError } from '../errors';

/**
 * Parses `key=value` attribute filters. The value is read as a JSON number, boolean or quoted
 * string when it is one (`tokens=42`, `cached=true`, `code="42"`), else taken as text
 * (`gen_ai.request.model=gpt-4o`), because stored attributes keep their type.
 */
export function parseAttributeFilters(filters: readonly string[]): Record<string, AttributeValue> | undefined {
  if (filters.length === 0) return undefined;
  const attributes: Record<string, AttributeValue> = {};
  for (const filter of filters) {
    const separator = filter.indexOf('=');
    const key = separator > 0 ? filter.slice(0, separator).trim() : '';
    if (key === '' || key.length > 256) {
      throw new ViewerError({
        code: 'INVALID_PARAMETER',
        parameter: 'attr',
        message: `attr must look like key=value, got "${filter}".`,
      });
    }
    attributes[key] = attributeValue(filter.slice(separator + 1));
  }
  return attributes;
}

function attributeValue(text: string): AttributeValue {
  if (/^(true|false|-?\d+(\.\d+)?([eE][+-]?\d+)?|".*")$/.test(text)) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (
        typeof parsed === 'string' ||
        typeof parsed === 'boolean' ||
        (typeof parsed === 'number' && Number.isFinite(parsed))
      )
        return parsed;
    } catch {
      // Not JSON after all (e.g. an unbalanced quote): taken as text below.
    }
  }
  return text;
}
