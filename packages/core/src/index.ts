/**
 * @clearstone/core — shared types and primitives of the Clearstone SDK.
 *
 * @example
 * ```ts
 * import { BLOCK, ALLOW, createContext, contextScope } from '@clearstone/core';
 * ```
 * @packageDocumentation
 */

// Actions and decisions
export { ActionType, ALERT, ALLOW, BLOCK, PAUSE, REDACT, SKIP, getRedactionSpec, isDecision } from './actions';
export type { Decision, RedactionSpec } from './actions';

// Policy context and ambient scope
export { contextScope, createContext, getCurrentContext, withMetadata } from './context';
export type { CreateContextInit, PolicyContext } from './context';

// Errors
export {
  ClearstoneError,
  InvalidArgumentError,
  PolicyPauseError,
  PolicyViolationError,
  SerializationError,
} from './errors';
export type { ClearstoneErrorOptions, SerializationErrorCode } from './errors';

// Span and trace model
export {
  SpanKind,
  SpanStatusCode,
  activeSpanLocation,
  generateSpanId,
  generateTraceId,
  isValidSpanId,
  isValidTraceId,
  nowNs,
  setActiveSpanLocator,
  toEpochNs,
} from './trace';
export type {
  ActiveSpanLocator,
  AttributeValue,
  Attributes,
  SpanEvent,
  SpanLink,
  SpanLocation,
  SpanRecord,
  Trace,
  TraceSummary,
} from './trace';

// One vocabulary: attribute names, context keys and the facts of a recorded span
export {
  ATTR_CLEARSTONE_AGENT_ID,
  ATTR_CLEARSTONE_COST_USD,
  ATTR_CLEARSTONE_POLICY_ACTION,
  ATTR_CLEARSTONE_POLICY_NAME,
  ATTR_CLEARSTONE_POLICY_REASON,
  ATTR_CLEARSTONE_SESSION_ID,
  ATTR_CLEARSTONE_USAGE_TOTAL_TOKENS,
  ATTR_CLEARSTONE_USER_ID,
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ClearstoneAttributes,
  ClearstoneEvents,
  ContextKeys,
  GenAiAttributes,
  GenAiOperations,
  GenAiProviders,
  GovernedOutcomes,
  LLM_OPERATIONS,
  LegacyAttributes,
  costOf,
  finalDecisionOf,
  governedOutcomeOf,
  isLlmSpan,
  isToolSpan,
  modelOf,
  numberAttributeOf,
  policyContextOf,
  policyDecisionsOf,
  requestedModelOf,
  spanCategory,
  spanCostsOf,
  spanUsagesOf,
  stringAttributeOf,
  toolCallIdOf,
  toolNameOf,
  traceCostOf,
  traceUsageOf,
  usageOf,
  wasPrevented,
} from './conventions';
export type {
  ContextKey,
  GovernedOutcome,
  RecordedDecision,
  RecordedPolicyContext,
  SpanCategory,
  SpanCost,
  SpanUsage,
  SpansLike,
  TokenUsage,
} from './conventions';

// Cost engine: prices, the built-in price table, pricing usage, recorded costs
export {
  DEFAULT_PRICES,
  DEFAULT_PRICES_AS_OF,
  LOCAL_PROVIDERS,
  UNNAMED_MODEL,
  ZERO_COST,
  addCosts,
  addUsage,
  callCostAttributes,
  costAttributes,
  costBreakdownOf,
  findPrice,
  isCostUnknown,
  isLocalProvider,
  priceCall,
  priceUsage,
  traceCostBreakdownOf,
  unknownCostModelsOf,
  usageAttributes,
  validatePrices,
} from './cost';
export type {
  CallCost,
  CostBreakdown,
  FindPriceOptions,
  LongContextPrice,
  ModelPrice,
  PriceCallInput,
  PriceTable,
} from './cost';

// Hybrid serializer
export {
  DEFAULT_SNAPSHOT_MAX_BYTES,
  captureSnapshot,
  snapshotText,
  describeType,
  deserialize,
  registerSerializableClass,
  registeredClassNames,
  serialize,
  unregisterSerializableClass,
} from './serialization';
export type {
  DeserializeOptions,
  SerializableClass,
  SerializedEnvelope,
  Snapshot,
  SnapshotText,
} from './serialization';

// Version
export { SDK_VERSION } from './version';

// Telemetry
export {
  TelemetryClient,
  TelemetryError,
  defaultTelemetryClient,
  flushTelemetry,
  getTelemetryStatus,
  recordComponentInitialized,
  setTelemetryEnabled,
  telemetryConfigDir,
  telemetryConfigPath,
  telemetryNotice,
} from './telemetry';
export type {
  TelemetryBatch,
  TelemetryClientOptions,
  TelemetryDisabledBy,
  TelemetryEnvironment,
  TelemetryErrorCode,
  TelemetryEvent,
  TelemetryLocation,
  TelemetryStatus,
} from './telemetry';
