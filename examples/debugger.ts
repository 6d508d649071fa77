// Debugger: trace a policy line by line, with its local and closure variables, to see why it decided.
// Run: node_modules/.bin/tsx examples/debugger.ts
import { ALLOW, BLOCK, createContext, type PolicyContext } from '@clearstone/core';
import { PolicyDebugger, definePolicy } from '@clearstone/policy';

const roleWeights: Record<string, number> = { admin: 0.1, analyst: 0.5, guest: 1 };
function riskScore(amount: number, role: string): number {
  return Math.round((amount / 100) * (roleWeights[role] ?? 1));
}

// The policy is a closure over `threshold`; the trace shows its value next to the locals.
function createSpendGuard(threshold: number) {
  return definePolicy({ name: 'spend_guard', priority: 50 }, (ctx: PolicyContext) => {
    const role = String(ctx.metadata.userRole ?? 'guest');
    const amount = Number(ctx.metadata.amount ?? 0);
    const score = riskScore(amount, role);
    if (score > threshold) return BLOCK(`Risk score ${score} is over ${threshold}`);
    return ALLOW;
  });
}

const spendGuard = createSpendGuard(20);
const policyDebugger = new PolicyDebugger();
for (const metadata of [
  { userRole: 'guest', amount: 5000 },
  { userRole: 'admin', amount: 5000 },
]) {
  const ctx = createContext({ userId: 'u1', agentId: 'payments-agent', sessionId: 'debug-session', metadata });
  const { decision, trace } = policyDebugger.traceEvaluation(spendGuard, ctx);
  console.log(policyDebugger.formatTrace(spendGuard, decision, trace));
}
