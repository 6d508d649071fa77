import type { SpanRecord } from '@clearstone/core';
import {
  ClearstoneAttributes,
  GenAiAttributes,
  GenAiOperations,
  LLM_OPERATIONS,
  LegacyAttributes,
} from '../conventions';

/** What a span records, as far as agent assertions and backtests care: a tool call, a model call or neither. */
export type SpanCategory = 'tool' | 'llm' | undefined;

function stringAttribute(span: SpanRecord, key: string): string | undefined {
  const value = span.attributes[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function numberAttribute(span: SpanRecord, key: string): number | undefined {
  const value = span.attributes[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The tool a span executes: `gen_ai.tool.name`, else the Python SDK's `tool.name`. */
export function toolNameOf(span: SpanRecord): string | undefined {
  return stringAttribute(span, GenAiAttributes.TOOL_NAME) ?? stringAttribute(span, LegacyAttributes.TOOL_NAME);
}

/** The model a span calls: `gen_ai.request.model`, else `gen_ai.response.model`. */
export function modelOf(span: SpanRecord): string | undefined {
  return stringAttribute(span, GenAiAttributes.REQUEST_MODEL) ?? stringAttribute(span, GenAiAttributes.RESPONSE_MODEL);
}

/**
 * Whether a span is a tool call, a model call or neither. An explicit `gen_ai.operation.name`
 * decides (`execute_tool`; `chat`, `text_completion`, `generate_content`); otherwise a tool-name
 * attribute makes a tool span and a model attribute an LLM span.
 */
export function spanCategory(span: SpanRecord): SpanCategory {
  const operation = stringAttribute(span, GenAiAttributes.OPERATION_NAME);
  if (operation === GenAiOperations.EXECUTE_TOOL) return 'tool';
  if (operation !== undefined && LLM_OPERATIONS.has(operation)) return 'llm';
  if (toolNameOf(span) !== undefined) return 'tool';
  if (modelOf(span) !== undefined) return 'llm';
  return undefined;
}

/** True for a span that records a tool call. */
export function isToolSpan(span: SpanRecord): boolean {
  return spanCategory(span) === 'tool';
}

/** True for a span that records a model (LLM) call. */
export function isLlmSpan(span: SpanRecord): boolean {
  return spanCategory(span) === 'llm';
}

/** Cost in US dollars recorded on a span (`clearstone.cost.usd`, `llm.cost`, `llm.cost_usd`), or undefined. */
export function costOf(span: SpanRecord): number | undefined {
  return (
    numberAttribute(span, ClearstoneAttributes.COST_USD) ??
    numberAttribute(span, LegacyAttributes.LLM_COST) ??
    numberAttribute(span, LegacyAttributes.LLM_COST_USD)
  );
}

/** Token usage recorded on a span; `total` is input + output, or `clearstone.usage.total_tokens` when only that is known. */
export function tokensOf(span: SpanRecord): { input: number; output: number; total: number } {
  const input = numberAttribute(span, GenAiAttributes.USAGE_INPUT_TOKENS) ?? 0;
  const output = numberAttribute(span, GenAiAttributes.USAGE_OUTPUT_TOKENS) ?? 0;
  const recordedTotal = numberAttribute(span, ClearstoneAttributes.USAGE_TOTAL_TOKENS);
  const total = input + output > 0 ? input + output : (recordedTotal ?? 0);
  return { input, output, total };
}
