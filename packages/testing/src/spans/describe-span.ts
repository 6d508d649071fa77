import type { SpanRecord } from '@clearstone/core';

/** `'name' [first 8 hex of the span id]`, the way assertion reasons name a span. */
export function describeSpan(span: SpanRecord): string {
  return `'${span.name}' [${span.spanId.slice(0, 8)}]`;
}

/** Up to `max` spans named as in {@link describeSpan}, with a count of the rest. */
export function describeSpans(spans: readonly SpanRecord[], max = 5): string {
  const shown = spans.slice(0, max).map(describeSpan).join(', ');
  return spans.length > max ? `${shown} and ${spans.length - max} more` : shown;
}
