import { ActionType, getRedactionSpec, type Decision } from '@clearstone/core';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import { Command } from '@langchain/langgraph';
import { violationError } from '../decisions/policy-errors';
import type { GovernedEvent } from '../decisions/types';
import { compactMessages } from '../events/compact-messages';
import { modelIdOf, modelNameOf } from '../events/model-identity';
import { resolveRedactor } from '../redaction/default-redactor';
import { redactMessage } from '../redaction/redact-messages';
import { blockedModelMessage } from './blocked-results';
import type { ResolvedMiddlewareOptions } from './options';
import { decideCall, pauseOutcome } from './decide-call';
import type { PauseRuntime } from './resolve-pause';
import { RUN_TOTALS_KEY, addModelResponse, readRunTotals, totalsForModelCall } from './run-totals';
import { estimateOperationCost, priceResponse, providerOfModel, recordSpend } from './spend';

/** The parts of langchain's model request the middleware uses. */
export interface GovernedModelRequest {
  model: unknown;
  messages: BaseMessage[];
  state: unknown;
  runtime: PauseRuntime;
}

type ModelHandler<R> = (request: R) => Promise<unknown>;

/**
 * `wrapModelCall`: decide, then call, block, pause or redact the model call. The context carries
 * `operationCost` (the prompt's estimated cost) and, with a ledger, what the user and session spent
 * so far; the call's cost is recorded in the ledger once it answers. The run's totals, with this
 * call added, are written to agent state by the model node itself (a `Command` update next to the
 * response), so governing adds no node to the graph.
 */
export async function governModelCall<R extends GovernedModelRequest>(
  options: ResolvedMiddlewareOptions,
  request: R,
  handler: ModelHandler<R>,
): Promise<unknown> {
  const model = modelNameOf(request.model);
  const requestedModel = modelIdOf(request.model);
  const totals = readRunTotals(request.state);
  const event: GovernedEvent = {
    eventType: 'model_call',
    model,
    messages: compactMessages(request.messages),
    ...totalsForModelCall(totals),
  };
  const operationCost = estimateOperationCost(request.model, event.messages, options.prices);
  if (operationCost !== undefined) event.operationCost = operationCost;
  const decided = await decideCall(options, event);
  const { decision, error, context } = decided;
  let response: unknown;
  switch (decision.action) {
    case ActionType.BLOCK:
      return block(options, decision, event, error);
    case ActionType.PAUSE: {
      const rejection = await pauseOutcome(options, decided, event, request.runtime);
      if (rejection) return block(options, rejection, event);
      response = await handler(request);
      break;
    }
    case ActionType.REDACT:
      response = await callRedacted(options, decision, request, handler);
      break;
    default:
      response = await handler(request);
  }
  if (options.ledger !== undefined)
    await recordSpend(
      options.ledger,
      context,
      priceResponse(response, options.prices, requestedModel, providerOfModel(request.model)),
    );
  if (!AIMessage.isInstance(response)) return response;
  // The node writes the response it was handed (this one, or an inner middleware's); the totals go with it.
  return new Command({
    update: { [RUN_TOTALS_KEY]: addModelResponse(totals, response, options.prices, requestedModel) },
  });
}

function block(
  options: ResolvedMiddlewareOptions,
  decision: Decision,
  event: GovernedEvent,
  cause?: unknown,
): AIMessage {
  if (options.onBlock === 'tool-message') return blockedModelMessage(decision, event);
  throw violationError(decision, event, cause);
}

async function callRedacted<R extends GovernedModelRequest>(
  options: ResolvedMiddlewareOptions,
  decision: Decision,
  request: R,
  handler: ModelHandler<R>,
): Promise<unknown> {
  const spec = getRedactionSpec(decision);
  const redact = await resolveRedactor(options.redact);
  const messages = request.messages.map((message) => redactMessage(message, spec, redact));
  const response = await handler({ ...request, messages });
  if (AIMessage.isInstance(response)) redactInPlace(response, redactMessage(response, spec, redact) as AIMessage);
  return response;
}

/**
 * Gives the model's response the redacted content and tool calls, in place: the agent's node
 * writes the response object it was handed, as it names it in place (field and constructor
 * arguments both, so checkpoints keep the redacted text).
 */
function redactInPlace(response: AIMessage, redacted: AIMessage): void {
  const fields = response.lc_kwargs as Record<string, unknown>;
  response.content = redacted.content;
  fields.content = redacted.content;
  if (response.tool_calls !== undefined) {
    response.tool_calls = redacted.tool_calls;
    fields.tool_calls = redacted.tool_calls;
  }
}
