import {
  ContextKeys,
  findPrice,
  priceCall,
  priceUsage,
  type CallCost,
  type PolicyContext,
  type PriceTable,
} from '@clearstone/core';
import type { BudgetLedger } from '@clearstone/policy/builtins';
import type { ContextFacts } from '../decisions/evaluate-event';
import { modelIdOf } from '../events/model-identity';
import { responseModelOf, responseProviderOf, usageOfMessage } from '../events/token-usage';

function warn(what: string, error: unknown): void {
  process.emitWarning(
    `Clearstone could not ${what} the spend ledger: ${error instanceof Error ? error.message : String(error)}`,
    'ClearstoneWarning',
  );
}

/**
 * The ledger's figures for the context's user (today, UTC) and session, merged into every
 * decision's context: `dailyCost`, `dailyTokens`, `sessionTotalCost`, `sessionTotalTokens`. A
 * ledger that cannot be read gives a warning and no figures (a budget then reads its own ledger,
 * or fails closed).
 */
export function spendFacts(ledger: BudgetLedger | undefined): ContextFacts | undefined {
  if (ledger === undefined) return undefined;
  return async (base: PolicyContext) => {
    try {
      // A ledger over a networked store answers promises: read both at once.
      const [day, session] = await Promise.all([
        ledger.userDay(base.userId, Date.now()),
        ledger.session(base.sessionId),
      ]);
      return {
        [ContextKeys.DAILY_COST]: day.usd,
        [ContextKeys.DAILY_TOKENS]: day.tokens,
        [ContextKeys.SESSION_TOTAL_COST]: session.usd,
        [ContextKeys.SESSION_TOTAL_TOKENS]: session.tokens,
      };
    } catch (error) {
      warn('read', error);
      return {};
    }
  };
}

/** The provider a chat model object reports to LangSmith (`ls_provider`), when it does. */
export function providerOfModel(model: unknown): string | undefined {
  const getLsParams = (model as { getLsParams?: (options: object) => { ls_provider?: unknown } } | null)?.getLsParams;
  if (typeof getLsParams !== 'function') return undefined;
  try {
    const provider = getLsParams.call(model, {}).ls_provider;
    return typeof provider === 'string' && provider !== '' ? provider : undefined;
  } catch {
    return undefined;
  }
}

/** Characters per token of the rough prompt-size estimate. */
const CHARACTERS_PER_TOKEN = 4;

/**
 * `operationCost` of a model call about to be made: its prompt's estimated input tokens (the sent
 * messages as JSON text, ≈ 4 characters per token — a rough estimate, tokenizers differ) at the
 * requested model's uncached input price. The answer is not known before the call, so output is
 * not included: this is a floor of what the call will cost. Undefined when the model has no price.
 */
export function estimateOperationCost(model: unknown, messages: unknown, prices: PriceTable): number | undefined {
  const price = findPrice(modelIdOf(model), prices, { provider: providerOfModel(model) });
  if (price === undefined) return undefined;
  const inputTokens = Math.ceil((JSON.stringify(messages ?? []) ?? '').length / CHARACTERS_PER_TOKEN);
  return priceUsage({ inputTokens, outputTokens: 0, totalTokens: inputTokens }, price).totalUsd;
}

/**
 * Prices a model response: the model it names (else the one requested, never a class name) at the
 * user's prices, else `DEFAULT_PRICES`. Undefined when the response reports no usage.
 */
export function priceResponse(
  response: unknown,
  prices: PriceTable,
  requestedModel: string | undefined,
  requestedProvider?: string,
): CallCost | undefined {
  const usage = usageOfMessage(response);
  if (usage === undefined) return undefined;
  return priceCall({
    model: responseModelOf(response) ?? requestedModel,
    provider: responseProviderOf(response) ?? requestedProvider,
    usage,
    prices,
  });
}

/**
 * Records a priced model call in the ledger for the context's user, session and agent (awaiting a
 * ledger over a networked store, so the next decision sees it); a failure is a warning.
 */
export async function recordSpend(
  ledger: BudgetLedger | undefined,
  context: PolicyContext,
  call: CallCost | undefined,
): Promise<void> {
  if (ledger === undefined || call === undefined) return;
  try {
    await ledger.record({
      userId: context.userId,
      sessionId: context.sessionId,
      agentId: context.agentId,
      ...(call.model === undefined ? {} : { model: call.model }),
      ...(call.cost === undefined ? {} : { usd: call.cost.totalUsd }),
      tokens: call.usage.totalTokens,
      at: Date.now(),
    });
  } catch (error) {
    warn('write to', error);
  }
}
