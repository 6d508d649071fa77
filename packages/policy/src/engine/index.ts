export { PolicyEngine } from './policy-engine';
export { Aggregation, type AlertRecord } from './aggregation';
export type { EvaluationResult, PolicyEngineOptions, PolicyEvaluation } from './types';
