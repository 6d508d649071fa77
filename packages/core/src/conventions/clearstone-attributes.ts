// Clearstone's own span attribute and event names (`clearstone.*`), and the Python SDK's names.

/** Cost of a model call in US dollars. */
export const ATTR_CLEARSTONE_COST_USD = 'clearstone.cost.usd';
/** Total tokens of a model call, when recorded apart from input and output. */
export const ATTR_CLEARSTONE_USAGE_TOTAL_TOKENS = 'clearstone.usage.total_tokens';
/** Action of the policy decision taken on the span (`allow`, `block`, `pause`, `alert`, `redact`, `skip`). */
export const ATTR_CLEARSTONE_POLICY_ACTION = 'clearstone.policy.action';
/** Name of the policy that decided. */
export const ATTR_CLEARSTONE_POLICY_NAME = 'clearstone.policy.name';
/** Reason given by the deciding policy. */
export const ATTR_CLEARSTONE_POLICY_REASON = 'clearstone.policy.reason';
/** User the agent acted for (root spans). */
export const ATTR_CLEARSTONE_USER_ID = 'clearstone.user.id';
/** Agent that ran (root spans). */
export const ATTR_CLEARSTONE_AGENT_ID = 'clearstone.agent.id';
/** Session the run belongs to (root spans). */
export const ATTR_CLEARSTONE_SESSION_ID = 'clearstone.session.id';

/**
 * Clearstone's attribute names grouped in one object.
 *
 * @example
 * ```ts
 * span.setAttributes({ [ClearstoneAttributes.POLICY_ACTION]: 'block', [ClearstoneAttributes.POLICY_NAME]: 'no_delete' });
 * ```
 */
export const ClearstoneAttributes = Object.freeze({
  COST_USD: ATTR_CLEARSTONE_COST_USD,
  /** Part of `clearstone.cost.usd` paid for uncached input tokens, in US dollars. */
  COST_INPUT_USD: 'clearstone.cost.input_usd',
  /** Part of `clearstone.cost.usd` paid for input tokens read from the provider's cache. */
  COST_CACHE_READ_USD: 'clearstone.cost.cache_read_usd',
  /** Part of `clearstone.cost.usd` paid for input tokens written to the provider's cache. */
  COST_CACHE_WRITE_USD: 'clearstone.cost.cache_write_usd',
  /** Part of `clearstone.cost.usd` paid for output tokens other than reasoning ones. */
  COST_OUTPUT_USD: 'clearstone.cost.output_usd',
  /** Part of `clearstone.cost.usd` paid for reasoning (output) tokens. */
  COST_REASONING_USD: 'clearstone.cost.reasoning_usd',
  /**
   * `true` on a model call that reported token usage but whose model has no known price: its cost
   * is unknown (no `clearstone.cost.usd`), never a silent 0.
   */
  COST_UNKNOWN: 'clearstone.cost.unknown',
  USAGE_TOTAL_TOKENS: ATTR_CLEARSTONE_USAGE_TOTAL_TOKENS,
  /** Of the cache-write input tokens, those written with a one-hour lifetime (Anthropic). */
  USAGE_CACHE_CREATION_1H_INPUT_TOKENS: 'clearstone.usage.cache_creation_1h.input_tokens',
  POLICY_ACTION: ATTR_CLEARSTONE_POLICY_ACTION,
  POLICY_NAME: ATTR_CLEARSTONE_POLICY_NAME,
  POLICY_REASON: ATTR_CLEARSTONE_POLICY_REASON,
  /** What was decided on: `tool_call`, `model_call`, `retriever_call`. */
  POLICY_EVENT_TYPE: 'clearstone.policy.event_type',
  /** Tool name the decision was about. */
  POLICY_TOOL_NAME: 'clearstone.policy.tool_name',
  /** Tool call id the decision was about. */
  POLICY_TOOL_CALL_ID: 'clearstone.policy.tool_call_id',
  /** Intervention id of a PAUSE. */
  POLICY_INTERVENTION_ID: 'clearstone.policy.intervention_id',
  /** Every ALERT reason of the decision, joined by newlines. */
  POLICY_ALERTS: 'clearstone.policy.alerts',
  /**
   * The policy context the engine decided on, as JSON text (`{ userId, agentId, sessionId, metadata }`,
   * after the tracing handler's content redaction). Backtests rebuild each call's context from it.
   */
  POLICY_CONTEXT: 'clearstone.policy.context',
  /**
   * What became of a governed call: `executed` (it ran), `blocked` (a policy blocked it),
   * `rejected` (a human rejected it), `timed_out` (the approval timed out) or `paused` (the run was
   * suspended waiting for approval). Values in {@link GovernedOutcomes}.
   */
  GOVERNED_OUTCOME: 'clearstone.governed.outcome',
  /** `input` or `output` when content redaction failed and that content was left out of the span. */
  CONTENT_REDACTION_FAILED: 'clearstone.content.redaction_failed',
  USER_ID: ATTR_CLEARSTONE_USER_ID,
  /** Role of the user (root spans), e.g. `guest`, `admin`. */
  USER_ROLE: 'clearstone.user.role',
  AGENT_ID: ATTR_CLEARSTONE_AGENT_ID,
  SESSION_ID: ATTR_CLEARSTONE_SESSION_ID,
  /** LangChain run id of the span. */
  RUN_ID: 'clearstone.langchain.run_id',
  /** LangChain run type: `chain`, `llm`, `tool`, `retriever`. */
  RUN_TYPE: 'clearstone.langchain.run_type',
  /** Number of attribute values shortened to the span's attribute value length limit. */
  TRUNCATED_ATTRIBUTES: 'clearstone.truncated_attributes',
  /** Number of attributes dropped past the span's attribute count limit. */
  DROPPED_ATTRIBUTES: 'clearstone.dropped_attributes',
} as const);

/** Values of {@link ClearstoneAttributes.GOVERNED_OUTCOME}. */
export const GovernedOutcomes = Object.freeze({
  /** The call ran. */
  EXECUTED: 'executed',
  /** A policy blocked the call; it did not run. */
  BLOCKED: 'blocked',
  /** A human rejected the paused call; it did not run. */
  REJECTED: 'rejected',
  /** Nobody approved the paused call in time; it did not run. */
  TIMED_OUT: 'timed_out',
  /** The run was suspended waiting for a human's approval; the call has not run. */
  PAUSED: 'paused',
} as const);

/** A value of {@link GovernedOutcomes}. */
export type GovernedOutcome = (typeof GovernedOutcomes)[keyof typeof GovernedOutcomes];

/** Span event names written by Clearstone, and the other names it gives to what it records. */
export const ClearstoneEvents = Object.freeze({
  /** One policy decision; its attributes are the `clearstone.policy.*` keys. */
  POLICY_DECISION: 'clearstone.policy.decision',
  /** Name prefix of the short decision spans the LangChain middleware records when given a `tracer`. */
  POLICY_SPAN_PREFIX: 'clearstone.policy',
  /** `type` of the value a paused agent passes to LangGraph's `interrupt()` to ask for approval. */
  POLICY_APPROVAL_REQUEST: 'clearstone.policy.approval',
} as const);

/** Attribute names of the Python SDK, accepted when reading older traces. */
export const LegacyAttributes = Object.freeze({
  /** Tool name. */
  TOOL_NAME: 'tool.name',
  /** Cost of a model call in US dollars. */
  LLM_COST: 'llm.cost',
  /** Cost of a model call in US dollars (the Python documentation's spelling). */
  LLM_COST_USD: 'llm.cost_usd',
} as const);
