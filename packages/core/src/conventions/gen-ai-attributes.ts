// Attribute names of the OpenTelemetry GenAI semantic conventions (status: development). Names
// match `ATTR_GEN_AI_*` of `@opentelemetry/semantic-conventions/incubating`.

/** What the span does: one of {@link GenAiOperations} (`chat`, `execute_tool`, `invoke_agent`, …). Required on GenAI spans. */
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
/** Model provider, one of {@link GenAiProviders} (`openai`, `anthropic`, …). Replaces `gen_ai.system`. */
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
/** Model name requested. */
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
/** Largest number of tokens requested for the response. */
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
/** Sampling temperature requested. */
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
/** Top-p sampling requested. */
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p';
/** Model name reported by the response. */
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
/** Id of the response (completion id). */
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
/** Why the model stopped, one entry per choice (`stop`, `length`, `tool_calls`, …). */
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
/** Tokens of the prompt. */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
/** Tokens of the completion. */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
/** Prompt tokens served from the provider's cache. */
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
/** Prompt tokens written to the provider's cache. */
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';
/** Output tokens spent on reasoning. */
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';
/** Name of the tool a span executes. */
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
/** Id of the model's tool call. */
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
/** Arguments of the tool call, as JSON text. */
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
/** Result of the tool call, as JSON text. */
export const ATTR_GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result';
/** Description of the tool. */
export const ATTR_GEN_AI_TOOL_DESCRIPTION = 'gen_ai.tool.description';
/** Kind of tool: `function`, `extension`, `datastore`. */
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type';
/** Id of the agent. */
export const ATTR_GEN_AI_AGENT_ID = 'gen_ai.agent.id';
/** Name of the agent (on `invoke_agent` spans). */
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
/** Description of the agent. */
export const ATTR_GEN_AI_AGENT_DESCRIPTION = 'gen_ai.agent.description';
/** Id of the conversation (session, thread) the call belongs to. */
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
/** Id of the data source of a retrieval. */
export const ATTR_GEN_AI_DATA_SOURCE_ID = 'gen_ai.data_source.id';
/** Input messages (opt-in content), as JSON text. */
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
/** Output messages (opt-in content), as JSON text. */
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
/** System instructions (opt-in content), as JSON text. */
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';

/**
 * The GenAI attribute names grouped in one object, for code that prefers
 * `GenAiAttributes.TOOL_NAME` to `ATTR_GEN_AI_TOOL_NAME`.
 *
 * @example
 * ```ts
 * import { GenAiAttributes } from '@clearstone/observability';
 * store.querySpans({ attributes: { [GenAiAttributes.TOOL_NAME]: 'search' } });
 * ```
 */
export const GenAiAttributes = Object.freeze({
  OPERATION_NAME: ATTR_GEN_AI_OPERATION_NAME,
  PROVIDER_NAME: ATTR_GEN_AI_PROVIDER_NAME,
  REQUEST_MODEL: ATTR_GEN_AI_REQUEST_MODEL,
  REQUEST_MAX_TOKENS: ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  REQUEST_TEMPERATURE: ATTR_GEN_AI_REQUEST_TEMPERATURE,
  REQUEST_TOP_P: ATTR_GEN_AI_REQUEST_TOP_P,
  RESPONSE_MODEL: ATTR_GEN_AI_RESPONSE_MODEL,
  RESPONSE_ID: ATTR_GEN_AI_RESPONSE_ID,
  RESPONSE_FINISH_REASONS: ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  USAGE_INPUT_TOKENS: ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  USAGE_OUTPUT_TOKENS: ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  USAGE_CACHE_READ_INPUT_TOKENS: ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  USAGE_CACHE_CREATION_INPUT_TOKENS: ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  USAGE_REASONING_OUTPUT_TOKENS: ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  TOOL_NAME: ATTR_GEN_AI_TOOL_NAME,
  TOOL_CALL_ID: ATTR_GEN_AI_TOOL_CALL_ID,
  TOOL_CALL_ARGUMENTS: ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  TOOL_CALL_RESULT: ATTR_GEN_AI_TOOL_CALL_RESULT,
  TOOL_DESCRIPTION: ATTR_GEN_AI_TOOL_DESCRIPTION,
  TOOL_TYPE: ATTR_GEN_AI_TOOL_TYPE,
  AGENT_ID: ATTR_GEN_AI_AGENT_ID,
  AGENT_NAME: ATTR_GEN_AI_AGENT_NAME,
  AGENT_DESCRIPTION: ATTR_GEN_AI_AGENT_DESCRIPTION,
  CONVERSATION_ID: ATTR_GEN_AI_CONVERSATION_ID,
  DATA_SOURCE_ID: ATTR_GEN_AI_DATA_SOURCE_ID,
  INPUT_MESSAGES: ATTR_GEN_AI_INPUT_MESSAGES,
  OUTPUT_MESSAGES: ATTR_GEN_AI_OUTPUT_MESSAGES,
  SYSTEM_INSTRUCTIONS: ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
} as const);
