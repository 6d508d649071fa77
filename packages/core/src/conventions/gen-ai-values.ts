/**
 * Values of `gen_ai.operation.name`. `CHAIN` is Clearstone's spelling for LangChain chain runs
 * (the conventions have no chain operation); everything else is the conventions' own value.
 *
 * @example
 * ```ts
 * span.setAttribute(ATTR_GEN_AI_OPERATION_NAME, GenAiOperations.EXECUTE_TOOL);
 * ```
 */
export const GenAiOperations = Object.freeze({
  CHAT: 'chat',
  TEXT_COMPLETION: 'text_completion',
  GENERATE_CONTENT: 'generate_content',
  EMBEDDINGS: 'embeddings',
  RETRIEVAL: 'retrieval',
  EXECUTE_TOOL: 'execute_tool',
  CREATE_AGENT: 'create_agent',
  INVOKE_AGENT: 'invoke_agent',
  INVOKE_WORKFLOW: 'invoke_workflow',
  CHAIN: 'chain',
} as const);

/** Well-known values of `gen_ai.provider.name`. */
export const GenAiProviders = Object.freeze({
  OPENAI: 'openai',
  ANTHROPIC: 'anthropic',
  AWS_BEDROCK: 'aws.bedrock',
  AZURE_AI_INFERENCE: 'azure.ai.inference',
  AZURE_AI_OPENAI: 'azure.ai.openai',
  COHERE: 'cohere',
  DEEPSEEK: 'deepseek',
  GCP_GEMINI: 'gcp.gemini',
  GCP_GEN_AI: 'gcp.gen_ai',
  GCP_VERTEX_AI: 'gcp.vertex_ai',
  GROQ: 'groq',
  IBM_WATSONX_AI: 'ibm.watsonx.ai',
  MISTRAL_AI: 'mistral_ai',
  PERPLEXITY: 'perplexity',
  X_AI: 'x_ai',
} as const);

/** Operation names that mark a span as a model call (chat, text completion, generate content). */
export const LLM_OPERATIONS: ReadonlySet<string> = new Set([
  GenAiOperations.CHAT,
  GenAiOperations.TEXT_COMPLETION,
  GenAiOperations.GENERATE_CONTENT,
]);
