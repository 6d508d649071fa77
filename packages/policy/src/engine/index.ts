export { PolicyEngine } from './policy-engine';
export { isAsyncPolicyBlock } from './async-policy';
export { Aggregation, type AlertRecord } from './aggregation';
export type { EvaluationResult, PolicyEngineOptions, PolicyEvaluation } from './types';
