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
      expect(text).toBe(JSON.stringify(value));
      expect(roundTrip(value)).toEqual(value);
    },
  );

  it('round-trips Map, Set, Date, BigInt, typed arrays and Error', () => {
    const value = {
      map: new Map<unknown, unknown>([
        ['a', 1],
        [2, { b: true }],
      ]),
      set: new Set(['x', 'y']),
      date: new Date('2026-01-02T03:04:05.678Z'),
      big: 2n ** 70n,
      bytes: new Uint8Array([1, 2, 255]),
      floats: new Float64Array([0.5, -2]),
      error: new TypeError('bad type'),
    };
    const text = serialize(value);
    expect(JSON.parse(text).date).toEqual({ __type__: 'Date', value: '2026-01-02T03:04:05.678Z' });
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
    expect(restored.children[0].parent).toBe(restored);
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
      constructor(
        public cents: bigint,
        public currency: string,
      ) {}
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
    expect(codeOf(() => deserialize('{"__type__":5,"value":1}'))).toBe('UNKNOWN_TYPE_TAG');
  });

  it('never executes code from its input', () => {
    const globalRecord = globalThis as Record<string, unknown>;
    delete globalRecord.__clearstonePwned;
    const attempts = [
      '{"__type__":"json","value":{"__proto__":{"polluted":true},"toString":"globalThis.__clearstonePwned=1"}}',
      '{"__type__":"v8","value":"' + Buffer.from('globalThis.__clearstonePwned=1').toString('base64') + '"}',
      '{"__type__":"function","value":"() => { globalThis.__clearstonePwned = 1 }"}',
      '{"__type__":"v8","value":"' +
        v8
          .serialize({ __clearstone_class__: 'Function', fields: { body: 'globalThis.__clearstonePwned=1' } })
          .toString('base64') +
        '"}',
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

/** A value nested `depth` containers deep, built without recursion; `leaf` sits at the bottom. */
function nest(kind: 'object' | 'array' | 'map' | 'set', depth: number, leaf: unknown = 'bottom'): unknown {
  let value: unknown = leaf;
  for (let level = 0; level < depth; level++) {
    if (kind === 'object') value = { level, value };
    else if (kind === 'array') value = [level, value];
    else if (kind === 'map')
      value = new Map<unknown, unknown>([
        ['level', level],
        ['value', value],
      ]);
    else value = new Set([level, value]);
  }
  return value;
}

/** Walks a restored {@link nest} value down to its leaf, checking every level; returns the leaf. */
function unnest(kind: 'object' | 'array' | 'map' | 'set', depth: number, value: unknown): unknown {
  for (let level = depth - 1; level >= 0; level--) {
    let next: unknown;
    let ok: boolean;
    if (kind === 'object') {
      ok = (value as { level: number }).level === level;
      next = (value as { value: unknown }).value;
    } else if (kind === 'array') {
      ok = Array.isArray(value) && value.length === 2 && value[0] === level;
      next = (value as unknown[])[1];
    } else if (kind === 'map') {
      ok = types.isMap(value) && (value as Map<string, unknown>).get('level') === level;
      next = (value as Map<string, unknown>).get('value');
    } else {
      const items = [...(value as Set<unknown>)];
      ok = types.isSet(value) && items.length === 2 && items[0] === level;
      next = items[1];
    }
    // One assertion per level would dominate the run time at 100 000 levels.
    if (!ok) throw new Error(`level ${level} of the restored ${kind} is wrong`);
    value = next;
  }
  return value;
}

describe('deeply nested values', () => {
  it.each([
    ['object', 2_000],
    ['array', 2_000],
    ['map', 2_000],
    ['set', 2_000],
    ['object', 100_000],
    ['array', 100_000],
    ['map', 100_000],
    ['set', 100_000],
  ] as const)('captures and reads back %s nesting %i levels deep', (kind, depth) => {
    const snapshot = captureSnapshot(nest(kind, depth), { maxBytes: 64 * 1024 * 1024 });
    expect(snapshot.captured).toBe(true);
    if (!snapshot.captured) return;
    expect(JSON.parse(snapshot.data).__type__).toBe('v8-graph');
    expect(unnest(kind, depth, deserialize(snapshot.data))).toBe('bottom');
  });

  it('keeps the nested V8 format for values up to 1 000 levels, readable deep in the call stack', () => {
    const text = serialize(nest('object', 998));
    expect(JSON.parse(text).__type__).toBe('v8');
    const decodeBelow = (frames: number): unknown => (frames === 0 ? deserialize(text) : decodeBelow(frames - 1));
    expect(unnest('object', 998, decodeBelow(1_000))).toBe('bottom');
  });

  it('restores cycles, shared references, classes, sparse arrays and V8-only leaves at depth', () => {
    class Account {
      constructor(
        public owner: string,
        public balance: bigint,
      ) {}
      describe() {
        return `${this.owner}: ${this.balance}`;
      }
    }
    registerSerializableClass(Account);
    try {
      const shared = { name: 'shared', at: new Date('2026-01-02T03:04:05.678Z') };
      const sparse: unknown[] = [];
      sparse[5] = 'five';
      const root: Record<string, unknown> = {
        shared,
        sparse,
        account: new Account('ada', 10n ** 20n),
        bytes: new Uint8Array([7, 8]),
      };
      Object.defineProperty(root, '__proto__', {
        value: { own: true },
        enumerable: true,
        writable: true,
        configurable: true,
      });
      let chain: Record<string, unknown> = root;
      for (let level = 0; level < 3_000; level++) chain = { next: chain, again: shared, missing: undefined };
      root.top = chain;
      const lookup = new Map<unknown, unknown>([
        [shared, 'by object key'],
        ['chain', chain],
      ]);
      const value = { chain, lookup };

      const text = serialize(value);
      expect(JSON.parse(text).__type__).toBe('v8-graph');
      const restored = deserialize(text) as typeof value;
      let bottom = restored.chain;
      const restoredShared = restored.chain.again as typeof shared;
      let wrongLevels = 0;
      for (let level = 0; level < 3_000; level++) {
        if (!('missing' in bottom) || bottom.missing !== undefined || bottom.again !== restoredShared) wrongLevels += 1;
        bottom = bottom.next as Record<string, unknown>;
      }
      expect(wrongLevels).toBe(0);
      expect(bottom.top).toBe(restored.chain);
      expect(bottom.shared).toBe(restoredShared);
      expect(restored.lookup.get('chain')).toBe(restored.chain);
      expect(restored.lookup.get(restoredShared)).toBe('by object key');
      expect(restoredShared.at.getTime()).toBe(shared.at.getTime());
      expect(bottom.sparse).toHaveLength(6);
      expect(0 in (bottom.sparse as unknown[])).toBe(false);
      expect((bottom.sparse as unknown[])[5]).toBe('five');
      expect(bottom.account).toBeInstanceOf(Account);
      expect((bottom.account as Account).describe()).toBe('ada: 100000000000000000000');
      expect(bottom.bytes).toEqual(new Uint8Array([7, 8]));
      expect(Object.getPrototypeOf(bottom)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(bottom, '__proto__')?.value).toEqual({ own: true });
      expect(({} as Record<string, unknown>).own).toBeUndefined();

      unregisterSerializableClass('Account');
      expect(codeOf(() => deserialize(text))).toBe('UNKNOWN_CLASS');
      const plain = deserialize(text, { onUnknownClass: 'plain' }) as { lookup: Map<string, Record<string, unknown>> };
      let plainBottom = plain.lookup.get('chain')!;
      for (let level = 0; level < 3_000; level++) plainBottom = plainBottom.next as Record<string, unknown>;
      expect(plainBottom.account).toEqual({ owner: 'ada', balance: 10n ** 20n });
      expect(Object.getPrototypeOf(plainBottom.account)).toBe(Object.prototype);
    } finally {
      unregisterSerializableClass('Account');
    }
  });

  it('stores registered class instances at any depth', () => {
    class Link {
      constructor(
        public next: Link | null,
        public index: number,
      ) {}
    }
    registerSerializableClass(Link);
    try {
      let head: Link | null = null;
      for (let index = 0; index < 5_000; index++) head = new Link(head, index);
      let restored = deserialize(serialize(head)) as Link | null;
      let wrong = 0;
      for (let index = 4_999; index >= 0; index--) {
        if (!(restored instanceof Link) || restored.index !== index) wrong += 1;
        restored = restored!.next;
      }
      expect(wrong).toBe(0);
      expect(restored).toBeNull();
    } finally {
      unregisterSerializableClass('Link');
    }
  });

  it('refuses, with a reason, an unregistered class instance that nests too deep by itself for V8 to read back', () => {
    class Opaque {
      constructor(public inner: unknown) {}
    }
    let value: unknown = 'bottom';
    for (let level = 0; level < 3_000; level++) value = new Opaque(value);
    const envelope = JSON.parse(serialize({ holder: value }));
    expect(envelope).toMatchObject({ __type__: 'error', valueType: 'Object' });
    expect(envelope.reason).toBe(
      'Serialization failed: an instance of Opaque nests objects more than 1000 levels deep, too deep to be read back; register its class with registerSerializableClass() so that it can be stored at any depth.',
    );
    const snapshot = captureSnapshot(value);
    expect(snapshot).toMatchObject({ captured: false, type: 'Opaque' });
    // A shallower one is captured as before, as a plain object.
    let shallow: unknown = 'bottom';
    for (let level = 0; level < 500; level++) shallow = new Opaque(shallow);
    const restored = deserialize(serialize(nest('object', 2_000, shallow)));
    expect((unnest('object', 2_000, restored) as { inner: unknown }).inner).toBeDefined();
  });

  it('reads back a nested V8 payload as deep as V8 decodes it (written before the graph format)', () => {
    const payload = v8.serialize(nest('map', 1_500));
    expect(
      unnest('map', 1_500, deserialize(JSON.stringify({ __type__: 'v8', value: payload.toString('base64') }))),
    ).toBe('bottom');
  });

  it.each([
    ['not an array', 'table'],
    ['a wrong version', [2, [[0, 0, [], [], [], []]]]],
    ['no nodes', [1, []]],
    ['a reference to a missing node', [1, [[0, 0, ['a'], [5], [], [0]]]]],
    ['an unknown node kind', [1, [[9, 0, [], [], [], []]]]],
    ['an array index past the length', [1, [[1, 1, [3], ['x'], [], []]]]],
    ['a non-string property name', [1, [[0, 0, [1], ['x'], [], []]]]],
    ['unpaired map entries', [1, [[2, 0, ['a'], [], [], []]]]],
    ['a malformed node', [1, [{ 0: 0 }]]],
  ])('throws DESERIALIZATION_FAILED on a graph payload with %s', (_label, table) => {
    const text = JSON.stringify({ __type__: 'v8-graph', value: v8.serialize(table).toString('base64') });
    expect(codeOf(() => deserialize(text))).toBe('DESERIALIZATION_FAILED');
  });
});
