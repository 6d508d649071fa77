// Hostile input to the hybrid serializer's `deserialize`: arbitrary text and damaged envelopes
// give a value or a coded SerializationError — never another exception, never code execution.
import fc from 'fast-check';
import { SerializationError, deserialize, serialize } from '@clearstone/core';
import { applyDamage, damage, type Damage } from './support/damage';
import { suiteSeed } from './support/seeded-random';
import { testTimeout } from './support/test-timeout';

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 10_000);
const SEED = suiteSeed(5005);
const CODES = new Set(['DESERIALIZATION_FAILED', 'UNKNOWN_TYPE_TAG', 'UNSERIALIZABLE_VALUE', 'UNKNOWN_CLASS']);
jest.setTimeout(testTimeout(60_000));

/** Runs deserialize; returns 'value' or the error code, and fails on anything that is not a coded SerializationError. */
function outcome(text: string): string {
  try {
    deserialize(text);
    return 'value';
  } catch (error) {
    if (!SerializationError.isInstance(error) || !CODES.has(error.code))
      throw new Error(`deserialize threw an uncoded ${String(error)} for ${JSON.stringify(text.slice(0, 200))}`, {
        cause: error,
      });
    return error.code;
  }
}

const canary = globalThis as { __clearstoneFuzzExecuted?: boolean };
afterAll(() => {
  expect(canary.__clearstoneFuzzExecuted).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

const anything = fc.anything({
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
});

/** Values the serializer stores in each of its envelopes (the graph one for chains deeper than 1 000). */
const storable = fc.oneof(
  { weight: 5, arbitrary: fc.jsonValue() },
  { weight: 5, arbitrary: anything },
  fc
    .tuple(fc.nat(3), fc.integer({ min: 990, max: 1_200 }), anything)
    .map(([kind, depth, leaf]) => chain(kind, depth, leaf)),
);

/** Damage inside the decoded V8 bytes (nested or graph table), re-encoded as a well-formed base64 envelope. */
function damageV8Payload(text: string, change: Damage): string {
  const envelope = (JSON.parse(text) ?? {}) as { __type__: string; value: string };
  if (envelope.__type__ !== 'v8' && envelope.__type__ !== 'v8-graph') return applyDamage(text, change);
  const bytes = Buffer.from(envelope.value, 'base64').toString('latin1');
  return JSON.stringify({
    __type__: envelope.__type__,
    value: Buffer.from(applyDamage(bytes, change), 'latin1').toString('base64'),
  });
}

/** A chain of `depth` objects, arrays, Maps or Sets around a small value, built without recursion. */
function chain(kind: number, depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level++)
    value = [{ next: value }, [value], new Map([[level, value]]), new Set([value])][kind % 4];
  return value;
}

describe('deserialize on hostile input', () => {
  const seen = new Map<string, number>();
  const count = (key: string) => seen.set(key, (seen.get(key) ?? 0) + 1);
  afterAll(() => console.log(`deserialize fuzz outcomes: ${JSON.stringify(Object.fromEntries(seen))}`));

  it(`arbitrary strings (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.json(),
          fc.string({ unit: 'grapheme' }).map((text) => `{"__type__":"v8","value":"${text}"}`),
        ),
        (text) => {
          count(outcome(text));
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`damaged envelopes of real values, JSON text and V8 bytes (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(storable, damage, fc.boolean(), (value, change, inPayload) => {
        const text = serialize(value);
        count(outcome(inPayload ? damageV8Payload(text, change) : applyDamage(text, change)));
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });

  it('envelopes that try to run code or pollute prototypes stay data', () => {
    const attempts = [
      '{"__type__":"json","value":{"__proto__":{"polluted":true}}}',
      '{"__type__":"json","value":{"constructor":{"prototype":{"polluted":true}}}}',
      '{"__type__":"function","value":"() => { globalThis.__clearstoneFuzzExecuted = true }"}',
      `{"__type__":"v8","value":"${Buffer.from('globalThis.__clearstoneFuzzExecuted = true').toString('base64')}"}`,
      serialize({ toString: 'globalThis.__clearstoneFuzzExecuted = true', valueOf: '1' }),
    ];
    for (const text of attempts) {
      const result = outcome(text);
      expect(['value', 'DESERIALIZATION_FAILED', 'UNKNOWN_TYPE_TAG']).toContain(result);
    }
  });

  it.each([100, 2_000, 3_000, 10_000, 200_000])(
    'a V8 payload nested %i arrays deep gives a value or DESERIALIZATION_FAILED',
    (depth) => {
      // Hand-built V8 serialization: version header, `depth` dense arrays of one element, null.
      const bytes = Buffer.concat([
        Buffer.from([0xff, 0x0f]),
        Buffer.alloc(depth * 2, Buffer.from([0x41, 0x01])),
        Buffer.from([0x30]),
        Buffer.alloc(depth * 3, Buffer.from([0x24, 0x00, 0x01])),
      ]);
      expect(['value', 'DESERIALIZATION_FAILED']).toContain(
        outcome(JSON.stringify({ __type__: 'v8', value: bytes.toString('base64') })),
      );
    },
  );

  it.each([2_000, 100_000])('every value nested %i levels deep that serialize captures is read back', (depth) => {
    for (let kind = 0; kind < 4; kind++) {
      const text = serialize(chain(kind, depth, new Date(0)));
      expect(JSON.parse(text).__type__).toBe('v8-graph');
      expect(outcome(text)).toBe('value');
    }
  });

  it('a JSON envelope nested 200 000 levels deep gives a value', () => {
    expect(outcome(`{"__type__":"json","value":${'['.repeat(200_000)}${']'.repeat(200_000)}}`)).toBe('value');
  });
});
