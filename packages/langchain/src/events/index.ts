export { compactMessages, messageText } from './compact-messages';
export type { CompactMessage } from './compact-messages';
export { modelFromRunStart, modelIdOf, modelNameOf } from './model-identity';
export type { ModelIdentity } from './model-identity';
export { parseToolInput } from './parse-tool-input';
export { firstMessageOf, responseModelOf, responseProviderOf, usageOfMessage, usageOfResult } from './token-usage';
export type { TokenUsage } from './token-usage';
