import { randomUUID } from 'node:crypto';
import { ContextKeys, costOf, deserialize, policyContextOf, spanCategory } from '@clearstone/core';
import type { PolicyContext, SpanRecord, Trace } from '@clearstone/core';
import { ClearstoneAttributes, GenAiAttributes } from '../conventions';
import { modelOf, toolNameOf } from '../spans';
import { freezeDeep } from './freeze-deep';
import type { RecordedDailySpend, RunTotals } from './run-totals';

/**
 * Request ids of rebuilt contexts: dashed UUIDs, unique per context. One random UUID per process
 * gives the first four groups, a counter the last (12 hex digits), so that a backtest of many
 * calls does not draw randomness for each.
 */
const requestIds = { prefix: randomUUID().slice(0, 24), next: 0 };

function nextRequestId(): string {
  if (requestIds.next === 0xffff_ffff_ffff) {
    requestIds.prefix = randomUUID().slice(0, 24);
    requestIds.next = 0;
  }
  return requestIds.prefix + (requestIds.next++).toString(16).padStart(12, '0');
}

/** Extra context metadata for every call, or a function computing it per call. */
export type BacktestMetadata =
  Record<string, unknown> | ((trace: Trace, span: SpanRecord) => Record<string, unknown> | undefined);

/** Who ran a recorded trace: the part of the context every call of the run shares. */
export interface RunIdentity {
  userId: string;
  agentId: string;
  sessionId: string;
  userRole?: string;
}

function firstString(trace: Trace, root: SpanRecord | undefined, key: string): string | undefined {
  const fromRoot = root?.attributes[key];
  if (typeof fromRoot === 'string' && fromRoot !== '') return fromRoot;
  for (const span of trace.spans) {
    const value = span.attributes[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/**
 * The identity recorded on a trace: `clearstone.user.id`, `clearstone.agent.id` (else
 * `gen_ai.agent.name`), `clearstone.session.id` (else the trace id) and `clearstone.user.role`,
 * read from the root span first, then from any span.
 */
export function runIdentity(trace: Trace, defaults: { userId: string; agentId: string }): RunIdentity {
  const root = trace.spans.find((span) => span.spanId === trace.rootSpanId);
  const identity: RunIdentity = {
    userId: firstString(trace, root, ClearstoneAttributes.USER_ID) ?? defaults.userId,
    agentId:
      firstString(trace, root, ClearstoneAttributes.AGENT_ID) ??
      firstString(trace, root, GenAiAttributes.AGENT_NAME) ??
      defaults.agentId,
    sessionId: firstString(trace, root, ClearstoneAttributes.SESSION_ID) ?? trace.traceId,
  };
  const userRole = firstString(trace, root, ClearstoneAttributes.USER_ROLE);
  if (userRole !== undefined) identity.userRole = userRole;
  return identity;
}

/** The tool input recorded on a span: its input snapshot, else `gen_ai.tool.call.arguments` JSON. */
export function recordedToolInput(span: SpanRecord): unknown {
  try {
    if (span.input?.captured === true) return deserialize(span.input.data);
    const text = span.attributes[GenAiAttributes.TOOL_CALL_ARGUMENTS];
    return typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The cost facts a live run's middleware puts in a context, computed from the recording where the
 * context lacks them: `operationCost` of a model call (what the call is recorded to have cost) and
 * the user's `dailyCost` / `dailyTokens` (their recorded model calls that UTC day before this one).
 */
function addRecordedCosts(
  metadata: Record<string, unknown>,
  span: SpanRecord,
  userId: string,
  spend: RecordedDailySpend | undefined,
): void {
  if (metadata[ContextKeys.OPERATION_COST] === undefined && spanCategory(span) === 'llm') {
    const cost = costOf(span);
    if (cost !== undefined) metadata[ContextKeys.OPERATION_COST] = cost;
  }
  if (spend === undefined || metadata[ContextKeys.DAILY_COST] !== undefined) return;
  const daily = spend.before(userId, span);
  metadata[ContextKeys.DAILY_COST] = daily.usd;
  if (metadata[ContextKeys.DAILY_TOKENS] === undefined) metadata[ContextKeys.DAILY_TOKENS] = daily.tokens;
}

/**
 * The context the engine decided on for a recorded call, when the integration recorded it
 * (`clearstone.policy.context`): its ids and metadata, with `extra` winning. A recorded context
 * without `operationCost` or `dailyCost` gets them from the recording (with `spend`). Undefined for
 * spans recorded without it (older traces, calls traced without the middleware).
 */
export function recordedCallContext(
  span: SpanRecord,
  extra: Record<string, unknown> | undefined,
  spend?: RecordedDailySpend,
): PolicyContext | undefined {
  const recorded = policyContextOf(span);
  if (recorded === undefined) return undefined;
  const metadata: Record<string, unknown> = { ...recorded.metadata };
  addRecordedCosts(metadata, span, recorded.userId, spend);
  metadata[ContextKeys.TRACE_ID] = span.traceId;
  metadata[ContextKeys.SPAN_ID] = span.spanId;
  if (extra !== undefined) Object.assign(metadata, extra);
  return Object.freeze({
    userId: recorded.userId,
    agentId: recorded.agentId,
    sessionId: recorded.sessionId,
    requestId: nextRequestId(),
    timestamp: Object.freeze(new Date(Number(span.startTimeNs / 1_000_000n))),
    metadata: freezeDeep(metadata),
  });
}

/**
 * The context the engine would have received just before a recorded call. When the integration
 * recorded the context it decided on, that context (see {@link recordedCallContext}); otherwise
 * rebuilt from the trace: the run's identity, the call (`eventType`, `toolName`, `toolInput`,
 * `toolCallId` or `model`), the totals of the calls before it and, from the recording, the model
 * call's `operationCost` and (with `spend`) the user's `dailyCost` / `dailyTokens`, plus `extra`
 * (which wins). The timestamp is the span's start.
 */
export function callContext(
  identity: RunIdentity,
  span: SpanRecord,
  category: 'tool' | 'llm',
  totals: RunTotals,
  extra: Record<string, unknown> | undefined,
  spend?: RecordedDailySpend,
): PolicyContext {
  const recorded = recordedCallContext(span, extra, spend);
  if (recorded !== undefined) return recorded;
  const metadata: Record<string, unknown> = { eventType: category === 'tool' ? 'tool_call' : 'model_call' };
  if (category === 'tool') {
    metadata.toolName = toolNameOf(span) ?? span.name;
    const input = recordedToolInput(span);
    if (input !== undefined) metadata.toolInput = freezeDeep(input);
    const callId = span.attributes[GenAiAttributes.TOOL_CALL_ID];
    if (typeof callId === 'string') metadata.toolCallId = callId;
  } else {
    const model = modelOf(span);
    if (model !== undefined) metadata.model = model;
  }
  metadata.tokensUsed = totals.tokensUsed;
  metadata.inputTokens = totals.inputTokens;
  metadata.outputTokens = totals.outputTokens;
  metadata.sessionCost = totals.sessionCost;
  metadata.llmCallCount = totals.llmCallCount;
  metadata.toolCallCount = totals.toolCallCount;
  addRecordedCosts(metadata, span, identity.userId, spend);
  if (identity.userRole !== undefined) metadata.userRole = identity.userRole;
  metadata.traceId = span.traceId;
  metadata.spanId = span.spanId;
  if (extra !== undefined) Object.assign(metadata, extra);
  // The other metadata values are primitives or, for `extra`, frozen already.
  return Object.freeze({
    userId: identity.userId,
    agentId: identity.agentId,
    sessionId: identity.sessionId,
    requestId: nextRequestId(),
    timestamp: Object.freeze(new Date(Number(span.startTimeNs / 1_000_000n))),
    metadata: Object.freeze(metadata),
  });
}
