import { ActionType, getRedactionSpec, type Decision } from '@clearstone/core';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
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
import { readRunTotals, totalsForModelCall } from './run-totals';
import { estimateOperationCost, priceResponse, providerOfModel, recordSpend } from './spend';

/** The parts of langchain's model request the middleware uses. */
export interface GovernedModelRequest {
  model: unknown;
  messages: BaseMessage[];
  state: unknown;
  runtime: PauseRuntime;
}

type ModelHandler<R> = (request: R) => Promise<unknown>;

/** Requested model per response (never a class name), so `afterModel` can price a response that names no model. */
export const requestedModels = new WeakMap<object, string>();

/**
 * `wrapModelCall`: decide, then call, block, pause or redact the model call. The context carries
 * `operationCost` (the prompt's estimated cost) and, with a ledger, what the user and session spent
 * so far; the call's cost is recorded in the ledger once it answers.
 */
export async function governModelCall<R extends GovernedModelRequest>(
  options: ResolvedMiddlewareOptions,
  request: R,
  handler: ModelHandler<R>,
): Promise<unknown> {
  const model = modelNameOf(request.model);
  const requestedModel = modelIdOf(request.model);
  const event: GovernedEvent = {
    eventType: 'model_call',
    model,
    messages: compactMessages(request.messages),
    ...totalsForModelCall(readRunTotals(request.state)),
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
  recordSpend(
    options.ledger,
    context,
    priceResponse(response, options.prices, requestedModel, providerOfModel(request.model)),
  );
  if (requestedModel && response && typeof response === 'object') requestedModels.set(response, requestedModel);
  return response;
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
  return AIMessage.isInstance(response) ? redactMessage(response, spec, redact) : response;
}
