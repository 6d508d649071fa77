export { TraceBuilder, traceBuilder } from './trace-builder';
export type {
  BlockedLlmStepOptions,
  BlockedStepOptions,
  BlockedToolStepOptions,
  DecisionStep,
  GovernedStepOptions,
  LlmStepOptions,
  SpanScope,
  SpanStepOptions,
  StepOptions,
  ToolStepOptions,
  TraceBuilderOptions,
} from './types';
