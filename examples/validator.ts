// Validator: check policies for non-determinism, slowness and fragility before deploying them.
// Run: node_modules/.bin/tsx examples/validator.ts
import { ALLOW, BLOCK, type PolicyContext } from '@clearstone/core';
import { PolicyValidator, definePolicy, type RegisteredPolicy } from '@clearstone/policy';

// A good policy: pure, fast, and safe on a context without metadata.
const good = definePolicy({ name: 'block_guests' }, (ctx: PolicyContext) =>
  ctx.metadata.role === 'guest' ? BLOCK('Guests are read-only') : ALLOW,
);

// Non-deterministic: it keeps hidden state, so the same context gets a different answer on the next call.
let callsSoFar = 0;
const nonDeterministic = definePolicy({ name: 'hidden_call_counter' }, () => {
  callsSoFar += 1;
  return callsSoFar > 1 ? BLOCK('Too many calls') : ALLOW;
});

// Slow: about 1.5 ms per decision, over the validator's default 1 ms budget.
const slow = definePolicy({ name: 'slow_lookup' }, () => {
  const until = performance.now() + 1.5;
  while (performance.now() < until) {
    // stands in for a synchronous lookup that is too expensive for the hot path
  }
  return ALLOW;
});

// Fragile: assumes metadata.user is always there, so it throws on a context with empty metadata.
const fragile = definePolicy({ name: 'fragile_user_check' }, (ctx: PolicyContext) => {
  const user = ctx.metadata.user as { role: string };
  return user.role === 'admin' ? ALLOW : BLOCK('Admins only');
});

const validator = new PolicyValidator();
for (const policy of [good, nonDeterministic, slow, fragile] as RegisteredPolicy[]) {
  const failures = await validator.runAllChecks(policy);
  if (failures.length === 0) {
    console.log(`✅ ${policy.policyInfo.name}: ready for production`);
  } else {
    console.log(`❌ ${policy.policyInfo.name}: ${failures.length} failure(s)`);
    for (const failure of failures) console.log(`   - ${failure}`);
  }
}
