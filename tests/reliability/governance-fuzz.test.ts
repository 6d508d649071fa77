// Governance fails closed: whatever a policy throws, returns or does to its input, the engine
// answers with a BLOCK that has a reason — never an exception, never ALLOW.
import fc from 'fast-check';
import {
  ALLOW,
  ActionType,
  ALERT,
  createContext,
  isDecision,
  type Decision,
  type PolicyContext,
} from '@clearstone/core';
import { AuditTrail, PolicyEngine, definePolicy, type PolicyFn } from '@clearstone/policy';
import {
  decayingDecision,
  decisionWithHostileMetadata,
  errorWithThrowingMessage,
  flippingDecision,
  revokedProxy,
  throwingGetters,
  throwingProxy,
} from './support/hostile-values';
import { suiteSeed } from './support/seeded-random';
import { testTimeout } from './support/test-timeout';

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 10_000);
const SEED = suiteSeed(4242);
jest.setTimeout(testTimeout(120_000));

const DECIDING = ['block', 'pause', 'alert', 'redact'];

/**
 * A hostile value is built afresh inside each policy call: fast-check must not touch it (it
 * inspects generated values), and stateful look-alikes must start from their first read.
 */
class Recipe {
  constructor(
    readonly label: string,
    readonly make: () => unknown,
  ) {}
  toString(): string {
    return `Recipe(${this.label})`;
  }
}
const recipe = (label: string, make: () => unknown) => fc.constant(new Recipe(label, make));
const materialize = (value: unknown): unknown => (value instanceof Recipe ? value.make() : value);

/** Anything at all, including the values that break code inspecting them. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.anything({
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withNullPrototype: true,
      withSparseArray: true,
      withBoxedValues: true,
    }),
  },
  fc.constant(null),
  fc.constant(undefined),
  fc.double(),
  recipe('symbol', () => Symbol('garbage')),
  recipe('function', () => () => ALLOW),
  fc.constant(0n),
  fc.constant(NaN),
  recipe('frozen empty object', () => Object.freeze({})),
  recipe('throwing getters', () => throwingGetters()),
  recipe('throwing proxy', () => throwingProxy()),
  recipe('revoked proxy', () => revokedProxy()),
  recipe('error with throwing message', () => errorWithThrowingMessage()),
  recipe('null prototype', () => Object.create(null) as object),
);

/** Objects shaped almost like a Decision, but not one, or one that changes or breaks after its first read. */
const lookAlike: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ action: fc.string(), metadata: fc.object() }, { requiredKeys: [] }).filter((value) => !isDecision(value)),
  fc.record({
    action: fc.constantFrom(...DECIDING, 'allow', 'skip'),
    metadata: fc.constantFrom(null, undefined, 1, 'x', true),
  }),
  fc.record({
    action: fc.constantFrom(...DECIDING, 'allow'),
    reason: fc.oneof(fc.integer(), fc.constant(null), fc.object()),
    metadata: fc.object(),
  }),
  fc.record({ action: fc.constantFrom('ALLOW', 'Allow', 'allow ', ' block', 'deny', ''), metadata: fc.object() }),
  // A BLOCK on its first read must stay a BLOCK: the engine reads a decision's fields once.
  fc
    .tuple(fc.constantFrom('allow', 'skip', 'nonsense'), fc.boolean())
    .map(([then, frozen]) => new Recipe(`flips block->${then}`, () => flippingDecision('block', then, frozen))),
  fc
    .constantFrom('allow', ...DECIDING)
    .map((action) => new Recipe(`${action} whose action getter throws`, () => decayingDecision(action, 0))),
  fc
    .constantFrom('allow', ...DECIDING)
    .map((action) => new Recipe(`${action} with hostile metadata`, () => decisionWithHostileMetadata(action))),
  fc
    .constantFrom('allow', 'block')
    .map(
      (action) =>
        new Recipe(
          `${action} proxy hiding its action`,
          () =>
            new Proxy(
              { action, metadata: {} },
              { get: (target, key) => (key === 'action' ? undefined : Reflect.get(target, key)) },
            ),
        ),
    ),
  recipe('frozen array holding ALLOW', () => Object.freeze([ALLOW])),
);

/** Writes a hostile policy attempts on its input (strict mode: writes to frozen objects throw). */
const mutations: Array<(ctx: PolicyContext) => void> = [
  (ctx) => void ((ctx as { userId: string }).userId = 'admin'),
  (ctx) => void ((ctx.metadata as Record<string, unknown>).role = 'admin'),
  (ctx) => void delete (ctx.metadata as Record<string, unknown>).role,
  (ctx) => void Object.defineProperty(ctx.metadata, 'role', { value: 'admin' }),
  (ctx) => void Object.setPrototypeOf(ctx.metadata, { role: 'admin' }),
  (ctx) => void (ctx.metadata.nested as { tags: string[] }).tags.push('admin'),
  (ctx) => void ((ctx.metadata.nested as Record<string, unknown>).level = 99),
];

type Behaviour =
  | { kind: 'throw'; value: unknown; async: boolean }
  | { kind: 'return'; value: unknown; async: boolean }
  | { kind: 'resolveLater'; value: unknown }
  | { kind: 'hang' }
  | { kind: 'thenable'; throws: boolean; value: unknown }
  | { kind: 'mutate'; index: number };

const behaviour: fc.Arbitrary<Behaviour> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('throw' as const), value: anyValue, async: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('return' as const),
      value: fc.oneof(anyValue, lookAlike),
      async: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('resolveLater' as const), value: fc.oneof(anyValue, lookAlike) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'hang' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('thenable' as const),
      throws: fc.boolean(),
      value: fc.oneof(anyValue, lookAlike),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('mutate' as const),
      index: fc.integer({ min: 0, max: mutations.length - 1 }),
    }),
  },
);

function hostilePolicy(plan: Behaviour): PolicyFn {
  return definePolicy({ name: 'hostile', priority: 5 }, (ctx: PolicyContext): never => {
    switch (plan.kind) {
      case 'throw': {
        const value = materialize(plan.value);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- hostile policies reject with any value, Errors or not
        if (plan.async) return Promise.reject(value) as never;
        throw value;
      }
      case 'return': {
        const value = materialize(plan.value);
        return (plan.async ? Promise.resolve(value) : value) as never;
      }
      case 'resolveLater':
        return new Promise((resolve) => setImmediate(() => resolve(materialize(plan.value)))) as never;
      case 'hang':
        return new Promise(() => undefined) as never;
      case 'thenable':
        return {
          then(resolve: (value: unknown) => void) {
            if (plan.throws) throw materialize(plan.value);
            resolve(materialize(plan.value));
          },
        } as never;
      case 'mutate':
        mutations[plan.index](ctx);
        return ALLOW as never;
    }
  });
}

/** Is the answer a frozen BLOCK with a reason, attributed to the hostile policy? */
function failedClosed(decision: Decision): boolean {
  return (
    Object.isFrozen(decision) &&
    decision.action === ActionType.BLOCK &&
    typeof decision.reason === 'string' &&
    decision.reason.trim() !== '' &&
    decision.metadata.policyName === 'hostile'
  );
}

describe('PolicyEngine under hostile policies', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => process.off('unhandledRejection', onUnhandled));

  it(`always BLOCKs with a reason, never throws, never ALLOWs (${RUNS} seeded cases, evaluate and evaluateSync)`, async () => {
    const allowing = definePolicy({ name: 'always_allow', priority: 10 }, () => ALLOW);
    const alerting = definePolicy({ name: 'alerting', priority: 1 }, () => ALERT('watching'));
    let asyncCases = 0;
    await fc.assert(
      fc.asyncProperty(behaviour, fc.boolean(), async (plan, withNeighbours) => {
        const policies = withNeighbours ? [allowing, hostilePolicy(plan), alerting] : [hostilePolicy(plan)];
        const engine = new PolicyEngine({
          policies,
          policyTimeoutMs: 3,
          auditTrail: new AuditTrail({ maxEntries: 4 }),
        });
        const ctx = createContext({
          userId: 'u-1',
          agentId: 'agent',
          metadata: { role: 'guest', nested: { level: 1, tags: ['a'] } },
        });
        const before = JSON.stringify(ctx);
        const synchronous = engine.evaluateSync(ctx);
        const asynchronous = await engine.evaluate(ctx);
        asyncCases += 1;
        expect(JSON.stringify(ctx)).toBe(before);
        const isSyncCase = plan.kind === 'mutate' || ((plan.kind === 'throw' || plan.kind === 'return') && !plan.async);
        // evaluateSync cannot wait for promises: it must still BLOCK (never allow unawaited work).
        if (!failedClosed(synchronous)) throw new Error(`evaluateSync answered ${JSON.stringify(synchronous)}`);
        if (!failedClosed(asynchronous))
          throw new Error(`evaluate answered ${JSON.stringify(asynchronous)} (sync-only case: ${isSyncCase})`);
        // The audit trail holds a verifiable record of the fail-closed decision.
        expect(engine.auditTrail.verify().ok).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS, timeout: 2000, endOnFailure: true },
    );
    // Rejections of abandoned policy promises are handled by the engine, not left to crash the process.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
    console.log(`governance fuzz: ${asyncCases} cases, seed ${SEED}`);
  });
});
