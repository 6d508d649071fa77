import { BLOCK, ClearstoneEvents, type Decision, type PolicyContext } from '@clearstone/core';
import { awaitApproval } from '../decisions/await-approval';
import { pauseError } from '../decisions/policy-errors';
import type { GovernedEvent } from '../decisions/types';
import type { ResolvedMiddlewareOptions } from './options';

/** The value the middleware passes to LangGraph's `interrupt()` for a PAUSE. */
export interface PolicyApprovalRequest {
  /** Tells this interrupt apart from others. */
  type: typeof ClearstoneEvents.POLICY_APPROVAL_REQUEST;
  /** Id of the intervention, from the PAUSE decision. */
  interventionId: string;
  /** The PAUSE decision's reason. */
  reason: string;
  /** What is paused: `tool_call` or `model_call`. */
  eventType: string;
  /** The policy that paused, when the decision names it. */
  policyName?: string;
  /** Name of the tool, for tool calls. */
  toolName?: string;
  /** Arguments of the tool, for tool calls. */
  toolInput?: unknown;
  /** Id of the model's tool call, for tool calls. */
  toolCallId?: string;
  /** Name of the model, for model calls. */
  model?: string;
}

/**
 * What to resume a paused agent with: `agent.invoke(new Command({ resume }), config)` where
 * `resume` is `true`/`false` or `{ approved, reason? }`.
 */
export type PolicyApprovalResponse = boolean | { approved: boolean; reason?: string };

/** Minimal view of the langchain middleware runtime used for PAUSE. */
export interface PauseRuntime {
  configurable?: Record<string, unknown>;
  interrupt?: (value: unknown) => unknown;
  signal?: AbortSignal;
}

function approvalRequest(decision: Decision, event: GovernedEvent): PolicyApprovalRequest {
  const request: PolicyApprovalRequest = {
    type: ClearstoneEvents.POLICY_APPROVAL_REQUEST,
    interventionId: String(decision.metadata.interventionId),
    reason: decision.reason ?? 'paused',
    eventType: event.eventType,
  };
  if (typeof decision.metadata.policyName === 'string') request.policyName = decision.metadata.policyName;
  if (event.toolName !== undefined) request.toolName = event.toolName;
  if (event.toolInput !== undefined) request.toolInput = event.toolInput;
  if (event.toolCallId !== undefined) request.toolCallId = event.toolCallId;
  if (event.model !== undefined) request.model = event.model;
  return request;
}

function hasCheckpointer(runtime: PauseRuntime): boolean {
  const configurable = runtime.configurable ?? {};
  return (
    typeof runtime.interrupt === 'function' &&
    (Boolean(configurable.__pregel_checkpointer) || configurable.thread_id !== undefined)
  );
}

function isBubbleUp(error: unknown): boolean {
  return Boolean(error && typeof error === 'object' && (error as { is_bubble_up?: boolean }).is_bubble_up);
}

function fromResponse(response: unknown, decision: Decision): Decision | undefined {
  const approved =
    typeof response === 'boolean' ? response : (response as { approved?: unknown } | null)?.approved === true;
  if (approved) return undefined;
  const given = (response as { reason?: unknown } | null)?.reason;
  const why = typeof given === 'string' && given !== '' ? given : 'rejected by reviewer';
  return BLOCK(
    `Intervention ${String(decision.metadata.interventionId)} was not approved (${why}): ${decision.reason}`,
    {
      ...decision.metadata,
      intervention: 'rejected',
    },
  );
}

/**
 * Resolves a PAUSE: waits on `interventions` when configured; else uses LangGraph's
 * `interrupt()` when the agent has a checkpointer (the first pass suspends the run; on resume the
 * answer decides); else throws `PolicyPauseError`.
 *
 * @returns `undefined` when approved, or the BLOCK that replaces the PAUSE.
 */
export async function resolvePause(
  options: ResolvedMiddlewareOptions,
  decision: Decision,
  event: GovernedEvent,
  runtime: PauseRuntime,
  context: PolicyContext,
): Promise<Decision | undefined> {
  if (options.interventions) {
    const outcome = await awaitApproval(options.interventions, decision, {
      timeoutMs: options.approvalTimeoutMs,
      signal: runtime.signal,
      context,
    });
    return outcome.approved ? undefined : outcome.block;
  }
  if (!hasCheckpointer(runtime)) throw pauseError(decision, event);
  let response: unknown;
  try {
    response = runtime.interrupt!(approvalRequest(decision, event));
  } catch (error) {
    if (isBubbleUp(error)) throw error;
    throw pauseError(decision, event, error);
  }
  return fromResponse(response, decision);
}
