import { ALLOW, BLOCK, type Decision, type PolicyContext } from '@clearstone/core';
import { definePolicy } from '../../policy/define-policy';
import type { PolicyFn, RegisteredPolicy } from '../../policy/types';

function cannotDecide(name: string, error: unknown): Decision {
  const message = error instanceof Error ? error.message : String(error);
  return BLOCK(`Policy '${name}' cannot decide: ${message}`, { policyError: message });
}

/**
 * Defines a prebuilt policy (never registered). Anything the body throws or rejects with, such as
 * metadata of the wrong type, becomes a fail-closed BLOCK naming the policy, so the policy also
 * fails closed when called directly rather than through the engine.
 */
export function defineBuiltinPolicy(
  info: { name: string; priority: number; description: string; async?: boolean },
  fn: PolicyFn,
): RegisteredPolicy {
  return definePolicy(info, (ctx: PolicyContext) => {
    try {
      const result = fn(ctx);
      if (result === ALLOW) return result; // the common answer, without a prototype walk
      return result instanceof Promise ? result.catch((error: unknown) => cannotDecide(info.name, error)) : result;
    } catch (error) {
      return cannotDecide(info.name, error);
    }
  });
}

/**
 * Formats an amount of money as the original does (`$12.50`); amounts under a cent keep two
 * significant digits (`$0.0012`) so per-call LLM costs stay readable.
 */
export function formatMoney(amount: number): string {
  if (amount !== 0 && Math.abs(amount) < 0.01) return `$${Number(amount.toPrecision(2)).toString()}`;
  return `$${amount.toFixed(2)}`;
}

/**
 * `amount` and `limit` for a "`amount` > `limit`" message, with as many more digits as it takes
 * for the two to read differently (`$0.00152 > $0.0015`, not `$0.0015 > $0.0015`).
 */
export function formatMoneyOver(amount: number, limit: number): [string, string] {
  let shown: [string, string] = [formatMoney(amount), formatMoney(limit)];
  for (let digits = 3; shown[0] === shown[1] && amount !== limit && digits <= 12; digits++) {
    shown = [`$${Number(amount.toPrecision(digits)).toString()}`, `$${Number(limit.toPrecision(digits)).toString()}`];
  }
  return shown;
}
