// Metrics: per-policy counts and latencies over a few hundred evaluations; find slow and blocking policies.
// Run: node_modules/.bin/tsx examples/metrics.ts
import { ALLOW, BLOCK, createContext, type PolicyContext } from '@clearstone/core';
import { PolicyEngine, PolicyMetrics, definePolicy } from '@clearstone/policy';
import {
  alertOnPrivilegedAccessPolicy,
  blockDangerousToolsPolicy,
  tokenLimitPolicy,
} from '@clearstone/policy/builtins';

// A custom policy with a deliberately expensive synchronous lookup (about 0.2 ms per decision).
const suspendedUsers = new Set(['user-7']);
const customerRiskLookup = definePolicy({ name: 'customer_risk_lookup', priority: 10 }, (ctx: PolicyContext) => {
  const until = performance.now() + 0.2;
  while (performance.now() < until) {
    // stands in for a slow synchronous lookup
  }
  return suspendedUsers.has(ctx.userId) ? BLOCK(`User '${ctx.userId}' is suspended`) : ALLOW;
});

const metrics = new PolicyMetrics();
const engine = new PolicyEngine({
  metrics,
  policies: [
    blockDangerousToolsPolicy(),
    tokenLimitPolicy({ tokenLimit: 5000 }),
    alertOnPrivilegedAccessPolicy({ privilegedTools: ['read_customer_file'] }),
    customerRiskLookup,
  ],
});

// 300 agent tool calls: a fixed mix of tools, token counts and users.
const tools = ['search_docs', 'read_customer_file', 'send_email', 'drop_table', 'search_docs', 'summarise'];
for (let index = 0; index < 300; index++) {
  const ctx = createContext({
    userId: `user-${index % 10}`,
    agentId: 'support-agent',
    metadata: { toolName: tools[index % tools.length], tokensUsed: (index * 137) % 6000 },
  });
  engine.evaluateSync(ctx);
}

const format = (ms: number) => `${ms.toFixed(4)}ms`;
console.log('summary:');
for (const [name, stats] of Object.entries(metrics.summary())) {
  console.log(
    `  ${name}: ${stats.evalCount} evaluations, ${stats.blockCount} blocks, ${stats.alertCount} alerts, avg ${format(stats.avgLatencyMs)}, p99 ${format(stats.p99LatencyMs)}`,
  );
}
console.log('slowest:');
for (const [name, stats] of metrics.getSlowestPolicies(2)) console.log(`  ${name}: avg ${format(stats.avgLatencyMs)}`);
console.log('top blocking:');
for (const [name, stats] of metrics.getTopBlockingPolicies(3)) console.log(`  ${name}: ${stats.blockCount} blocks`);
