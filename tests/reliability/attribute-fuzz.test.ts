// Hostile span attributes and snapshots: whatever the traced code passes, tracing never throws,
// keeps every valid attribute exactly, drops the others, and the stored span reads back whole.
import path from 'node:path';
import fc from 'fast-check';
import { SerializationError, deserialize } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';
import { revokedProxy, throwingGetters, throwingProxy } from './support/hostile-values';
import { suiteSeed } from './support/seeded-random';
import { makeTempDir } from './support/temp-dir';
import { testTimeout } from './support/test-timeout';

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 10_000);
const SEED = suiteSeed(7007);
jest.setTimeout(testTimeout(90_000));
const temp = makeTempDir('attribute-fuzz');
afterAll(() => temp.remove());

/** Built inside the test case: fast-check must not inspect these values itself. */
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

function cycle(): object {
  const node: Record<string, unknown> = { name: 'node' };
  node.self = node;
  node.list = [node, { back: node }];
  return node;
}

function deepNesting(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = { level, value };
  return value;
}

/**
 * Attribute values, NaN, ±Infinity and -0 included (fc.double produces them): they must read back
 * exactly. Proxies whose traps throw, revoked ones and Proxies of arrays are dropped.
 */
const attributeValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.anything({
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      withBoxedValues: true,
    }),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.constant(null))) },
  { weight: 2, arbitrary: fc.oneof(fc.double(), fc.array(fc.double()), fc.array(fc.boolean())) },
  fc.constantFrom('\uD800', 'a\uDFFFb', '\uDBFF\uDBFF', 'x\u0000y', '\u202Ertl', '😀'.slice(0, 1)),
  fc.oneof(
    recipe('string of 64 KiB', () => 'x'.repeat(64 * 1024)),
    recipe('nested 2 000 levels', () => deepNesting(2_000)),
    recipe('cycle', cycle),
    recipe('bigint', () => 2n ** 100n),
    recipe('function', () => function callback() {}),
    recipe('symbol', () => Symbol('s')),
    recipe('throwing getters', () => throwingGetters(['a', 'b'])),
    recipe('mixed array', () => ['a', 1, true]),
    recipe('throwing proxy', () => throwingProxy()),
    recipe('revoked proxy', () => revokedProxy()),
    recipe(
      'array proxy whose traps throw',
      () =>
        new Proxy(['a'], {
          get: () => {
            throw new Error('trap throws');
          },
        }),
    ),
  ),
);

/** Snapshot values: the same (Proxies included). */
const snapshotValue: fc.Arbitrary<unknown> = attributeValue;

/** Whole objects given to setAttributes that throw when read: nothing of them is stored. */
const hostileBulk = fc.constantFrom<[string, () => object] | undefined>(
  undefined,
  undefined,
  ['throwing getters', () => throwingGetters(['x', 'y'])],
  ['throwing proxy', () => throwingProxy()],
  ['revoked proxy', () => revokedProxy()],
);

const KEYS = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', '\uD800', ''),
);

/** What the tracing API documents for an attribute value: kept as is, or dropped (undefined). */
function expectedAttribute(value: unknown): unknown {
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return value;
  try {
    if (!Array.isArray(value)) return undefined;
    return expectedArray(value);
  } catch {
    // A revoked Proxy, or an array Proxy whose traps throw: dropped.
    return undefined;
  }
}

function expectedArray(value: unknown[]): unknown {
  let itemType: string | undefined;
  for (const item of value) {
    if (item === null || item === undefined) continue;
    const current = typeof item;
    if (current !== 'string' && current !== 'number' && current !== 'boolean') return undefined;
    if (itemType !== undefined && itemType !== current) return undefined;
    itemType = current;
  }
  // Holes and undefined items are stored as null (JSON).
  return Array.from(value, (item: unknown) => (item === undefined ? null : item));
}

interface Case {
  spanId: string;
  expected: Record<string, unknown>;
  input: unknown;
  output: unknown;
}

describe('span attributes and snapshots from hostile values', () => {
  it(`never throw, keep valid attributes exactly, and store readable spans (${RUNS} cases)`, async () => {
    const provider = new TracerProvider({ dbPath: path.join(temp.path, 'attributes.db'), maxQueueSize: RUNS * 2 });
    const tracer = provider.getTracer('fuzz');
    const cases: Case[] = [];
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 20 }),
        KEYS,
        attributeValue,
        fc.dictionary(KEYS, attributeValue, { maxKeys: 4 }),
        hostileBulk,
        snapshotValue,
        snapshotValue,
        (name, key, value, many, hostile, input, output) => {
          const single = materialize(value);
          const bulk = Object.fromEntries(
            Object.entries(many).map(([entryKey, entryValue]) => [entryKey, materialize(entryValue)]),
          );
          const inputValue = materialize(input);
          const outputValue = materialize(output);
          const spanId = tracer.span(name, { input: inputValue }, (span) => {
            span.setAttribute(key, single as never);
            span.setAttributes(bulk as never);
            if (hostile !== undefined) {
              span.setAttributes(hostile[1]() as never);
              span.addEvent('hostile', hostile[1]() as never);
            }
            span.addEvent('event', bulk as never);
            span.setOutput(outputValue);
            return span.spanContext().spanId;
          });
          const expected: Record<string, unknown> = {};
          const keep = (entryKey: string, entryValue: unknown) => {
            const stored = expectedAttribute(entryValue);
            if (stored === undefined) delete expected[entryKey];
            else expected[entryKey] = stored;
          };
          keep(key, single);
          for (const entryKey in bulk) keep(entryKey, bulk[entryKey]);
          cases.push({ spanId, expected, input: inputValue, output: outputValue });
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    await provider.forceFlush();
    expect(provider.stats.dropped).toBe(0);
    const problems: string[] = [];
    let snapshotsRestored = 0;
    let capturedUnreadable = 0;
    for (const item of cases) {
      const record = provider.traceStore.getSpan(item.spanId);
      if (record === undefined) {
        problems.push(`span ${item.spanId} missing`);
        continue;
      }
      try {
        expect(record.attributes).toEqual(item.expected);
      } catch {
        problems.push(
          `attributes of ${item.spanId}: stored ${JSON.stringify(record.attributes).slice(0, 200)}, expected ${JSON.stringify(item.expected).slice(0, 200)}`,
        );
      }
      for (const [label, snapshot, original] of [
        ['input', record.input, item.input],
        ['output', record.output, item.output],
      ] as const) {
        if (snapshot === undefined) continue;
        if (snapshot.captured) {
          try {
            deserialize(snapshot.data, { onUnknownClass: 'plain' });
            snapshotsRestored += 1;
          } catch (error) {
            // Captured, but too deeply nested for V8 to decode again: a coded error, counted and reported.
            if (!SerializationError.isInstance(error) || error.code !== 'DESERIALIZATION_FAILED')
              problems.push(`${label} of ${item.spanId}: ${String(error)}`);
            capturedUnreadable += 1;
          }
        } else if (typeof snapshot.reason !== 'string' || snapshot.reason === '') {
          problems.push(`${label} of ${item.spanId} neither captured nor explained`);
        }
        void original;
      }
    }
    await provider.shutdown();
    expect(problems.slice(0, 5)).toEqual([]);
    console.log(
      `attribute fuzz: ${cases.length} spans stored and read back, ${snapshotsRestored} snapshots restored, ${capturedUnreadable} captured but too deep to decode`,
    );
  });
});
