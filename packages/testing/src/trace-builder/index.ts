export { TraceBuilder, traceBuilder } from './trace-builder';
export type {
  LlmStepOptions,
  SpanScope,
  SpanStepOptions,
  StepOptions,
  ToolStepOptions,
  TraceBuilderOptions,
} from './types';
