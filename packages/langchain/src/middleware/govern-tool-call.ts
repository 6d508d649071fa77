import { ActionType, getRedactionSpec, type Decision } from '@clearstone/core';
import { ToolMessage } from '@langchain/core/messages';
import { violationError } from '../decisions/policy-errors';
import type { GovernedEvent } from '../decisions/types';
import { redactToolMessage } from '../redaction/redact-messages';
import { blockedToolMessage } from './blocked-results';
import type { ResolvedMiddlewareOptions } from './options';
import { decideCall, pauseOutcome } from './decide-call';
import type { PauseRuntime } from './resolve-pause';
import { readRunTotals, totalsForToolCall } from './run-totals';
import { resolveRedactor } from '../redaction/default-redactor';

/** The parts of langchain's tool-call request the middleware uses. */
export interface GovernedToolRequest {
  toolCall: { id?: string; name: string; args: Record<string, unknown> };
  state: unknown;
  runtime: PauseRuntime;
}

type ToolHandler<R> = (request: R) => Promise<unknown>;

/** `wrapToolCall`: decide, then run, block, pause or redact the tool call. */
export async function governToolCall<R extends GovernedToolRequest>(
  options: ResolvedMiddlewareOptions,
  request: R,
  handler: ToolHandler<R>,
): Promise<unknown> {
  const { toolCall } = request;
  const event: GovernedEvent = {
    eventType: 'tool_call',
    toolName: toolCall.name,
    toolInput: toolCall.args,
    toolCallId: toolCall.id,
    ...totalsForToolCall(readRunTotals(request.state), toolCall.id),
  };
  const decided = await decideCall(options, event);
  const { decision, error } = decided;
  switch (decision.action) {
    case ActionType.BLOCK:
      return block(options, decision, event, toolCall.id, error);
    case ActionType.PAUSE: {
      const rejection = await pauseOutcome(options, decided, event, request.runtime);
      if (rejection) return block(options, rejection, event, toolCall.id);
      return handler(request);
    }
    case ActionType.REDACT:
      return runRedacted(options, decision, request, handler);
    default:
      return handler(request);
  }
}

function block(
  options: ResolvedMiddlewareOptions,
  decision: Decision,
  event: GovernedEvent,
  toolCallId: string | undefined,
  cause?: unknown,
): ToolMessage {
  if (options.onBlock === 'tool-message') return blockedToolMessage(decision, event, toolCallId);
  throw violationError(decision, event, cause);
}

async function runRedacted<R extends GovernedToolRequest>(
  options: ResolvedMiddlewareOptions,
  decision: Decision,
  request: R,
  handler: ToolHandler<R>,
): Promise<unknown> {
  const spec = getRedactionSpec(decision);
  const redact = await resolveRedactor(options.redact);
  const args = redact(request.toolCall.args, spec) as Record<string, unknown>;
  const result = await handler({ ...request, toolCall: { ...request.toolCall, args } });
  return ToolMessage.isInstance(result) ? redactToolMessage(result, spec, redact) : result;
}
