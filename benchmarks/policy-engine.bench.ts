/**
 * Cost of a full @clearstone/policy evaluation with the 17 built-in policies of
 * `@clearstone/policy/builtins`, configured so that the allow path runs every one of them, against
 * a hand-written `if` chain doing the same checks (the floor) and against Cedar
 * (@cedar-policy/cedar-wasm) given the same rules as the peer. Prints µs per evaluation and ratios
 * measured in this run.
 *
 * `local_model_health_check` is asynchronous (an HTTP probe of the model server), so the
 * `evaluateSync` variants run the 16 synchronous built-ins; the `evaluate` variants run all 17, the
 * probe answered by a local HTTP server and served from the policy's cache as in steady state.
 *
 * Run: node_modules/.bin/tsx benchmarks/policy-engine.bench.ts [iterations]
 * (evaluates @clearstone/policy from its build: run tsup in packages/core and packages/policy first)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { createContext, type Decision } from '@clearstone/core';
import { AuditTrail, PolicyEngine, PolicyMetrics, type RegisteredPolicy } from '@clearstone/policy';
import {
  DEFAULT_DANGEROUS_TOOLS,
  adminOnlyActionPolicy,
  alertOnFailedAuthPolicy,
  alertOnPrivilegedAccessPolicy,
  blockDangerousToolsPolicy,
  blockExternalApisPolicy,
  blockPiiToolsPolicy,
  businessHoursOnlyPolicy,
  containsWordSequence,
  dailyCostLimitPolicy,
  modelHealthCheckPolicy,
  pauseBeforeWritePolicy,
  rateLimitPolicy,
  rbacToolAccessPolicy,
  redactPiiPolicy,
  requireApprovalForHighCostPolicy,
  sessionCostLimitPolicy,
  systemLoadPolicy,
  tokenLimitPolicy,
  toolNameWords,
} from '@clearstone/policy/builtins';

const ITERATIONS = Number(process.argv[2] ?? 200_000);
const ROUNDS = 5;

const RESTRICTED_FOR_GUESTS = ['delete_database', 'send_email', 'admin_panel'];
const ADMIN_TOOLS = ['admin_panel', 'user_management', 'billing_settings'];
const EXTERNAL_API_TOOLS = ['http_request', 'send_sms', 'web_search'];
const WHITELISTED_APIS = ['web_search'];
const PII_TOOLS = ['read_customer_record', 'export_users'];
const PII_ROLES = ['admin', 'data_engineer'];
const PRIVILEGED_TOOLS = ['sudo', 'grant_role', 'rotate_keys'];
const WRITE_PATTERNS = ['delete', 'update', 'write'];
const PII_FIELDS = { read_customer_record: ['ssn', 'email'] };
const LIMITS = {
  tokenLimit: 5000,
  sessionCostLimit: 5,
  dailyCostLimit: 50,
  rateLimit: 100,
  highCostThreshold: 10,
  maxFailedAttempts: 3,
  cpu: 90,
  memory: 95,
};
/** A steady reading of the machine's load; the default sampler would poll systeminformation in the background. */
const LOAD = { cpuPercent: 23, memoryPercent: 41 };

/** The 16 synchronous built-ins, with options under which the request below is allowed by each. */
function synchronousBuiltins(): RegisteredPolicy[] {
  return [
    tokenLimitPolicy({ tokenLimit: LIMITS.tokenLimit }),
    sessionCostLimitPolicy({ sessionCostLimit: LIMITS.sessionCostLimit }),
    dailyCostLimitPolicy({ dailyCostLimit: LIMITS.dailyCostLimit }),
    rateLimitPolicy({ rateLimit: LIMITS.rateLimit }),
    requireApprovalForHighCostPolicy({ highCostThreshold: LIMITS.highCostThreshold }),
    adminOnlyActionPolicy({ requireAdminFor: ADMIN_TOOLS }),
    blockExternalApisPolicy({ externalApiTools: EXTERNAL_API_TOOLS, whitelistedApis: WHITELISTED_APIS }),
    blockPiiToolsPolicy({ piiTools: PII_TOOLS, allowedRoles: PII_ROLES }),
    businessHoursOnlyPolicy({ businessHours: [9, 17] }),
    rbacToolAccessPolicy({ restrictedTools: { guest: RESTRICTED_FOR_GUESTS } }),
    alertOnFailedAuthPolicy({ maxFailedAttempts: LIMITS.maxFailedAttempts }),
    alertOnPrivilegedAccessPolicy({ privilegedTools: PRIVILEGED_TOOLS }),
    blockDangerousToolsPolicy(),
    pauseBeforeWritePolicy({ requirePauseFor: WRITE_PATTERNS }),
    systemLoadPolicy({ cpuThresholdPercent: LIMITS.cpu, memoryThresholdPercent: LIMITS.memory, readLoad: () => LOAD }),
    redactPiiPolicy({ piiFields: PII_FIELDS }),
  ];
}

/** What the integration puts in the context of a tool call, as the built-ins read it. */
const metadata = {
  eventType: 'tool_call',
  toolName: 'search_docs',
  userRole: 'analyst',
  tokensUsed: 1200,
  sessionCost: 1.2,
  dailyCost: 9,
  rateCount: 12,
  operationCost: 0.03,
  currentHour: 11,
  authFailed: false,
  attemptCount: 0,
};
type Facts = typeof metadata;
const ctx = createContext({ userId: 'user-42', agentId: 'support-agent', metadata });

const DANGEROUS_TERMS = DEFAULT_DANGEROUS_TOOLS.map(toolNameWords);
const RESTRICTED_SET = new Set(RESTRICTED_FOR_GUESTS);
const ADMIN_SET = new Set(ADMIN_TOOLS);
const EXTERNAL_SET = new Set(EXTERNAL_API_TOOLS);
const WHITELIST_SET = new Set(WHITELISTED_APIS);
const PII_SET = new Set(PII_TOOLS);
const PII_ROLE_SET = new Set(PII_ROLES);
const PRIVILEGED_SET = new Set(PRIVILEGED_TOOLS);

/** The same 16 checks written by hand: the floor of any engine. */
function ifChain(m: Facts, load: { cpuPercent: number; memoryPercent: number }): string {
  if (load.cpuPercent > LIMITS.cpu || load.memoryPercent > LIMITS.memory) return 'block';
  if (m.tokensUsed > LIMITS.tokenLimit) return 'block';
  if (m.dailyCost > LIMITS.dailyCostLimit) return 'block';
  let outcome = 'allow';
  if (m.sessionCost > LIMITS.sessionCostLimit) outcome = 'alert';
  if (m.authFailed && m.attemptCount > LIMITS.maxFailedAttempts) outcome = 'alert';
  const words = toolNameWords(m.toolName);
  if (DANGEROUS_TERMS.some((term) => containsWordSequence(words, term))) return 'block';
  if (m.rateCount > LIMITS.rateLimit) return 'block';
  if (ADMIN_SET.has(m.toolName) && m.userRole !== 'admin') return 'block';
  if (m.operationCost > LIMITS.highCostThreshold) outcome = 'pause';
  if (m.userRole === 'guest' && RESTRICTED_SET.has(m.toolName)) return 'block';
  if (PII_SET.has(m.toolName) && !PII_ROLE_SET.has(m.userRole)) return 'block';
  const lower = m.toolName.toLowerCase();
  if (WRITE_PATTERNS.some((pattern) => lower.includes(pattern))) outcome = 'pause';
  if (EXTERNAL_SET.has(m.toolName) && !WHITELIST_SET.has(m.toolName)) return 'block';
  if (m.toolName in PII_FIELDS && outcome === 'allow') outcome = 'redact';
  if (PRIVILEGED_SET.has(m.toolName) && outcome === 'allow') outcome = 'alert';
  if (m.currentHour < 9 || m.currentHour >= 17) return 'block';
  return outcome;
}

const cedarSet = (items: Iterable<string>) => `[${[...items].map((item) => JSON.stringify(item)).join(', ')}]`;
// Cedar has integers only (cents and whole percents here) and no word splitting: dangerous tools
// and write tools are matched with `like` wildcards, case-sensitively.
const CEDAR_POLICIES = `
@id("system_load_protection") forbid(principal, action, resource) when { context.cpuPercent > ${LIMITS.cpu} || context.memoryPercent > ${LIMITS.memory} };
@id("token_limit") forbid(principal, action, resource) when { context.tokensUsed > ${LIMITS.tokenLimit} };
@id("session_cost_limit") permit(principal, action, resource) when { context.sessionCostCents > ${LIMITS.sessionCostLimit * 100} };
@id("daily_cost_limit") forbid(principal, action, resource) when { context.dailyCostCents > ${LIMITS.dailyCostLimit * 100} };
@id("rate_limit") forbid(principal, action, resource) when { context.rateCount > ${LIMITS.rateLimit} };
@id("require_approval_for_high_cost") permit(principal, action, resource) when { context.operationCostCents > ${LIMITS.highCostThreshold * 100} };
@id("admin_only_action") forbid(principal, action, resource) when { ${cedarSet(ADMIN_TOOLS)}.contains(context.toolName) && context.userRole != "admin" };
@id("block_external_apis") forbid(principal, action, resource) when { ${cedarSet(EXTERNAL_API_TOOLS)}.contains(context.toolName) && !(${cedarSet(WHITELISTED_APIS)}.contains(context.toolName)) };
@id("block_pii_tools") forbid(principal, action, resource) when { ${cedarSet(PII_TOOLS)}.contains(context.toolName) && !(${cedarSet(PII_ROLES)}.contains(context.userRole)) };
@id("business_hours_only") forbid(principal, action, resource) when { context.currentHour < 9 || context.currentHour >= 17 };
@id("rbac_tool_access") forbid(principal, action, resource) when { context.userRole == "guest" && ${cedarSet(RESTRICTED_FOR_GUESTS)}.contains(context.toolName) };
@id("alert_on_failed_auth") permit(principal, action, resource) when { context.authFailed && context.attemptCount > ${LIMITS.maxFailedAttempts} };
@id("alert_on_privileged_access") permit(principal, action, resource) when { ${cedarSet(PRIVILEGED_TOOLS)}.contains(context.toolName) };
@id("block_dangerous_tools") forbid(principal, action, resource) when { ${DEFAULT_DANGEROUS_TOOLS.map((term) => `context.toolName like "*${term}*"`).join(' || ')} };
@id("pause_before_write") permit(principal, action, resource) when { ${WRITE_PATTERNS.map((pattern) => `context.toolName like "*${pattern}*"`).join(' || ')} };
@id("redact_pii") permit(principal, action, resource) when { ${cedarSet(Object.keys(PII_FIELDS))}.contains(context.toolName) };
@id("default_allow") permit(principal, action, resource);
`;
const cedarContext = {
  toolName: metadata.toolName,
  userRole: metadata.userRole,
  tokensUsed: metadata.tokensUsed,
  sessionCostCents: Math.round(metadata.sessionCost * 100),
  dailyCostCents: Math.round(metadata.dailyCost * 100),
  rateCount: metadata.rateCount,
  operationCostCents: Math.round(metadata.operationCost * 100),
  currentHour: metadata.currentHour,
  authFailed: metadata.authFailed,
  attemptCount: metadata.attemptCount,
  cpuPercent: LOAD.cpuPercent,
  memoryPercent: LOAD.memoryPercent,
};

/** A model server answering the health probe of `local_model_health_check`. */
async function startModelServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"models":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/tags`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

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

async function measureAsync(
  label: string,
  iterations: number,
  run: () => Promise<unknown>,
): Promise<{ label: string; microseconds: number }> {
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
  const modelServer = await startModelServer();
  const sync = synchronousBuiltins();
  const all = [
    ...synchronousBuiltins(),
    modelHealthCheckPolicy({ localModelHealthUrl: modelServer.url, cacheTtlMs: 3_600_000 }),
  ];
  if (new Set(all.map((policy) => policy.policyInfo.name)).size !== 17)
    throw new Error('expected 17 distinct built-in policies');
  const lean = new PolicyEngine({
    policies: sync,
    metrics: new PolicyMetrics(),
    auditTrail: new AuditTrail({ maxEntries: 0 }),
  });
  const audited = new PolicyEngine({
    policies: sync,
    metrics: new PolicyMetrics(),
    auditTrail: new AuditTrail({ maxEntries: 10_000 }),
  });
  const leanAll = new PolicyEngine({
    policies: all,
    metrics: new PolicyMetrics(),
    auditTrail: new AuditTrail({ maxEntries: 0 }),
  });
  const cedarCall = {
    principal: { type: 'User', id: ctx.userId },
    action: { type: 'Action', id: 'call_tool' },
    resource: { type: 'Tool', id: metadata.toolName },
    context: cedarContext as unknown as cedar.Context,
    entities: [] as cedar.Entities,
  };
  const preparsed = cedar.preparsePolicySet('bench', { staticPolicies: CEDAR_POLICIES });
  if (preparsed.type !== 'success') throw new Error(`Cedar rejected the policies: ${JSON.stringify(preparsed)}`);

  // Same answers before timing anything, and every built-in ran.
  const cedarAnswer = cedar.statefulIsAuthorized({ ...cedarCall, preparsedPolicySetId: 'bench' });
  const engineDecision: Decision = lean.evaluateSync(ctx);
  const asyncDecision: Decision = await leanAll.evaluate(ctx);
  if (
    cedarAnswer.type !== 'success' ||
    cedarAnswer.response.decision !== 'allow' ||
    engineDecision.action !== 'allow' ||
    asyncDecision.action !== 'allow' ||
    ifChain(metadata, LOAD) !== 'allow'
  ) {
    throw new Error(
      `The variants disagree: ${JSON.stringify({ cedarAnswer, engineDecision, asyncDecision, ifChain: ifChain(metadata, LOAD) })}`,
    );
  }
  const evaluated = (engine: PolicyEngine) =>
    Object.values(engine.metrics.summary()).filter((entry) => entry.evalCount > 0).length;
  console.log(`policies evaluated: evaluateSync ${evaluated(lean)}, evaluate ${evaluated(leanAll)}`);

  const results = [
    measure('hand-written if chain (floor)', ITERATIONS * 10, () => ifChain(ctx.metadata as unknown as Facts, LOAD)),
    measure('PolicyEngine.evaluateSync, 16 sync built-ins, metrics, no audit storage', ITERATIONS, () =>
      lean.evaluateSync(ctx),
    ),
    measure('PolicyEngine.evaluateSync, 16 sync built-ins, metrics + in-memory audit', ITERATIONS, () =>
      audited.evaluateSync(ctx),
    ),
    await measureAsync('PolicyEngine.evaluate (async), 16 sync built-ins, metrics, no audit storage', ITERATIONS, () =>
      lean.evaluate(ctx),
    ),
    await measureAsync(
      'PolicyEngine.evaluate (async), all 17 built-ins (health probe cached), metrics',
      ITERATIONS,
      () => leanAll.evaluate(ctx),
    ),
    measure('Cedar statefulIsAuthorized (preparsed policies)', Math.max(1000, ITERATIONS / 20), () =>
      cedar.statefulIsAuthorized({ ...cedarCall, preparsedPolicySetId: 'bench' }),
    ),
    measure('Cedar isAuthorized (parses per call)', Math.max(200, ITERATIONS / 200), () =>
      cedar.isAuthorized({ ...cedarCall, policies: { staticPolicies: CEDAR_POLICIES } }),
    ),
  ];
  await modelServer.close();
  const floor = results[0].microseconds;
  const peer = results[5].microseconds;
  console.log(
    `built-in policies of @clearstone/policy/builtins, allow path (every policy runs), ${ITERATIONS} iterations × ${ROUNDS} rounds (median)\n`,
  );
  console.log(`| variant | µs / evaluation | × floor | Cedar (preparsed) ÷ this |`);
  console.log(`|---|---:|---:|---:|`);
  for (const { label, microseconds } of results) {
    console.log(
      `| ${label} | ${microseconds.toFixed(3)} | ${(microseconds / floor).toFixed(1)} | ${(peer / microseconds).toFixed(1)} |`,
    );
  }
  const engineMicroseconds = results[1].microseconds;
  console.log(
    `\nengine overhead per policy (evaluateSync − floor) / 16: ${(((engineMicroseconds - floor) / 16) * 1000).toFixed(0)} ns`,
  );
  console.log(
    `goal ≤ 2 µs per evaluateSync: ${engineMicroseconds <= 2 ? 'met' : 'missed'}; goal ≥ 10× faster than Cedar: ${peer / engineMicroseconds >= 10 ? 'met' : 'missed'}`,
  );
}

void main();
