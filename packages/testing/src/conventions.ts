/**
 * Span attribute names read and written by `@clearstone/testing`: the OpenTelemetry GenAI
 * semantic conventions (`gen_ai.*`), Clearstone's own (`clearstone.*`) and the Python SDK's
 * names, still accepted when reading older traces.
 *
 * @example
 * ```ts
 * import { GenAiAttributes, GenAiOperations } from '@clearstone/testing';
 * const isTool = span.attributes[GenAiAttributes.OPERATION_NAME] === GenAiOperations.EXECUTE_TOOL;
 * ```
 */
export const GenAiAttributes = Object.freeze({
  /** What the span does: `chat`, `text_completion`, `execute_tool`, `invoke_agent`, … */
  OPERATION_NAME: 'gen_ai.operation.name',
  /** Model name requested. */
  REQUEST_MODEL: 'gen_ai.request.model',
  /** Model name reported by the response. */
  RESPONSE_MODEL: 'gen_ai.response.model',
  /** Prompt tokens of a model call. */
  USAGE_INPUT_TOKENS: 'gen_ai.usage.input_tokens',
  /** Completion tokens of a model call. */
  USAGE_OUTPUT_TOKENS: 'gen_ai.usage.output_tokens',
  /** Name of the tool a span executes. */
  TOOL_NAME: 'gen_ai.tool.name',
  /** Id of the model's tool call. */
  TOOL_CALL_ID: 'gen_ai.tool.call.id',
  /** Arguments of the tool call, as JSON text (read when the span has no input snapshot). */
  TOOL_CALL_ARGUMENTS: 'gen_ai.tool.call.arguments',
  /** Agent name (on `invoke_agent` spans). */
  AGENT_NAME: 'gen_ai.agent.name',
});

/** Values of {@link GenAiAttributes.OPERATION_NAME}. */
export const GenAiOperations = Object.freeze({
  CHAT: 'chat',
  TEXT_COMPLETION: 'text_completion',
  GENERATE_CONTENT: 'generate_content',
  EXECUTE_TOOL: 'execute_tool',
  INVOKE_AGENT: 'invoke_agent',
});

/** Clearstone's own span attributes. */
export const ClearstoneAttributes = Object.freeze({
  /** Cost of a model call in US dollars. */
  COST_USD: 'clearstone.cost.usd',
  /** Total tokens of a model call, when recorded apart from input and output. */
  USAGE_TOTAL_TOKENS: 'clearstone.usage.total_tokens',
  /** Action of the policy decision taken on the span. */
  POLICY_ACTION: 'clearstone.policy.action',
  /** Name of the policy that decided. */
  POLICY_NAME: 'clearstone.policy.name',
  /** Reason given by the deciding policy. */
  POLICY_REASON: 'clearstone.policy.reason',
  /** User the run acted for (on the root span). */
  USER_ID: 'clearstone.user.id',
  /** Role of that user (on the root span), e.g. `guest`, `admin`. */
  USER_ROLE: 'clearstone.user.role',
  /** Agent that ran (on the root span). */
  AGENT_ID: 'clearstone.agent.id',
  /** Session the run belongs to (on the root span). */
  SESSION_ID: 'clearstone.session.id',
});

/** Attribute names of the Python SDK, read as fallbacks. */
export const LegacyAttributes = Object.freeze({
  /** Tool name. */
  TOOL_NAME: 'tool.name',
  /** Cost of a model call in US dollars. */
  LLM_COST: 'llm.cost',
  /** Cost of a model call in US dollars (the Python documentation's spelling). */
  LLM_COST_USD: 'llm.cost_usd',
});

/** Operation names that mark a span as a model call. */
export const LLM_OPERATIONS: ReadonlySet<string> = new Set([GenAiOperations.CHAT, GenAiOperations.TEXT_COMPLETION, GenAiOperations.GENERATE_CONTENT]);
