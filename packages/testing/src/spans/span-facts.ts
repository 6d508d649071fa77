import { usageOf, type SpanRecord } from '@clearstone/core';

export { costOf, isLlmSpan, isToolSpan, modelOf, spanCategory, toolNameOf } from '@clearstone/core';
export type { SpanCategory } from '@clearstone/core';

/**
 * Token usage recorded on a span as `{ input, output, total }` (zeros when none is recorded);
 * `usageOf` from `@clearstone/core` gives the full usage or undefined.
 */
export function tokensOf(span: SpanRecord): { input: number; output: number; total: number } {
  const usage = usageOf(span);
  return { input: usage?.inputTokens ?? 0, output: usage?.outputTokens ?? 0, total: usage?.totalTokens ?? 0 };
}
