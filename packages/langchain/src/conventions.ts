import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ClearstoneAttributes as SharedClearstoneAttributes,
  ClearstoneEvents as SharedClearstoneEvents,
  GenAiOperations as SharedGenAiOperations,
} from '@clearstone/observability';

/**
 * Attribute and event names written on spans by the LangChain integration: the OpenTelemetry
 * GenAI semantic conventions (`gen_ai.*`) plus Clearstone's own (`clearstone.*`). The values are
 * those of `@clearstone/observability`'s conventions module.
 *
 * @example
 * ```ts
 * import { GenAiAttributes } from '@clearstone/langchain';
 * traceStore.querySpans({ attributes: { [GenAiAttributes.TOOL_NAME]: 'search' } });
 * ```
 */
export const GenAiAttributes = Object.freeze({
  /** What the span does: `chat`, `text_completion`, `execute_tool`, `invoke_agent`, … */
  OPERATION_NAME: ATTR_GEN_AI_OPERATION_NAME,
  /** Model provider, e.g. `openai`, `anthropic`. */
  PROVIDER_NAME: ATTR_GEN_AI_PROVIDER_NAME,
  /** Model name requested. */
  REQUEST_MODEL: ATTR_GEN_AI_REQUEST_MODEL,
  /** Model name reported by the response. */
  RESPONSE_MODEL: ATTR_GEN_AI_RESPONSE_MODEL,
  /** Prompt tokens. */
  USAGE_INPUT_TOKENS: ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  /** Completion tokens. */
  USAGE_OUTPUT_TOKENS: ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  /** Tool name. */
  TOOL_NAME: ATTR_GEN_AI_TOOL_NAME,
  /** Id of the model's tool call. */
  TOOL_CALL_ID: ATTR_GEN_AI_TOOL_CALL_ID,
  /** Agent name. */
  AGENT_NAME: ATTR_GEN_AI_AGENT_NAME,
  /** Retrieval data source name. */
  DATA_SOURCE_ID: ATTR_GEN_AI_DATA_SOURCE_ID,
} as const);

/**
 * Values of {@link GenAiAttributes.OPERATION_NAME} the integration writes: the OpenTelemetry
 * spellings, plus `chain` (Clearstone's, for LangChain chain runs below the agent).
 */
export const GenAiOperations = Object.freeze({
  /** A chat model call. */
  CHAT: SharedGenAiOperations.CHAT,
  /** A text-completion (non-chat) LLM call. */
  TEXT_COMPLETION: SharedGenAiOperations.TEXT_COMPLETION,
  /** A tool run. */
  EXECUTE_TOOL: SharedGenAiOperations.EXECUTE_TOOL,
  /** The root run of an `invoke`. */
  INVOKE_AGENT: SharedGenAiOperations.INVOKE_AGENT,
  /** A retriever run. */
  RETRIEVAL: SharedGenAiOperations.RETRIEVAL,
  /** A chain run below the root. */
  CHAIN: SharedGenAiOperations.CHAIN,
} as const);

/** Clearstone's own span attributes and event names. */
export const ClearstoneAttributes = Object.freeze({
  /** Id of the user the agent acted for (root spans, from the ambient policy context). */
  USER_ID: SharedClearstoneAttributes.USER_ID,
  /** Role of that user, when the context's metadata has `userRole`. */
  USER_ROLE: SharedClearstoneAttributes.USER_ROLE,
  /** Id of the agent (root spans). */
  AGENT_ID: SharedClearstoneAttributes.AGENT_ID,
  /** Session id (root spans). */
  SESSION_ID: SharedClearstoneAttributes.SESSION_ID,
  /** Cost of a model call in US dollars, from the configured price table. */
  COST_USD: SharedClearstoneAttributes.COST_USD,
  /** Total tokens of a model call. */
  USAGE_TOTAL_TOKENS: SharedClearstoneAttributes.USAGE_TOTAL_TOKENS,
  /** LangChain run id of the span. */
  RUN_ID: SharedClearstoneAttributes.RUN_ID,
  /** LangChain run type: `chain`, `llm`, `tool`, `retriever`. */
  RUN_TYPE: SharedClearstoneAttributes.RUN_TYPE,
  /** Action of the latest policy decision taken on the span's run. */
  POLICY_ACTION: SharedClearstoneAttributes.POLICY_ACTION,
  /** Name of the policy that decided. */
  POLICY_NAME: SharedClearstoneAttributes.POLICY_NAME,
  /** Reason given by the deciding policy. */
  POLICY_REASON: SharedClearstoneAttributes.POLICY_REASON,
  /** What was decided on: `tool_call`, `model_call`, `retriever_call`. */
  POLICY_EVENT_TYPE: SharedClearstoneAttributes.POLICY_EVENT_TYPE,
  /** Tool name the decision was about. */
  POLICY_TOOL_NAME: SharedClearstoneAttributes.POLICY_TOOL_NAME,
  /** Tool call id the decision was about. */
  POLICY_TOOL_CALL_ID: SharedClearstoneAttributes.POLICY_TOOL_CALL_ID,
  /** Intervention id of a PAUSE. */
  POLICY_INTERVENTION_ID: SharedClearstoneAttributes.POLICY_INTERVENTION_ID,
  /** `input` or `output` when `redactContent` threw and that content was left out of the span. */
  CONTENT_REDACTION_FAILED: SharedClearstoneAttributes.CONTENT_REDACTION_FAILED,
  /** Every ALERT reason of the decision, joined by newlines. */
  POLICY_ALERTS: SharedClearstoneAttributes.POLICY_ALERTS,
} as const);

/** Span event names used by the integration. */
export const ClearstoneEvents = Object.freeze({
  /** One policy decision; attributes are the `clearstone.policy.*` keys. */
  POLICY_DECISION: SharedClearstoneEvents.POLICY_DECISION,
} as const);
