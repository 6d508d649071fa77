// Composition: build one policy out of small ones with composeAnd / composeOr.
// "admin AND business hours" OR "declared emergency", plus a "safe and cheap" policy made of two built-ins.
// Run: node_modules/.bin/tsx examples/composition.ts
import { ALLOW, ActionType, BLOCK, createContext, type PolicyContext } from '@clearstone/core';
import { PolicyEngine, composeAnd, composeOr, definePolicy } from '@clearstone/policy';
import { businessHoursOnlyPolicy, dailyCostLimitPolicy, tokenLimitPolicy } from '@clearstone/policy/builtins';

// 1. Small, reusable parts.
const isAdmin = definePolicy({ name: 'is_admin' }, (ctx: PolicyContext) =>
  ctx.metadata.userRole === 'admin'
    ? ALLOW
    : BLOCK(`Admin role required (role: ${String(ctx.metadata.userRole ?? 'none')})`),
);
const inBusinessHours = businessHoursOnlyPolicy({ businessHours: [9, 17] }); // reads metadata.currentHour when given
const emergency = definePolicy({ name: 'emergency' }, (ctx: PolicyContext) =>
  ctx.metadata.emergency === true ? ALLOW : BLOCK('No emergency declared'),
);

// 2. Compose: an admin during business hours, or anyone during a declared emergency.
const maintenanceWindow = composeOr(composeAnd(isAdmin, inBusinessHours), emergency);
console.log(`composite: ${maintenanceWindow.policyInfo.name}`);

const engine = new PolicyEngine({ policies: [maintenanceWindow] });
const scenarios: Array<[string, Record<string, unknown>]> = [
  ['admin at 10:00', { userRole: 'admin', currentHour: 10 }],
  ['admin at 22:00', { userRole: 'admin', currentHour: 22 }],
  ['guest at 10:00', { userRole: 'guest', currentHour: 10 }],
  ['guest at 03:00 during an emergency', { userRole: 'guest', currentHour: 3, emergency: true }],
];
for (const [label, metadata] of scenarios) {
  const decision = engine.evaluateSync(createContext({ userId: 'u1', agentId: 'ops-agent', metadata }));
  // composeOr returns the first BLOCK when every branch blocks: here the reason of the admin/hours branch.
  console.log(
    decision.action === ActionType.ALLOW ? `✅ ${label}: allowed` : `❌ ${label}: blocked — ${decision.reason}`,
  );
}

// 3. composeAnd over built-ins: passes only when both the token limit and the daily cost limit pass.
const safeAndCheap = composeAnd(tokenLimitPolicy({ tokenLimit: 5000 }), dailyCostLimitPolicy({ dailyCostLimit: 20 }));
console.log(`composite: ${safeAndCheap.policyInfo.name}`);
const budgetEngine = new PolicyEngine({ policies: [safeAndCheap] });
for (const [label, metadata] of [
  ['small request', { tokensUsed: 1200, dailyCost: 4 }],
  ['huge prompt', { tokensUsed: 9000, dailyCost: 4 }],
  ['over budget', { tokensUsed: 1200, dailyCost: 25 }],
] as const) {
  const decision = budgetEngine.evaluateSync(createContext({ userId: 'u1', agentId: 'ops-agent', metadata }));
  console.log(
    decision.action === ActionType.ALLOW ? `✅ ${label}: allowed` : `❌ ${label}: blocked — ${decision.reason}`,
  );
}
