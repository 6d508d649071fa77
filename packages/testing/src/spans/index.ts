export { costOf, isLlmSpan, isToolSpan, modelOf, spanCategory, tokensOf, toolNameOf } from './span-facts';
export type { SpanCategory } from './span-facts';
export { describeSpan, describeSpans } from './describe-span';
