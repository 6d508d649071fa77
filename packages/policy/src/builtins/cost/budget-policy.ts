import {
  ALLOW,
  BLOCK,
  ContextKeys,
  InvalidArgumentError,
  PAUSE,
  type Decision,
  type PolicyContext,
} from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy, formatMoneyOver } from '../internal/builtin-policy';
import { readNumber, readString } from '../internal/metadata-readers';
import { checkNumber, checkOptionsObject, checkString } from '../internal/option-checks';
import { then } from '../../governance/awaitable';
import type { Awaitable, GovernanceStore } from '../../governance/types';
import { utcDay, type BudgetLedger, type SpendTotals } from './budget-ledger';

/** What a budget is counted over. */
export type BudgetPeriod = 'run' | 'session' | 'user-day';

/** Options of {@link budgetPolicy}. */
export interface BudgetPolicyOptions {
  /** Dollars the period may spend; at or over it, model calls are stopped. */
  usd?: number;
  /** Tokens (input + output) the period may use; at or over it, model calls are stopped. */
  tokens?: number;
  /**
   * `'run'`: one agent `invoke` (the run's `sessionCost` / `tokensUsed`); `'session'`: every run
   * of the context's session; `'user-day'`: everything the context's user spent on the UTC day.
   */
  per: BudgetPeriod;
  /** `'block'` (default) stops the call; `'pause'` asks a person to approve it (a PAUSE decision). */
  onExceed?: 'block' | 'pause';
  /**
   * Where session and daily spend is read when the context does not carry it (`SpendLedger` of
   * `@clearstone/policy/ledger`). `clearstoneMiddleware({ ledger })` puts the ledger's figures in
   * the context of every decision (`dailyCost`, `dailyTokens`, `sessionTotalCost`,
   * `sessionTotalTokens`), which this policy reads first — so a backtest decides on what was
   * recorded, not on today's ledger.
   */
  ledger?: BudgetLedger;
  /**
   * A governance store to read session and daily spend from instead of a ledger (the same figures:
   * a `SpendLedger` over the store records them). Over a networked store the policy is async.
   */
  store?: GovernanceStore;
  /** Policy name (default `budget_run`, `budget_session` or `budget_user_day`). */
  name?: string;
}

interface Spent {
  usd?: number;
  tokens?: number;
  where: string;
}

const PERIODS: readonly BudgetPeriod[] = ['run', 'session', 'user-day'];

function invalidOption(policy: string, option: string, expected: string): InvalidArgumentError {
  return new InvalidArgumentError({
    message: `Policy '${policy}': option '${option}' must be ${expected}.`,
    argument: option,
  });
}

/** Where a budget reads recorded spend: a ledger's or a store's figures. */
interface SpendSource {
  userDay(userId: string, at: Date): Awaitable<SpendTotals>;
  session(sessionId: string): Awaitable<SpendTotals>;
}

function spendSource(ledger: BudgetLedger | undefined, store: GovernanceStore | undefined): SpendSource | undefined {
  if (ledger !== undefined)
    return { userDay: (user, at) => ledger.userDay(user, at), session: (id) => ledger.session(id) };
  if (store !== undefined)
    return { userDay: (user, at) => store.userDaySpend(user, utcDay(at)), session: (id) => store.sessionSpend(id) };
  return undefined;
}

function spentFromContext(
  ctx: PolicyContext,
  per: BudgetPeriod,
  source: SpendSource | undefined,
): Awaitable<Spent | undefined> {
  if (per === 'run') {
    return {
      usd: readNumber(ctx, ContextKeys.SESSION_COST),
      tokens: readNumber(ctx, ContextKeys.TOKENS_USED),
      where: 'in this run',
    };
  }
  const [costKey, tokensKey] =
    per === 'user-day'
      ? [ContextKeys.DAILY_COST, ContextKeys.DAILY_TOKENS]
      : [ContextKeys.SESSION_TOTAL_COST, ContextKeys.SESSION_TOTAL_TOKENS];
  const where =
    per === 'user-day'
      ? `today (UTC ${utcDay(ctx.timestamp)}) by user '${ctx.userId}'`
      : `in session '${ctx.sessionId}'`;
  const usd = readNumber(ctx, costKey);
  const tokens = readNumber(ctx, tokensKey);
  if (usd !== undefined || tokens !== undefined) return { usd, tokens, where };
  if (source === undefined) return undefined;
  const totals = per === 'user-day' ? source.userDay(ctx.userId, ctx.timestamp) : source.session(ctx.sessionId);
  return then(totals, (read) => ({ usd: read.usd, tokens: read.tokens, where }));
}

/**
 * A spending budget in dollars and/or tokens, per run, per session or per user per UTC day. Once
 * what the period spent reaches the budget, model calls are stopped: BLOCKed (`onExceed:
 * 'block'`, default) or PAUSEd for a person's approval through the interventions
 * (`onExceed: 'pause'`). Tool calls are not stopped (they cost no tokens); decisions without an
 * `eventType` are treated as model calls.
 *
 * Spend is read from the context first — the run's `sessionCost` / `tokensUsed` for `'run'`;
 * `dailyCost` / `dailyTokens` or `sessionTotalCost` / `sessionTotalTokens`, which
 * `clearstoneMiddleware({ ledger })` fills from its ledger — then from `ledger`. Calls whose cost
 * is unknown (a model without a price) count in tokens, not in dollars. Without either, a
 * session or daily budget cannot decide and fails closed (BLOCK naming the policy).
 *
 * @example
 * ```ts
 * import { SpendLedger } from '@clearstone/policy/ledger';
 * const ledger = new SpendLedger('spend.db');
 * const engine = new PolicyEngine({ policies: [budgetPolicy({ usd: 5, per: 'user-day', ledger })] });
 * const agent = createAgent({ model, tools, middleware: [clearstoneMiddleware({ engine, ledger })] });
 * ```
 */
export function budgetPolicy(options: BudgetPolicyOptions): RegisteredPolicy {
  const checked = checkOptionsObject('budget', options);
  const per = checked.per as BudgetPeriod;
  if (!PERIODS.includes(per)) throw invalidOption('budget', 'per', `one of ${PERIODS.map((p) => `'${p}'`).join(', ')}`);
  const name = checkString('budget', 'name', checked.name) ?? `budget_${per.replace('-', '_')}`;
  const usd = checkNumber(name, 'usd', checked.usd, { min: 0 });
  const tokens = checkNumber(name, 'tokens', checked.tokens, { min: 0 });
  if (usd === undefined && tokens === undefined) throw invalidOption(name, 'usd', 'given (or tokens)');
  const onExceed = checked.onExceed ?? 'block';
  if (onExceed !== 'block' && onExceed !== 'pause') throw invalidOption(name, 'onExceed', "'block' or 'pause'");
  const ledger = checked.ledger as BudgetLedger | undefined;
  if (ledger !== undefined && (typeof ledger?.userDay !== 'function' || typeof ledger?.session !== 'function'))
    throw invalidOption(name, 'ledger', 'a SpendLedger (an object with userDay and session)');
  const store = checked.store as GovernanceStore | undefined;
  if (store !== undefined && (typeof store?.userDaySpend !== 'function' || typeof store?.sessionSpend !== 'function'))
    throw invalidOption(name, 'store', 'a GovernanceStore');
  const source = spendSource(ledger, store);
  const storeOf = (ledger as { store?: GovernanceStore } | undefined)?.store ?? store;
  return defineBuiltinPolicy(
    {
      name,
      priority: 100,
      description: `Stops model calls once the ${per} budget${usd === undefined ? '' : ` of $${usd}`}${tokens === undefined ? '' : ` of ${tokens} tokens`} is spent.`,
      ...(storeOf?.synchronous === false && per !== 'run' ? { async: true } : {}),
    },
    (ctx): Awaitable<Decision> => {
      const eventType = readString(ctx, ContextKeys.EVENT_TYPE);
      if (eventType !== undefined && eventType !== 'model_call') return ALLOW;
      return then(spentFromContext(ctx, per, source), (spent) => decide(spent));
    },
  );

  function decide(spent: Spent | undefined): Decision {
    if (spent === undefined) {
      throw new Error(
        `no ${per} spend in the context (${per === 'user-day' ? ContextKeys.DAILY_COST : ContextKeys.SESSION_TOTAL_COST}) and no ledger; pass budgetPolicy({ ledger }) or clearstoneMiddleware({ ledger }).`,
      );
    }
    const reasons: string[] = [];
    if (usd !== undefined && (spent.usd ?? 0) >= usd)
      reasons.push(`${formatMoneyOver(spent.usd ?? 0, usd).join(' of ')} spent`);
    if (tokens !== undefined && (spent.tokens ?? 0) >= tokens)
      reasons.push(`${spent.tokens ?? 0} of ${tokens} tokens used`);
    if (reasons.length === 0) return ALLOW;
    const reason = `Budget exceeded: ${reasons.join(' and ')} ${spent.where}`;
    const metadata = {
      budgetPer: per,
      ...(usd === undefined ? {} : { budgetUsd: usd, spentUsd: spent.usd ?? 0 }),
      ...(tokens === undefined ? {} : { budgetTokens: tokens, spentTokens: spent.tokens ?? 0 }),
    };
    return onExceed === 'pause' ? PAUSE(reason, { metadata }) : BLOCK(reason, metadata);
  }
}
