import { ALLOW, BLOCK, PAUSE, SKIP } from '@clearstone/core';
import { definePolicy } from '@clearstone/policy';

const DESTRUCTIVE_SQL = /^\s*(drop|truncate|alter)\b|^\s*delete\s+from\s+\w+\s*;?\s*$/i;

/** Blocks destructive SQL (DROP, TRUNCATE, ALTER, DELETE without WHERE) sent to the SQL tool. */
export const sqlGuardPolicy = definePolicy(
  { name: 'sql_guard', priority: 110, description: 'No destructive SQL from the agent.' },
  (ctx) => {
    if (ctx.metadata.toolName !== 'run_sql') return SKIP;
    const query = String((ctx.metadata.toolInput as { query?: unknown } | undefined)?.query ?? '');
    return DESTRUCTIVE_SQL.test(query) ? BLOCK(`Destructive SQL is not allowed: "${query}"`, { query }) : ALLOW;
  },
);

/** Holds payments above the threshold (default $1,000) until a human approves them. */
export function largePaymentApprovalPolicy(thresholdUsd = 1000) {
  return definePolicy(
    { name: 'large_payment_approval', priority: 90, description: `Payments over $${thresholdUsd} need a human.` },
    (ctx) => {
      if (ctx.metadata.toolName !== 'execute_payment') return SKIP;
      const amount = Number((ctx.metadata.toolInput as { amountUsd?: unknown } | undefined)?.amountUsd ?? 0);
      return amount > thresholdUsd
        ? PAUSE(
            `Payment of $${amount.toLocaleString('en-US')} exceeds the $${thresholdUsd.toLocaleString('en-US')} approval threshold`,
            { metadata: { amountUsd: amount } },
          )
        : ALLOW;
    },
  );
}
