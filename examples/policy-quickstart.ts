// Quickstart: one policy that keeps guests away from admin tools, evaluated for a guest and an admin.
// Run: node_modules/.bin/tsx examples/policy-quickstart.ts
import { ALLOW, ActionType, BLOCK, contextScope, createContext } from '@clearstone/core';
import { Policy, PolicyEngine } from '@clearstone/policy';

// 1. Define a policy. Policy() registers it, so `new PolicyEngine()` picks it up.
Policy({ name: 'block_admin_tools_for_guests', priority: 100 }, (ctx) => {
  const role = ctx.metadata.userRole;
  const toolName = String(ctx.metadata.toolName);
  if (role === 'guest' && ['admin_panel', 'delete_user'].includes(toolName)) {
    return BLOCK(`Tool '${toolName}' is restricted for guests.`);
  }
  return ALLOW;
});

// 2. Create the engine from the registered policies.
const engine = new PolicyEngine();

// 3. Evaluate the same tool call for a guest and for an admin.
for (const role of ['guest', 'admin']) {
  const ctx = createContext({
    userId: `${role}-user`,
    agentId: 'support-agent',
    metadata: { userRole: role, toolName: 'delete_user' },
  });
  const decision = contextScope(ctx, () => engine.evaluateSync());
  if (decision.action === ActionType.BLOCK) {
    console.log(
      `❌ ${role}: blocked delete_user — ${decision.reason} (policy: ${String(decision.metadata.policyName)})`,
    );
  } else {
    console.log(`✅ ${role}: allowed delete_user`);
  }
}

console.log(`audit: ${JSON.stringify(engine.auditTrail.summary())}`);
