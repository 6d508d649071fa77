/**
 * Attribute and event names written on spans by the LangChain integration: the OpenTelemetry
 * GenAI semantic conventions (`gen_ai.*`) plus Clearstone's own (`clearstone.*`).
 *
 * @example
 * ```ts
 * import { GenAiAttributes } from '@clearstone/langchain';
 * traceStore.querySpans({ attributes: { [GenAiAttributes.TOOL_NAME]: 'search' } });
 * ```
 */
export const GenAiAttributes = Object.freeze({
  /** What the span does: `chat`, `text_completion`, `execute_tool`, `invoke_agent`, … */
  OPERATION_NAME: 'gen_ai.operation.name',
  /** Model provider, e.g. `openai`, `anthropic`. */
  PROVIDER_NAME: 'gen_ai.provider.name',
  /** Model name requested. */
  REQUEST_MODEL: 'gen_ai.request.model',
  /** Model name reported by the response. */
  RESPONSE_MODEL: 'gen_ai.response.model',
  /** Prompt tokens. */
  USAGE_INPUT_TOKENS: 'gen_ai.usage.input_tokens',
  /** Completion tokens. */
  USAGE_OUTPUT_TOKENS: 'gen_ai.usage.output_tokens',
  /** Tool name. */
  TOOL_NAME: 'gen_ai.tool.name',
  /** Id of the model's tool call. */
  TOOL_CALL_ID: 'gen_ai.tool.call.id',
  /** Agent name. */
  AGENT_NAME: 'gen_ai.agent.name',
  /** Retrieval data source name. */
  DATA_SOURCE_ID: 'gen_ai.data_source.id',
});

/** Values of {@link GenAiAttributes.OPERATION_NAME}. */
export const GenAiOperations = Object.freeze({
  CHAT: 'chat',
  TEXT_COMPLETION: 'text_completion',
  EXECUTE_TOOL: 'execute_tool',
  INVOKE_AGENT: 'invoke_agent',
  RETRIEVAL: 'retrieval',
  CHAIN: 'chain',
});

/** Clearstone's own span attributes and event names. */
export const ClearstoneAttributes = Object.freeze({
  /** Id of the user the agent acted for (root spans, from the ambient policy context). */
  USER_ID: 'clearstone.user.id',
  /** Role of that user, when the context's metadata has `userRole`. */
  USER_ROLE: 'clearstone.user.role',
  /** Id of the agent (root spans). */
  AGENT_ID: 'clearstone.agent.id',
  /** Session id (root spans). */
  SESSION_ID: 'clearstone.session.id',
  /** Cost of a model call in US dollars, from the configured price table. */
  COST_USD: 'clearstone.cost.usd',
  /** Total tokens of a model call. */
  USAGE_TOTAL_TOKENS: 'clearstone.usage.total_tokens',
  /** LangChain run id of the span. */
  RUN_ID: 'clearstone.langchain.run_id',
  /** LangChain run type: `chain`, `llm`, `tool`, `retriever`. */
  RUN_TYPE: 'clearstone.langchain.run_type',
  /** Action of the latest policy decision taken on the span's run. */
  POLICY_ACTION: 'clearstone.policy.action',
  /** Name of the policy that decided. */
  POLICY_NAME: 'clearstone.policy.name',
  /** Reason given by the deciding policy. */
  POLICY_REASON: 'clearstone.policy.reason',
  /** What was decided on: `tool_call`, `model_call`, `retriever_call`. */
  POLICY_EVENT_TYPE: 'clearstone.policy.event_type',
  /** Tool name the decision was about. */
  POLICY_TOOL_NAME: 'clearstone.policy.tool_name',
  /** Tool call id the decision was about. */
  POLICY_TOOL_CALL_ID: 'clearstone.policy.tool_call_id',
  /** Intervention id of a PAUSE. */
  POLICY_INTERVENTION_ID: 'clearstone.policy.intervention_id',
  /** `input` or `output` when `redactContent` threw and that content was left out of the span. */
  CONTENT_REDACTION_FAILED: 'clearstone.content.redaction_failed',
  /** Every ALERT reason of the decision, joined by newlines. */
  POLICY_ALERTS: 'clearstone.policy.alerts',
});

/** Span event names used by the integration. */
export const ClearstoneEvents = Object.freeze({
  /** One policy decision; attributes are the `clearstone.policy.*` keys. */
  POLICY_DECISION: 'clearstone.policy.decision',
});
