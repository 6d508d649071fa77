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
 * Run: node_modules/.bin/tsx benchmarks/policy-engine.bench.ts [iterations]  (PAIRED_ONLY=1: only the paired ratio)
 * (evaluates @clearstone/policy from its build: run tsup in packages/core and packages/policy first)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { createContext, type Decision, type PolicyContext } from '@clearstone/core';
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
  detectPii,
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
const PAIRED_ROUNDS = 15;

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
const readLoad = (): typeof LOAD => LOAD;

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
    systemLoadPolicy({ cpuThresholdPercent: LIMITS.cpu, memoryThresholdPercent: LIMITS.memory, readLoad }),
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
const ctx = createContext({ userId: 'user-42', agentId: 'support-agent', metadata });

const DANGEROUS_TERMS = DEFAULT_DANGEROUS_TOOLS.map((term) => ({ term, words: toolNameWords(term) }));
const RESTRICTED_TOOLS: Record<string, readonly string[]> = { guest: RESTRICTED_FOR_GUESTS };
const PII_FIELD_MAP: Record<string, readonly string[]> = PII_FIELDS;
const NO_ENTITIES: Record<string, readonly string[]> = {};
const PII_SCAN_KEYS = ['toolInput', 'toolOutput', 'messages'];
const BUSINESS_HOURS = [9, 17] as const;
/** Verdicts of the dangerous-tool check per tool name, as `block_dangerous_tools` keeps them. */
const dangerousVerdicts = new Map<string, string | null>();

type Metadata = Readonly<Record<string, unknown>>;

/** A metadata value as a finite number, undefined when absent or null; another type is a wrong-type failure. */
function numberAt(value: unknown, key: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`metadata '${key}' must be a number`);
  return value;
}

function stringAt(value: unknown, key: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new TypeError(`metadata '${key}' must be a string`);
  return value;
}

function stringListAt(value: unknown, key: string): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw new TypeError(`metadata '${key}' must be a list of strings`);
  return value;
}

function nameListMapAt(value: unknown, key: string): Readonly<Record<string, readonly string[]>> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`metadata '${key}' must be a map`);
  for (const list of Object.values(value)) {
    if (!Array.isArray(list) || !list.every((item) => typeof item === 'string'))
      throw new TypeError(`metadata '${key}' must map names to lists of strings`);
  }
  return value as Record<string, readonly string[]>;
}

function hoursAt(m: Metadata): readonly [number, number] {
  const value = m.businessHours;
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !value.every((hour) => Number.isInteger(hour)) ||
    value[0] === value[1]
  )
    throw new TypeError("metadata 'businessHours' must be [start, end]");
  return value as [number, number];
}

function hourOf(date: Date, timeZone: string | undefined): number {
  if (timeZone === undefined) return date.getHours();
  const hour = new Intl.DateTimeFormat('en-US', { hour: 'numeric', hourCycle: 'h23', timeZone }).format(date);
  return Number(hour) % 24;
}

/**
 * The same 16 checks written by hand, in the engine's order: the floor of any engine. Each reads
 * what its built-in reads — the metadata overrides of its options, with the same type checks
 * (a wrong type fails closed), the same defaults, lists and maps, and the same per-tool-name
 * verdict cache for dangerous tools — and the most severe outcome wins, a block at once.
 */
function ifChain(ctx: PolicyContext, readLoad: () => { cpuPercent: number; memoryPercent: number }): string {
  const m = ctx.metadata;
  try {
    let severity = 0; // 0 allow, 1 alert, 2 redact, 3 pause
    // system_load_protection (200)
    const cpuLimit = numberAt(m.cpuThresholdPercent, 'cpuThresholdPercent') ?? LIMITS.cpu;
    const memoryLimit = numberAt(m.memoryThresholdPercent, 'memoryThresholdPercent') ?? LIMITS.memory;
    const load = readLoad();
    if (!Number.isFinite(load.cpuPercent) || !Number.isFinite(load.memoryPercent)) return 'block';
    if (load.cpuPercent > cpuLimit || load.memoryPercent > memoryLimit) return 'block';
    // token_limit, session_cost_limit, daily_cost_limit (100)
    if ((numberAt(m.tokensUsed, 'tokensUsed') ?? 0) > (numberAt(m.tokenLimit, 'tokenLimit') ?? LIMITS.tokenLimit))
      return 'block';
    if (
      (numberAt(m.sessionCost, 'sessionCost') ?? 0) >
      (numberAt(m.sessionCostLimit, 'sessionCostLimit') ?? LIMITS.sessionCostLimit)
    )
      severity = Math.max(severity, 1);
    if (
      (numberAt(m.dailyCost, 'dailyCost') ?? 0) >
      (numberAt(m.dailyCostLimit, 'dailyCostLimit') ?? LIMITS.dailyCostLimit)
    )
      return 'block';
    // alert_on_failed_auth (100)
    const failed = m.authFailed;
    if (failed !== undefined && failed !== null && typeof failed !== 'boolean') return 'block';
    if (failed === true && (numberAt(m.attemptCount, 'attemptCount') ?? 1) > LIMITS.maxFailedAttempts)
      severity = Math.max(severity, 1);
    // block_dangerous_tools (100)
    const tool = stringAt(m.toolName, 'toolName') ?? '';
    if (tool !== '') {
      let matched = dangerousVerdicts.get(tool);
      if (matched === undefined) {
        const words = toolNameWords(tool);
        matched = DANGEROUS_TERMS.find((entry) => containsWordSequence(words, entry.words))?.term ?? null;
        dangerousVerdicts.set(tool, matched);
      }
      if (matched !== null) return 'block';
    }
    // rate_limit, admin_only_action (95)
    if ((numberAt(m.rateCount, 'rateCount') ?? 0) > (numberAt(m.rateLimit, 'rateLimit') ?? LIMITS.rateLimit))
      return 'block';
    const role = stringAt(m.userRole, 'userRole') ?? 'guest';
    if ((stringListAt(m.requireAdminFor, 'requireAdminFor') ?? ADMIN_TOOLS).includes(tool) && role !== 'admin')
      return 'block';
    // require_approval_for_high_cost, rbac_tool_access, block_pii_tools (90)
    if (
      (numberAt(m.operationCost, 'operationCost') ?? 0) >
      (numberAt(m.highCostThreshold, 'highCostThreshold') ?? LIMITS.highCostThreshold)
    )
      severity = 3;
    const restricted = nameListMapAt(m.restrictedTools, 'restrictedTools') ?? RESTRICTED_TOOLS;
    if (Object.hasOwn(restricted, role) && restricted[role].includes(tool)) return 'block';
    if ((stringListAt(m.piiTools, 'piiTools') ?? PII_TOOLS).includes(tool) && !PII_ROLES.includes(role)) return 'block';
    // block_external_apis, redact_pii (85)
    const external = stringListAt(m.externalApiTools, 'externalApiTools') ?? EXTERNAL_API_TOOLS;
    const whitelisted = stringListAt(m.whitelistedApis, 'whitelistedApis') ?? WHITELISTED_APIS;
    if (external.includes(tool) && !whitelisted.includes(tool)) return 'block';
    const fieldMap = nameListMapAt(m.piiFields, 'piiFields') ?? PII_FIELD_MAP;
    const entityMap = nameListMapAt(m.piiEntities, 'piiEntities') ?? NO_ENTITIES;
    const fields = Object.hasOwn(fieldMap, tool) ? fieldMap[tool].filter((field) => field !== '') : [];
    const entities = Object.hasOwn(entityMap, tool) ? entityMap[tool] : [];
    let found = false;
    for (const key of PII_SCAN_KEYS) {
      const value = m[key];
      if (value === undefined || value === null) continue;
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      if (detectPii(text).length > 0) found = true;
    }
    if (fields.length > 0 || entities.length > 0 || found) severity = Math.max(severity, 2);
    // pause_before_write (80)
    const lowered = tool.toLowerCase();
    const patterns = stringListAt(m.requirePauseFor, 'requirePauseFor');
    if (
      patterns === undefined
        ? WRITE_PATTERNS.some((pattern) => lowered.includes(pattern)) // configured in lowercase
        : patterns.some((pattern) => pattern !== '' && lowered.includes(pattern.toLowerCase()))
    )
      severity = 3;
    // alert_on_privileged_access (75)
    if ((stringListAt(m.privilegedTools, 'privilegedTools') ?? PRIVILEGED_TOOLS).includes(tool))
      severity = Math.max(severity, 1);
    // business_hours_only (70)
    const window = m.businessHours === undefined || m.businessHours === null ? BUSINESS_HOURS : hoursAt(m);
    const zone = stringAt(m.timeZone, 'timeZone');
    const hour = numberAt(m.currentHour, 'currentHour') ?? hourOf(ctx.timestamp, zone);
    const inside =
      window[0] < window[1] ? window[0] <= hour && hour < window[1] : hour >= window[0] || hour < window[1];
    if (!inside) return 'block';
    return ['allow', 'alert', 'redact', 'pause'][severity];
  } catch {
    return 'block';
  }
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

/**
 * The if chain and `evaluateSync` timed in alternation (CPU time), `PAIRED_ROUNDS` times: each
 * round's ratio compares the two under the same machine load. Returns the median, lowest and highest ratio and
 * the median µs of each.
 */
function measurePaired(
  iterations: number,
  floor: () => unknown,
  engine: () => unknown,
): { median: number; low: number; high: number; floorMicroseconds: number; engineMicroseconds: number } {
  // CPU time of this process rather than wall time: other processes on the machine then inflate
  // neither side of a round.
  const time = (run: () => unknown): number => {
    const started = process.cpuUsage();
    for (let index = 0; index < iterations; index++) run();
    const used = process.cpuUsage(started);
    return (used.user + used.system) / iterations;
  };
  time(floor);
  time(engine);
  const ratios: number[] = [];
  const floors: number[] = [];
  const engines: number[] = [];
  for (let round = 0; round < PAIRED_ROUNDS; round++) {
    const floorMicroseconds = time(floor);
    const engineMicroseconds = time(engine);
    floors.push(floorMicroseconds);
    engines.push(engineMicroseconds);
    ratios.push(engineMicroseconds / floorMicroseconds);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    median: median(ratios),
    low: Math.min(...ratios),
    high: Math.max(...ratios),
    floorMicroseconds: median(floors),
    engineMicroseconds: median(engines),
  };
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
    ifChain(ctx, readLoad) !== 'allow'
  ) {
    throw new Error(
      `The variants disagree: ${JSON.stringify({ cedarAnswer, engineDecision, asyncDecision, ifChain: ifChain(ctx, readLoad) })}`,
    );
  }
  const evaluated = (engine: PolicyEngine) =>
    Object.values(engine.metrics.summary()).filter((entry) => entry.evalCount > 0).length;
  console.log(`policies evaluated: evaluateSync ${evaluated(lean)}, evaluate ${evaluated(leanAll)}`);

  const paired = measurePaired(
    Math.max(1000, ITERATIONS / 2),
    () => ifChain(ctx, readLoad),
    () => lean.evaluateSync(ctx),
  );
  console.log(
    `evaluateSync vs the if chain, timed in alternation (${PAIRED_ROUNDS} rounds, CPU time): engine ${paired.engineMicroseconds.toFixed(3)} µs, if chain ${paired.floorMicroseconds.toFixed(3)} µs, ratio ${paired.median.toFixed(2)}× (median; ${paired.low.toFixed(2)}–${paired.high.toFixed(2)}×)`,
  );
  if (process.env.PAIRED_ONLY === '1') return modelServer.close();
  const results = [
    measure('hand-written if chain (floor)', ITERATIONS * 10, () => ifChain(ctx, readLoad)),
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
    `goal ≤ 2 µs per evaluateSync: ${engineMicroseconds <= 2 ? 'met' : 'missed'}; goal ≤ 1.3× the if chain (paired median ${paired.median.toFixed(2)}×): ${paired.median <= 1.3 ? 'met' : 'missed'}; goal ≥ 10× faster than Cedar: ${peer / engineMicroseconds >= 10 ? 'met' : 'missed'}`,
  );
}

void main();
