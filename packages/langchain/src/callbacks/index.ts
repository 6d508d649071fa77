export { PolicyCallbackHandler } from './policy-callback-handler';
export type { PolicyCallbackHandlerOptions, RedactDecisionMode } from './policy-callback-handler';
