import net from 'node:net';
import { types } from 'node:util';
import v8 from 'node:v8';
import {
  SerializationError,
  captureSnapshot,
  deserialize,
  registerSerializableClass,
  serialize,
  unregisterSerializableClass,
} from '..';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(SerializationError.isInstance(error)).toBe(true);
    return (error as SerializationError).code;
  }
  return undefined;
}

const roundTrip = (value: unknown) => deserialize(serialize(value));

describe('hybrid serializer', () => {
  it.each([[0], [42], [-1.5], ['text'], [true], [null], [[1, 'a', null]], [{ a: { b: [1, 2, { c: 'd' }] } }]])(
    'stores plain JSON %p as JSON and round-trips it',
    (value) => {
      const text = serialize(value);
      expect(JSON.parse(text)).toEqual({ __type__: 'json', value });
      expect(roundTrip(value)).toEqual(value);
    },
  );

  it('round-trips Map, Set, Date, BigInt, typed arrays and Error', () => {
    const value = {
      map: new Map<unknown, unknown>([['a', 1], [2, { b: true }]]),
      set: new Set(['x', 'y']),
      date: new Date('2026-01-02T03:04:05.678Z'),
      big: 2n ** 70n,
      bytes: new Uint8Array([1, 2, 255]),
      floats: new Float64Array([0.5, -2]),
      error: new TypeError('bad type'),
    };
    const text = serialize(value);
    expect(JSON.parse(text).__type__).toBe('v8');
    const restored = deserialize(text) as typeof value;
    expect(restored.map).toEqual(value.map);
    expect(restored.set).toEqual(value.set);
    expect(restored.date.getTime()).toBe(value.date.getTime());
    expect(restored.big).toBe(value.big);
    expect(restored.bytes).toEqual(value.bytes);
    expect(restored.floats).toEqual(value.floats);
    expect(types.isNativeError(restored.error)).toBe(true);
    expect(restored.error.name).toBe('TypeError');
    expect(restored.error.message).toBe('bad type');
  });

  it('round-trips cyclic objects and shared references', () => {
    const node: Record<string, unknown> = { name: 'root' };
    const child = { parent: node };
    node.children = [child, child];
    const restored = roundTrip(node) as { name: string; children: Array<{ parent: unknown }> };
    expect(restored.name).toBe('root');
    expect(restored.children[0]!.parent).toBe(restored);
    expect(restored.children[0]).toBe(restored.children[1]);
  });

  it('keeps undefined inside arrays and objects, NaN and -0', () => {
    expect(roundTrip([1, undefined, 3])).toEqual([1, undefined, 3]);
    const restored = roundTrip({ a: undefined, n: NaN, z: -0 }) as Record<string, unknown>;
    expect('a' in restored).toBe(true);
    expect(restored.n).toBeNaN();
    expect(Object.is(restored.z, -0)).toBe(true);
  });

  it('restores registered class instances with their prototype', () => {
    class Money {
      constructor(public cents: bigint, public currency: string) {}
      format() {
        return `${this.currency} ${this.cents / 100n}`;
      }
    }
    registerSerializableClass(Money);
    try {
      const restored = roundTrip({ price: new Money(12345n, 'EUR') }) as { price: Money };
      expect(restored.price).toBeInstanceOf(Money);
      expect(restored.price.format()).toBe('EUR 123');
    } finally {
      unregisterSerializableClass('Money');
    }
  });

  it('refuses to guess an unregistered class on the way back', () => {
    class Secret {
      value = 1;
    }
    registerSerializableClass(Secret);
    const text = serialize(new Secret());
    unregisterSerializableClass('Secret');
    expect(codeOf(() => deserialize(text))).toBe('UNKNOWN_CLASS');
    expect(deserialize(text, { onUnknownClass: 'plain' })).toEqual({ value: 1 });
  });

  it.each([
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['an object holding a function', { callback: () => 1 }],
    ['a socket', new net.Socket()],
  ])('gives the tagged error envelope for %s, and deserialize throws a coded error', (_label, value) => {
    const text = serialize(value);
    const envelope = JSON.parse(text);
    expect(envelope.__type__).toBe('error');
    expect(envelope.reason).toMatch(/^Serialization failed: /);
    expect(typeof envelope.valueType).toBe('string');
    expect(codeOf(() => deserialize(text))).toBe('UNSERIALIZABLE_VALUE');
    expect(() => deserialize(text)).toThrow('Original object could not be serialized');
  });

  it.each([
    ['malformed JSON', '{not json'],
    ['a top-level array', '[1,2]'],
    ['a bare number', '42'],
    ['a json envelope without value', '{"__type__":"json"}'],
    ['non-base64 v8 payload', '{"__type__":"v8","value":"@@@"}'],
    ['a corrupt v8 payload', '{"__type__":"v8","value":"/w9vIgFhSQI="}'],
  ])('throws DESERIALIZATION_FAILED on %s', (_label, text) => {
    expect(codeOf(() => deserialize(text))).toBe('DESERIALIZATION_FAILED');
  });

  it('rejects non-string input and unknown tags with codes', () => {
    expect(codeOf(() => deserialize(undefined as never))).toBe('DESERIALIZATION_FAILED');
    expect(codeOf(() => deserialize({} as never))).toBe('DESERIALIZATION_FAILED');
    expect(codeOf(() => deserialize('{"__type__":"pickle","value":"gASVAAAA"}'))).toBe('UNKNOWN_TYPE_TAG');
    expect(codeOf(() => deserialize('{"value":1}'))).toBe('UNKNOWN_TYPE_TAG');
  });

  it('never executes code from its input', () => {
    const globalRecord = globalThis as Record<string, unknown>;
    delete globalRecord.__clearstonePwned;
    const attempts = [
      '{"__type__":"json","value":{"__proto__":{"polluted":true},"toString":"globalThis.__clearstonePwned=1"}}',
      '{"__type__":"v8","value":"' + Buffer.from('globalThis.__clearstonePwned=1').toString('base64') + '"}',
      '{"__type__":"function","value":"() => { globalThis.__clearstonePwned = 1 }"}',
      '{"__type__":"v8","value":"' + v8.serialize({ __clearstone_class__: 'Function', fields: { body: 'globalThis.__clearstonePwned=1' } }).toString('base64') + '"}',
    ];
    for (const text of attempts) {
      try {
        deserialize(text, { onUnknownClass: 'plain' });
      } catch (error) {
        expect(SerializationError.isInstance(error)).toBe(true);
      }
    }
    expect(globalRecord.__clearstonePwned).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('captureSnapshot', () => {
  it('captures small values with their byte size', () => {
    const snapshot = captureSnapshot({ query: 'weather in Paris' });
    expect(snapshot.captured).toBe(true);
    if (!snapshot.captured) return;
    expect(snapshot.sizeBytes).toBe(Buffer.byteLength(snapshot.data));
    expect(deserialize(snapshot.data)).toEqual({ query: 'weather in Paris' });
  });

  it('honours the 1 MiB default limit', () => {
    const snapshot = captureSnapshot('x'.repeat(1_100_000));
    expect(snapshot.captured).toBe(false);
    if (snapshot.captured) return;
    expect(snapshot.reason).toMatch(/^Snapshot size \(\d+ bytes\) exceeds limit of 1048576 bytes\.$/);
    expect(snapshot.type).toBe('string');
    expect('data' in snapshot).toBe(false);
    expect(captureSnapshot('x'.repeat(1_000_000)).captured).toBe(true);
  });

  it('honours a custom limit, counting UTF-8 bytes', () => {
    const value = 'a'.repeat(500);
    expect(captureSnapshot(value, { maxBytes: 100 }).captured).toBe(false);
    expect(captureSnapshot(value, { maxBytes: 1000 }).captured).toBe(true);
    const exact = serialize(value).length;
    expect(captureSnapshot(value, { maxBytes: exact }).captured).toBe(true);
    expect(captureSnapshot('é'.repeat(300), { maxBytes: 400 }).captured).toBe(false);
  });

  it('reports unserializable values as not captured', () => {
    const snapshot = captureSnapshot({ callback: () => 1 });
    expect(snapshot.captured).toBe(false);
    if (snapshot.captured) return;
    expect(snapshot.reason).toMatch(/^Serialization failed/);
    expect(snapshot.type).toBe('Object');
  });
});
