import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ClearstoneAttributes as SharedClearstoneAttributes,
  GenAiOperations as SharedGenAiOperations,
  LegacyAttributes as SharedLegacyAttributes,
} from '@clearstone/observability';

/**
 * Span attribute names read and written by `@clearstone/testing`: the OpenTelemetry GenAI
 * semantic conventions (`gen_ai.*`), Clearstone's own (`clearstone.*`) and the Python SDK's
 * names, still accepted when reading older traces. The values are those of
 * `@clearstone/observability`'s conventions module.
 *
 * @example
 * ```ts
 * import { GenAiAttributes, GenAiOperations } from '@clearstone/testing';
 * const isTool = span.attributes[GenAiAttributes.OPERATION_NAME] === GenAiOperations.EXECUTE_TOOL;
 * ```
 */
export const GenAiAttributes = Object.freeze({
  /** What the span does: `chat`, `text_completion`, `execute_tool`, `invoke_agent`, … */
  OPERATION_NAME: ATTR_GEN_AI_OPERATION_NAME,
  /** Model name requested. */
  REQUEST_MODEL: ATTR_GEN_AI_REQUEST_MODEL,
  /** Model name reported by the response. */
  RESPONSE_MODEL: ATTR_GEN_AI_RESPONSE_MODEL,
  /** Prompt tokens of a model call. */
  USAGE_INPUT_TOKENS: ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  /** Completion tokens of a model call. */
  USAGE_OUTPUT_TOKENS: ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  /** Name of the tool a span executes. */
  TOOL_NAME: ATTR_GEN_AI_TOOL_NAME,
  /** Id of the model's tool call. */
  TOOL_CALL_ID: ATTR_GEN_AI_TOOL_CALL_ID,
  /** Arguments of the tool call, as JSON text (read when the span has no input snapshot). */
  TOOL_CALL_ARGUMENTS: ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  /** Agent name (on `invoke_agent` spans). */
  AGENT_NAME: ATTR_GEN_AI_AGENT_NAME,
} as const);

/** Values of {@link GenAiAttributes.OPERATION_NAME}. */
export const GenAiOperations = Object.freeze({
  /** A chat model call. */
  CHAT: SharedGenAiOperations.CHAT,
  /** A text-completion (non-chat) model call. */
  TEXT_COMPLETION: SharedGenAiOperations.TEXT_COMPLETION,
  /** A multimodal content generation call. */
  GENERATE_CONTENT: SharedGenAiOperations.GENERATE_CONTENT,
  /** A tool run. */
  EXECUTE_TOOL: SharedGenAiOperations.EXECUTE_TOOL,
  /** An agent run. */
  INVOKE_AGENT: SharedGenAiOperations.INVOKE_AGENT,
} as const);

/** Clearstone's own span attributes. */
export const ClearstoneAttributes = Object.freeze({
  /** Cost of a model call in US dollars. */
  COST_USD: SharedClearstoneAttributes.COST_USD,
  /** Total tokens of a model call, when recorded apart from input and output. */
  USAGE_TOTAL_TOKENS: SharedClearstoneAttributes.USAGE_TOTAL_TOKENS,
  /** Action of the policy decision taken on the span. */
  POLICY_ACTION: SharedClearstoneAttributes.POLICY_ACTION,
  /** Name of the policy that decided. */
  POLICY_NAME: SharedClearstoneAttributes.POLICY_NAME,
  /** Reason given by the deciding policy. */
  POLICY_REASON: SharedClearstoneAttributes.POLICY_REASON,
  /** User the run acted for (on the root span). */
  USER_ID: SharedClearstoneAttributes.USER_ID,
  /** Role of that user (on the root span), e.g. `guest`, `admin`. */
  USER_ROLE: SharedClearstoneAttributes.USER_ROLE,
  /** Agent that ran (on the root span). */
  AGENT_ID: SharedClearstoneAttributes.AGENT_ID,
  /** Session the run belongs to (on the root span). */
  SESSION_ID: SharedClearstoneAttributes.SESSION_ID,
} as const);

/** Attribute names of the Python SDK, read as fallbacks. */
export const LegacyAttributes = Object.freeze({
  /** Tool name. */
  TOOL_NAME: SharedLegacyAttributes.TOOL_NAME,
  /** Cost of a model call in US dollars. */
  LLM_COST: SharedLegacyAttributes.LLM_COST,
  /** Cost of a model call in US dollars (the Python documentation's spelling). */
  LLM_COST_USD: SharedLegacyAttributes.LLM_COST_USD,
} as const);

export { LLM_OPERATIONS } from '@clearstone/observability';
