// The facts of a recorded span that every package reads the same way: what it calls, what it used,
// what it cost, which policy decisions were taken on it and the context they were taken in.
import type { SpanRecord } from '../trace/span-model';
import {
  ClearstoneAttributes,
  ClearstoneEvents,
  GovernedOutcomes,
  LegacyAttributes,
  type GovernedOutcome,
} from './clearstone-attributes';
import { GenAiAttributes } from './gen-ai-attributes';
import { GenAiOperations, LLM_OPERATIONS } from './gen-ai-values';

/** Token counts of one model call (or a sum of several). Input counts include cached tokens. */
export interface TokenUsage {
  /** Prompt tokens, cached ones included. */
  inputTokens: number;
  /** Completion tokens, reasoning ones included. */
  outputTokens: number;
  /** Input + output tokens (or the total the provider reported when only that is known). */
  totalTokens: number;
  /** Prompt tokens served from the provider's cache. */
  cacheReadTokens?: number;
  /** Prompt tokens written to the provider's cache. */
  cacheWriteTokens?: number;
  /**
   * Of `cacheWriteTokens`, those written with a one-hour lifetime (Anthropic prices them above the
   * default five-minute writes).
   */
  cacheWrite1hTokens?: number;
  /** Output tokens spent on reasoning. */
  reasoningTokens?: number;
  /** Audio input tokens. */
  audioInputTokens?: number;
  /** Audio output tokens. */
  audioOutputTokens?: number;
}

/** A policy decision as recorded on a span. */
export interface RecordedDecision {
  /** The decision's action, e.g. `'block'`. */
  action: string;
  /** The policy that decided, when recorded. */
  policyName?: string;
  /** The decision's reason, when recorded. */
  reason?: string;
  /** What was decided on: `tool_call`, `model_call`, `retriever_call`. */
  eventType?: string;
  /** The tool the decision was about. */
  toolName?: string;
  /** The tool call the decision was about. */
  toolCallId?: string;
  /** Intervention id of a PAUSE. */
  interventionId?: string;
  /** ALERT reasons of the evaluation. */
  alerts?: string[];
}

/** The policy context a governed span was decided in, as recorded. */
export interface RecordedPolicyContext {
  /** `userId` of the context. */
  userId: string;
  /** `agentId` of the context. */
  agentId: string;
  /** `sessionId` of the context. */
  sessionId: string;
  /** The metadata the policies read (after content redaction). */
  metadata: Record<string, unknown>;
}

/** What a span records, as far as agent assertions and backtests care: a tool call, a model call or neither. */
export type SpanCategory = 'tool' | 'llm' | undefined;

/** A string attribute of a span, or undefined when missing, empty or not a string. */
export function stringAttributeOf(span: SpanRecord, key: string): string | undefined {
  const value = span.attributes[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A finite number attribute of a span, or undefined. */
export function numberAttributeOf(span: SpanRecord, key: string): number | undefined {
  const value = span.attributes[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * The tool a span executes: `gen_ai.tool.name`, else the Python SDK's `tool.name`.
 *
 * @example
 * ```ts
 * const tools = trace.spans.map(toolNameOf).filter(Boolean);
 * ```
 */
export function toolNameOf(span: SpanRecord): string | undefined {
  return stringAttributeOf(span, GenAiAttributes.TOOL_NAME) ?? stringAttributeOf(span, LegacyAttributes.TOOL_NAME);
}

/** The tool call id of a tool span (`gen_ai.tool.call.id`). */
export function toolCallIdOf(span: SpanRecord): string | undefined {
  return stringAttributeOf(span, GenAiAttributes.TOOL_CALL_ID);
}

/** The model a span calls: the model the response reports (`gen_ai.response.model`), else the one requested. */
export function modelOf(span: SpanRecord): string | undefined {
  return (
    stringAttributeOf(span, GenAiAttributes.RESPONSE_MODEL) ?? stringAttributeOf(span, GenAiAttributes.REQUEST_MODEL)
  );
}

/** The model a span requested (`gen_ai.request.model`), else the one the response reports. */
export function requestedModelOf(span: SpanRecord): string | undefined {
  return (
    stringAttributeOf(span, GenAiAttributes.REQUEST_MODEL) ?? stringAttributeOf(span, GenAiAttributes.RESPONSE_MODEL)
  );
}

/**
 * Whether a span is a tool call, a model call or neither. An explicit `gen_ai.operation.name`
 * decides (`execute_tool`; `chat`, `text_completion`, `generate_content`); otherwise a tool-name
 * attribute makes a tool span and a model attribute a model span.
 */
export function spanCategory(span: SpanRecord): SpanCategory {
  const operation = stringAttributeOf(span, GenAiAttributes.OPERATION_NAME);
  if (operation === GenAiOperations.EXECUTE_TOOL) return 'tool';
  if (operation !== undefined && LLM_OPERATIONS.has(operation)) return 'llm';
  if (operation !== undefined) return undefined;
  if (toolNameOf(span) !== undefined) return 'tool';
  if (modelOf(span) !== undefined) return 'llm';
  return undefined;
}

/** True for a span that records a tool call (run or governed and not run). */
export function isToolSpan(span: SpanRecord): boolean {
  return spanCategory(span) === 'tool';
}

/** True for a span that records a model call (run or governed and not run). */
export function isLlmSpan(span: SpanRecord): boolean {
  return spanCategory(span) === 'llm';
}

/**
 * Token usage recorded on a span, or undefined when it records none. `totalTokens` is input +
 * output, or `clearstone.usage.total_tokens` when only that is known.
 */
export function usageOf(span: SpanRecord): TokenUsage | undefined {
  const input = numberAttributeOf(span, GenAiAttributes.USAGE_INPUT_TOKENS);
  const output = numberAttributeOf(span, GenAiAttributes.USAGE_OUTPUT_TOKENS);
  const total = numberAttributeOf(span, ClearstoneAttributes.USAGE_TOTAL_TOKENS);
  if (input === undefined && output === undefined && total === undefined) return undefined;
  const usage: TokenUsage = {
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    totalTokens: (input ?? 0) + (output ?? 0) > 0 ? (input ?? 0) + (output ?? 0) : (total ?? 0),
  };
  const cacheRead = numberAttributeOf(span, GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS);
  const cacheWrite = numberAttributeOf(span, GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS);
  const cacheWrite1h = numberAttributeOf(span, ClearstoneAttributes.USAGE_CACHE_CREATION_1H_INPUT_TOKENS);
  const reasoning = numberAttributeOf(span, GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS);
  if (cacheRead !== undefined) usage.cacheReadTokens = cacheRead;
  if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite;
  if (cacheWrite1h !== undefined) usage.cacheWrite1hTokens = cacheWrite1h;
  if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  return usage;
}

/**
 * Cost in US dollars recorded on a span (`clearstone.cost.usd`, else the Python SDK's `llm.cost`
 * or `llm.cost_usd`); undefined when the span records no cost, never a silent 0.
 */
export function costOf(span: SpanRecord): number | undefined {
  return (
    numberAttributeOf(span, ClearstoneAttributes.COST_USD) ??
    numberAttributeOf(span, LegacyAttributes.LLM_COST) ??
    numberAttributeOf(span, LegacyAttributes.LLM_COST_USD)
  );
}

function decisionFrom(read: (key: string) => unknown): RecordedDecision | undefined {
  const text = (key: string): string | undefined => {
    const value = read(key);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const action = text(ClearstoneAttributes.POLICY_ACTION);
  if (action === undefined) return undefined;
  const decision: RecordedDecision = { action };
  const fields: [keyof RecordedDecision, string][] = [
    ['policyName', ClearstoneAttributes.POLICY_NAME],
    ['reason', ClearstoneAttributes.POLICY_REASON],
    ['eventType', ClearstoneAttributes.POLICY_EVENT_TYPE],
    ['toolName', ClearstoneAttributes.POLICY_TOOL_NAME],
    ['toolCallId', ClearstoneAttributes.POLICY_TOOL_CALL_ID],
    ['interventionId', ClearstoneAttributes.POLICY_INTERVENTION_ID],
  ];
  for (const [field, key] of fields) {
    const value = text(key);
    if (value !== undefined) (decision as unknown as Record<string, unknown>)[field] = value;
  }
  const alerts = text(ClearstoneAttributes.POLICY_ALERTS);
  if (alerts !== undefined) decision.alerts = alerts.split('\n');
  return decision;
}

/**
 * The policy decisions recorded on a span, in order: one per `clearstone.policy.decision` event,
 * else the span's `clearstone.policy.*` attributes as one decision, else none.
 */
export function policyDecisionsOf(span: SpanRecord): RecordedDecision[] {
  const decisions: RecordedDecision[] = [];
  for (const event of span.events) {
    if (event.name !== ClearstoneEvents.POLICY_DECISION) continue;
    const decision = decisionFrom((key) => event.attributes?.[key]);
    if (decision) decisions.push(decision);
  }
  if (decisions.length > 0) return decisions;
  const fromAttributes = decisionFrom((key) => span.attributes[key]);
  return fromAttributes ? [fromAttributes] : [];
}

/** The last (final) policy decision recorded on a span, or undefined. */
export function finalDecisionOf(span: SpanRecord): RecordedDecision | undefined {
  const decisions = policyDecisionsOf(span);
  return decisions[decisions.length - 1];
}

/** What became of a governed call recorded by the span (`clearstone.governed.outcome`), or undefined. */
export function governedOutcomeOf(span: SpanRecord): GovernedOutcome | undefined {
  const value = stringAttributeOf(span, ClearstoneAttributes.GOVERNED_OUTCOME);
  return value !== undefined && (Object.values(GovernedOutcomes) as string[]).includes(value)
    ? (value as GovernedOutcome)
    : undefined;
}

/** True when the span records a governed call that did not run (blocked, rejected, timed out or paused). */
export function wasPrevented(span: SpanRecord): boolean {
  const outcome = governedOutcomeOf(span);
  return outcome !== undefined && outcome !== GovernedOutcomes.EXECUTED;
}

/** The policy context recorded on a governed span (`clearstone.policy.context`), or undefined. */
export function policyContextOf(span: SpanRecord): RecordedPolicyContext | undefined {
  const text = stringAttributeOf(span, ClearstoneAttributes.POLICY_CONTEXT);
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const record = parsed as Record<string, unknown>;
    const metadata = record.metadata;
    return {
      userId: typeof record.userId === 'string' ? record.userId : '',
      agentId: typeof record.agentId === 'string' ? record.agentId : '',
      sessionId: typeof record.sessionId === 'string' ? record.sessionId : '',
      metadata: metadata !== null && typeof metadata === 'object' ? (metadata as Record<string, unknown>) : {},
    };
  } catch {
    return undefined;
  }
}
