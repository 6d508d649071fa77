/**
 * Cost of a full @clearstone/policy evaluation with 17 realistic policies, against a hand-written
 * `if` chain doing the same checks (the floor) and against Cedar (@cedar-policy/cedar-wasm) given
 * the same rules as the peer. Prints µs per evaluation and ratios measured in this run.
 *
 * Run: node_modules/.bin/tsx benchmarks/policy-engine.bench.ts [iterations]
 * (evaluates @clearstone/policy from its build: run tsup in packages/core and packages/policy first)
 */
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { ALERT, ALLOW, BLOCK, PAUSE, REDACT, createContext, type Decision, type PolicyContext } from '@clearstone/core';
import { AuditTrail, PolicyEngine, PolicyMetrics, definePolicy, type RegisteredPolicy } from '@clearstone/policy';

const ITERATIONS = Number(process.argv[2] ?? 200_000);
const ROUNDS = 5;

const FORBIDDEN_FOR_GUESTS = new Set(['delete_database', 'drop_table', 'admin_panel']);
const ADMIN_TOOLS = new Set(['admin_panel', 'user_management', 'billing_settings']);
const DANGEROUS_TOOLS = new Set(['delete_database', 'drop_table', 'rm_rf', 'format_disk']);
const PII_TOOLS = new Set(['read_customer_record', 'export_users']);
const PRIVILEGED_TOOLS = new Set(['sudo', 'grant_role', 'rotate_keys']);
const API_WHITELIST = new Set(['api.internal.example', 'api.partner.example']);
const MODELS = new Set(['llama3.1:8b', 'qwen2.5:7b', 'mistral:7b']);
const PII_ROLES = new Set(['admin', 'data_engineer']);

type Facts = {
  userRole: string; toolName: string; tokensUsed: number; tokenLimit: number; sessionCostCents: number;
  dailyCostCents: number; hour: number; requestsPerMinute: number; apiDomain: string; estimatedCostCents: number;
  failedAuthAttempts: number; model: string; promptChars: number;
};
const facts = (ctx: PolicyContext) => ctx.metadata as unknown as Facts;
const isWrite = (tool: string) => tool.startsWith('delete_') || tool.startsWith('update_') || tool.startsWith('write_');

const policies: RegisteredPolicy[] = [
  definePolicy({ name: 'token_limit', priority: 100 }, (ctx) => { const m = facts(ctx); return m.tokensUsed > m.tokenLimit ? BLOCK(`Token limit exceeded: ${m.tokensUsed} > ${m.tokenLimit}`) : ALLOW; }),
  definePolicy({ name: 'daily_cost_limit', priority: 95 }, (ctx) => (facts(ctx).dailyCostCents > 5000 ? BLOCK('Daily cost limit exceeded') : ALLOW)),
  definePolicy({ name: 'session_cost_alert', priority: 90 }, (ctx) => (facts(ctx).sessionCostCents > 500 ? ALERT('Session cost is high') : ALLOW)),
  definePolicy({ name: 'rbac_tool_access', priority: 90 }, (ctx) => { const m = facts(ctx); return m.userRole === 'guest' && FORBIDDEN_FOR_GUESTS.has(m.toolName) ? BLOCK(`Role 'guest' cannot access tool '${m.toolName}'`) : ALLOW; }),
  definePolicy({ name: 'admin_only_tools', priority: 85 }, (ctx) => { const m = facts(ctx); return ADMIN_TOOLS.has(m.toolName) && m.userRole !== 'admin' ? BLOCK('Admin role required') : ALLOW; }),
  definePolicy({ name: 'block_dangerous_tools', priority: 85 }, (ctx) => (DANGEROUS_TOOLS.has(facts(ctx).toolName) ? BLOCK('Dangerous tool blocked') : ALLOW)),
  definePolicy({ name: 'pause_before_write', priority: 80 }, (ctx) => (isWrite(facts(ctx).toolName) ? PAUSE('Write operation needs approval') : ALLOW)),
  definePolicy({ name: 'redact_pii', priority: 75 }, (ctx) => (PII_TOOLS.has(facts(ctx).toolName) ? REDACT({ reason: 'PII', fields: ['ssn', 'email'] }) : ALLOW)),
  definePolicy({ name: 'block_pii_for_guests', priority: 75 }, (ctx) => { const m = facts(ctx); return PII_TOOLS.has(m.toolName) && !PII_ROLES.has(m.userRole) ? BLOCK('PII access denied') : ALLOW; }),
  definePolicy({ name: 'privileged_tool_alert', priority: 70 }, (ctx) => (PRIVILEGED_TOOLS.has(facts(ctx).toolName) ? ALERT('Privileged tool used') : ALLOW)),
  definePolicy({ name: 'failed_auth_alert', priority: 70 }, (ctx) => (facts(ctx).failedAuthAttempts >= 3 ? ALERT('Repeated failed authentication') : ALLOW)),
  definePolicy({ name: 'business_hours_transfers', priority: 60 }, (ctx) => { const m = facts(ctx); return m.toolName === 'wire_transfer' && (m.hour < 9 || m.hour >= 17) ? BLOCK('Transfers only during business hours') : ALLOW; }),
  definePolicy({ name: 'rate_limit', priority: 60 }, (ctx) => (facts(ctx).requestsPerMinute > 100 ? BLOCK('Rate limit exceeded') : ALLOW)),
  definePolicy({ name: 'external_api_whitelist', priority: 55 }, (ctx) => { const m = facts(ctx); return m.toolName === 'http_request' && !API_WHITELIST.has(m.apiDomain) ? BLOCK('API domain not whitelisted') : ALLOW; }),
  definePolicy({ name: 'high_cost_pause', priority: 50 }, (ctx) => (facts(ctx).estimatedCostCents > 1000 ? PAUSE('High-cost operation') : ALLOW)),
  definePolicy({ name: 'model_allowlist', priority: 45 }, (ctx) => (MODELS.has(facts(ctx).model) ? ALLOW : BLOCK('Model not allowed'))),
  definePolicy({ name: 'long_prompt_alert', priority: 40 }, (ctx) => (facts(ctx).promptChars > 8000 ? ALERT('Very long prompt') : ALLOW)),
];

/** The same 17 checks written by hand: the floor of any engine. */
function ifChain(m: Facts): string {
  if (m.tokensUsed > m.tokenLimit) return 'block';
  if (m.dailyCostCents > 5000) return 'block';
  let outcome = 'allow';
  if (m.sessionCostCents > 500) outcome = 'alert';
  if (m.userRole === 'guest' && FORBIDDEN_FOR_GUESTS.has(m.toolName)) return 'block';
  if (ADMIN_TOOLS.has(m.toolName) && m.userRole !== 'admin') return 'block';
  if (DANGEROUS_TOOLS.has(m.toolName)) return 'block';
  if (isWrite(m.toolName)) outcome = 'pause';
  if (PII_TOOLS.has(m.toolName) && outcome !== 'pause') outcome = 'redact';
  if (PII_TOOLS.has(m.toolName) && !PII_ROLES.has(m.userRole)) return 'block';
  if (PRIVILEGED_TOOLS.has(m.toolName) && outcome === 'allow') outcome = 'alert';
  if (m.failedAuthAttempts >= 3 && outcome === 'allow') outcome = 'alert';
  if (m.toolName === 'wire_transfer' && (m.hour < 9 || m.hour >= 17)) return 'block';
  if (m.requestsPerMinute > 100) return 'block';
  if (m.toolName === 'http_request' && !API_WHITELIST.has(m.apiDomain)) return 'block';
  if (m.estimatedCostCents > 1000) outcome = 'pause';
  if (!MODELS.has(m.model)) return 'block';
  if (m.promptChars > 8000 && outcome === 'allow') outcome = 'alert';
  return outcome;
}

const cedarSet = (items: Iterable<string>) => `[${[...items].map((item) => JSON.stringify(item)).join(', ')}]`;
const CEDAR_POLICIES = `
@id("token_limit") forbid(principal, action, resource) when { context.tokensUsed > context.tokenLimit };
@id("daily_cost_limit") forbid(principal, action, resource) when { context.dailyCostCents > 5000 };
@id("session_cost_alert") permit(principal, action, resource) when { context.sessionCostCents > 500 };
@id("rbac_tool_access") forbid(principal, action, resource) when { context.userRole == "guest" && ${cedarSet(FORBIDDEN_FOR_GUESTS)}.contains(context.toolName) };
@id("admin_only_tools") forbid(principal, action, resource) when { ${cedarSet(ADMIN_TOOLS)}.contains(context.toolName) && context.userRole != "admin" };
@id("block_dangerous_tools") forbid(principal, action, resource) when { ${cedarSet(DANGEROUS_TOOLS)}.contains(context.toolName) };
@id("pause_before_write") permit(principal, action, resource) when { context.toolName like "delete_*" || context.toolName like "update_*" || context.toolName like "write_*" };
@id("redact_pii") permit(principal, action, resource) when { ${cedarSet(PII_TOOLS)}.contains(context.toolName) };
@id("block_pii_for_guests") forbid(principal, action, resource) when { ${cedarSet(PII_TOOLS)}.contains(context.toolName) && !(${cedarSet(PII_ROLES)}.contains(context.userRole)) };
@id("privileged_tool_alert") permit(principal, action, resource) when { ${cedarSet(PRIVILEGED_TOOLS)}.contains(context.toolName) };
@id("failed_auth_alert") permit(principal, action, resource) when { context.failedAuthAttempts >= 3 };
@id("business_hours_transfers") forbid(principal, action, resource) when { context.toolName == "wire_transfer" && (context.hour < 9 || context.hour >= 17) };
@id("rate_limit") forbid(principal, action, resource) when { context.requestsPerMinute > 100 };
@id("external_api_whitelist") forbid(principal, action, resource) when { context.toolName == "http_request" && !(${cedarSet(API_WHITELIST)}.contains(context.apiDomain)) };
@id("high_cost_pause") permit(principal, action, resource) when { context.estimatedCostCents > 1000 };
@id("model_allowlist") forbid(principal, action, resource) unless { ${cedarSet(MODELS)}.contains(context.model) };
@id("long_prompt_alert") permit(principal, action, resource) when { context.promptChars > 8000 };
@id("default_allow") permit(principal, action, resource);
`;

const requestFacts: Facts = {
  userRole: 'analyst', toolName: 'search_docs', tokensUsed: 1200, tokenLimit: 5000, sessionCostCents: 120, dailyCostCents: 900,
  hour: 11, requestsPerMinute: 12, apiDomain: 'api.internal.example', estimatedCostCents: 3, failedAuthAttempts: 0, model: 'llama3.1:8b', promptChars: 900,
};
const ctx = createContext({ userId: 'user-42', agentId: 'support-agent', metadata: requestFacts });

function measure(label: string, iterations: number, run: () => unknown): { label: string; microseconds: number } {
  for (let index = 0; index < Math.min(iterations, 20_000); index++) run();
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    for (let index = 0; index < iterations; index++) run();
    samples.push(Number(process.hrtime.bigint() - started) / 1000 / iterations);
  }
  samples.sort((a, b) => a - b);
  return { label, microseconds: samples[Math.floor(ROUNDS / 2)] };
}

async function measureAsync(label: string, iterations: number, run: () => Promise<unknown>): Promise<{ label: string; microseconds: number }> {
  for (let index = 0; index < Math.min(iterations, 20_000); index++) await run();
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    for (let index = 0; index < iterations; index++) await run();
    samples.push(Number(process.hrtime.bigint() - started) / 1000 / iterations);
  }
  samples.sort((a, b) => a - b);
  return { label, microseconds: samples[Math.floor(ROUNDS / 2)] };
}

async function main(): Promise<void> {
  const lean = new PolicyEngine({ policies, metrics: new PolicyMetrics(), auditTrail: new AuditTrail({ maxEntries: 0 }) });
  const audited = new PolicyEngine({ policies, metrics: new PolicyMetrics(), auditTrail: new AuditTrail({ maxEntries: 10_000 }) });
  const cedarCall = {
    principal: { type: 'User', id: ctx.userId }, action: { type: 'Action', id: 'call_tool' }, resource: { type: 'Tool', id: requestFacts.toolName },
    context: requestFacts as unknown as cedar.Context, entities: [] as cedar.Entities,
  };
  const preparsed = cedar.preparsePolicySet('bench', { staticPolicies: CEDAR_POLICIES });
  if (preparsed.type !== 'success') throw new Error(`Cedar rejected the policies: ${JSON.stringify(preparsed)}`);

  // Same answers before timing anything.
  const cedarAnswer = cedar.statefulIsAuthorized({ ...cedarCall, preparsedPolicySetId: 'bench' });
  const engineDecision: Decision = lean.evaluateSync(ctx);
  if (cedarAnswer.type !== 'success' || cedarAnswer.response.decision !== 'allow' || engineDecision.action !== 'allow' || ifChain(requestFacts) !== 'allow') {
    throw new Error(`The three variants disagree: ${JSON.stringify({ cedarAnswer, engineDecision, ifChain: ifChain(requestFacts) })}`);
  }

  const results = [
    measure('hand-written if chain (floor)', ITERATIONS * 10, () => ifChain(ctx.metadata as unknown as Facts)),
    measure('PolicyEngine.evaluateSync, metrics, no audit storage', ITERATIONS, () => lean.evaluateSync(ctx)),
    measure('PolicyEngine.evaluateSync, metrics + in-memory audit', ITERATIONS, () => audited.evaluateSync(ctx)),
    await measureAsync('PolicyEngine.evaluate (async), metrics, no audit storage', ITERATIONS, () => lean.evaluate(ctx)),
    measure('Cedar statefulIsAuthorized (preparsed policies)', Math.max(1000, ITERATIONS / 20), () => cedar.statefulIsAuthorized({ ...cedarCall, preparsedPolicySetId: 'bench' })),
    measure('Cedar isAuthorized (parses per call)', Math.max(200, ITERATIONS / 200), () => cedar.isAuthorized({ ...cedarCall, policies: { staticPolicies: CEDAR_POLICIES } })),
  ];
  const floor = results[0].microseconds;
  const peer = results[4].microseconds;
  console.log(`17 policies, allow path (every policy runs), ${ITERATIONS} iterations × ${ROUNDS} rounds (median)\n`);
  console.log(`| variant | µs / evaluation | × floor | Cedar (preparsed) ÷ this |`);
  console.log(`|---|---:|---:|---:|`);
  for (const { label, microseconds } of results) {
    console.log(`| ${label} | ${microseconds.toFixed(3)} | ${(microseconds / floor).toFixed(1)} | ${(peer / microseconds).toFixed(1)} |`);
  }
  const engineMicroseconds = results[1].microseconds;
  console.log(`\nengine overhead per policy (evaluateSync − floor) / 17: ${(((engineMicroseconds - floor) / 17) * 1000).toFixed(0)} ns`);
  console.log(`goal ≤ 2 µs per evaluateSync: ${engineMicroseconds <= 2 ? 'met' : 'missed'}; goal ≥ 10× faster than Cedar: ${peer / engineMicroseconds >= 10 ? 'met' : 'missed'}`);
}

void main();
