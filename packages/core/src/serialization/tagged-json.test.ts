import { types } from 'node:util';
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

const roundTrip = (value: unknown, options?: { onUnknownClass?: 'throw' | 'plain' }) =>
  deserialize(serialize(value), options);

/** What SQLite's `json_extract(text, path)` reads, for the paths used here (`$.a.b[0]`). */
function extract(text: string, path: string): unknown {
  let value = JSON.parse(text) as unknown;
  for (const [, key, index] of path.slice(1).matchAll(/\.([^.[]+)|\[(\d+)\]/g))
    value = (value as Record<string, unknown>)[key ?? Number(index)];
  return value;
}

describe('readable serialized JSON', () => {
  it.each([
    ['an object', { question: 'hi', count: 3, nested: { list: [1, 'a', null, true], empty: {} } }],
    ['an array', [{ a: 1 }, [2, [3]], 'x']],
    ['a string', 'hello "world"\n'],
    ['a number', 1.5],
    ['null', null],
    ['an object with a __proto__ key', JSON.parse('{"__proto__":{"x":1},"a":2}') as unknown],
  ])('writes plain JSON data (%s) exactly as JSON.stringify does', (_label, value) => {
    const text = serialize(value);
    expect(text).toBe(JSON.stringify(value));
    expect(deserialize(text)).toEqual(value);
  });

  it('tags only the leaves JSON cannot carry, in place', () => {
    const text = serialize({ question: 'hi', when: new Date(0) });
    expect(JSON.parse(text)).toEqual({
      question: 'hi',
      when: { __type__: 'Date', value: '1970-01-01T00:00:00.000Z' },
    });
    expect(text).toBe('{"question":"hi","when":{"__type__":"Date","value":"1970-01-01T00:00:00.000Z"}}');
    expect(deserialize(text)).toEqual({ question: 'hi', when: new Date(0) });
  });

  it('stays queryable by JSON paths, as SQLite json_extract reads them', () => {
    const text = serialize({
      question: 'hi',
      user: { id: 'u1', since: new Date(0), score: 10n },
      history: [{ at: new Date(1_000), text: 'earlier' }],
      tags: new Set(['a', 'b']),
      byName: new Map([['x', 1]]),
    });
    expect(extract(text, '$.question')).toBe('hi');
    expect(extract(text, '$.user.id')).toBe('u1');
    expect(extract(text, '$.user.since.value')).toBe('1970-01-01T00:00:00.000Z');
    expect(extract(text, '$.user.score.value')).toBe('10');
    expect(extract(text, '$.history[0].text')).toBe('earlier');
    expect(extract(text, '$.tags.value[1]')).toBe('b');
    expect(extract(text, '$.byName.value[0][1]')).toBe(1);
  });

  it('encodes every tagged leaf as documented', () => {
    class Money {
      constructor(public cents: bigint) {}
    }
    registerSerializableClass(Money);
    try {
      const error = new RangeError('too far');
      error.stack = 'RangeError: too far\n    at here';
      expect(
        JSON.parse(
          serialize({
            big: -12n,
            nan: Number.NaN,
            inf: Infinity,
            ninf: -Infinity,
            negativeZero: -0,
            missing: undefined,
            invalid: new Date(Number.NaN),
            pattern: /a\/b+/gi,
            map: new Map<unknown, unknown>([[1, new Date(0)]]),
            set: new Set([undefined]),
            bytes: new Uint8Array([1, 2, 255]),
            words: new Uint16Array([1]),
            buffer: new Uint8Array([9]).buffer,
            view: new DataView(new Uint8Array([4, 5]).buffer),
            node: Buffer.from('hi'),
            error,
            money: new Money(5n),
          }),
        ),
      ).toEqual({
        big: { __type__: 'BigInt', value: '-12' },
        nan: { __type__: 'Number', value: 'NaN' },
        inf: { __type__: 'Number', value: 'Infinity' },
        ninf: { __type__: 'Number', value: '-Infinity' },
        negativeZero: { __type__: 'Number', value: '-0' },
        missing: { __type__: 'undefined' },
        invalid: { __type__: 'Date', value: null },
        pattern: { __type__: 'RegExp', value: '/a\\/b+/gi' },
        map: { __type__: 'Map', value: [[1, { __type__: 'Date', value: '1970-01-01T00:00:00.000Z' }]] },
        set: { __type__: 'Set', value: [{ __type__: 'undefined' }] },
        bytes: { __type__: 'Uint8Array', value: 'AQL/' },
        words: { __type__: 'Uint16Array', value: Buffer.from(new Uint16Array([1]).buffer).toString('base64') },
        buffer: { __type__: 'ArrayBuffer', value: 'CQ==' },
        view: { __type__: 'DataView', value: 'BAU=' },
        node: { __type__: 'Buffer', value: 'aGk=' },
        error: {
          __type__: 'Error',
          value: { name: 'RangeError', message: 'too far', stack: 'RangeError: too far\n    at here' },
        },
        money: { __type__: 'Class', class: 'Money', value: { cents: { __type__: 'BigInt', value: '5' } } },
      });
    } finally {
      unregisterSerializableClass('Money');
    }
  });

  it('keeps -0, NaN, the infinities and undefined wherever they are', () => {
    expect(serialize(undefined)).toBe('{"__type__":"undefined"}');
    expect(deserialize(serialize(undefined))).toBeUndefined();
    for (const number of [-0, Number.NaN, Infinity, -Infinity]) expect(Object.is(roundTrip(number), number)).toBe(true);
    const restored = roundTrip({
      list: [1, undefined, -0],
      record: { gone: undefined, nan: Number.NaN },
      map: new Map([[undefined, -0]]),
      set: new Set([Number.NaN, -Infinity]),
    }) as {
      list: unknown[];
      record: Record<string, unknown>;
      map: Map<unknown, unknown>;
      set: Set<unknown>;
    };
    expect(restored.list).toHaveLength(3);
    expect(1 in restored.list && restored.list[1] === undefined).toBe(true);
    expect(Object.is(restored.list[2], -0)).toBe(true);
    expect('gone' in restored.record).toBe(true);
    expect(restored.record.nan).toBeNaN();
    expect([...restored.map]).toEqual([[undefined, -0]]);
    expect(Object.is(restored.map.get(undefined), -0)).toBe(true);
    expect([...restored.set]).toEqual([Number.NaN, -Infinity]);
  });

  it('round-trips every typed array kind, views into larger buffers, Buffer, DataView and ArrayBuffer', () => {
    const source = new Float64Array([1.5, -2, Number.NaN, 4]);
    const value = {
      int8: new Int8Array([-1, 2]),
      uint8: new Uint8Array([1, 255]),
      clamped: new Uint8ClampedArray([0, 255]),
      int16: new Int16Array([-300]),
      uint16: new Uint16Array([65535]),
      int32: new Int32Array([-70000]),
      uint32: new Uint32Array([4e9]),
      float32: new Float32Array([0.5]),
      float64: source,
      bigInt64: new BigInt64Array([-(2n ** 63n)]),
      bigUint64: new BigUint64Array([2n ** 64n - 1n]),
      window: source.subarray(1, 3),
      odd: new Uint8Array(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8]).buffer, 1, 7),
      buffer: Buffer.from('bytes'),
      view: new DataView(new Uint8Array([1, 2, 3, 4]).buffer, 1, 2),
      arrayBuffer: new Uint8Array([7, 8]).buffer,
    };
    const restored = roundTrip(value) as typeof value;
    for (const key of Object.keys(value) as Array<keyof typeof value>) {
      expect(Object.prototype.toString.call(restored[key])).toBe(Object.prototype.toString.call(value[key]));
    }
    expect(restored).toEqual(value);
    expect(restored.window).toEqual(new Float64Array([-2, Number.NaN]));
    expect(Buffer.isBuffer(restored.buffer)).toBe(true);
    expect([...new Uint8Array(restored.view.buffer)]).toEqual([2, 3]);
  });

  it('restores Errors with their type, message, stack, cause and own fields', () => {
    const cause = new Error('root');
    const error = Object.assign(new TypeError('bad type', { cause }), { code: 'E_BAD', detail: { at: new Date(0) } });
    const restored = roundTrip({ error }) as { error: TypeError & { code: string; detail: { at: Date } } };
    expect(restored.error).toBeInstanceOf(TypeError);
    expect(types.isNativeError(restored.error)).toBe(true);
    expect(restored.error.message).toBe('bad type');
    expect(restored.error.stack).toBe(error.stack);
    expect(restored.error.code).toBe('E_BAD');
    expect(restored.error.detail.at).toEqual(new Date(0));
    expect((restored.error.cause as Error).message).toBe('root');
    expect(Object.keys(restored.error)).toEqual(['code', 'detail']);

    class QuotaError extends Error {
      override name = 'QuotaError';
      constructor(readonly limit: number) {
        super(`over ${limit}`);
      }
    }
    const custom = roundTrip(new QuotaError(3)) as Error & { limit: number };
    expect(custom).toBeInstanceOf(Error);
    expect(custom.name).toBe('QuotaError');
    expect(custom.message).toBe('over 3');
    expect(custom.limit).toBe(3);
    expect(String(custom)).toBe('QuotaError: over 3');

    const aggregate = roundTrip(new AggregateError([new Error('one')], 'several')) as AggregateError;
    expect(aggregate).toBeInstanceOf(AggregateError);
    expect((aggregate.errors[0] as Error).message).toBe('one');
  });

  it('round-trips plain objects that have a __type__ key of their own, never reading them as tags', () => {
    const lookalikes = [
      { __type__: 'Date', value: '1970-01-01T00:00:00.000Z' },
      { __type__: 'undefined' },
      { __type__: 'Object', value: { __type__: 'Object' } },
      { __type__: 'Class', class: 'Function', value: {} },
      { __type__: 'json', value: 1 },
      { __type__: 'v8', value: 'AAAA' },
      { __type__: 'error', reason: 'fake', valueType: 'x' },
      { __type__: { nested: true }, at: new Date(0) },
    ];
    for (const value of lookalikes) {
      const text = serialize(value);
      expect(JSON.parse(text)).toMatchObject({ __type__: 'Object' });
      expect(deserialize(text)).toEqual(value);
      expect(roundTrip({ inside: [value] })).toEqual({ inside: [value] });
    }
    expect(extract(serialize({ meta: { __type__: 'x', n: 1 } }), '$.meta.value.n')).toBe(1);
    expect(captureSnapshot({ __type__: 'error', reason: 'fake' }).captured).toBe(true);
    class Holder {
      __type__ = 'Date';
      value = 'not a date';
    }
    expect(roundTrip(new Holder())).toEqual({ __type__: 'Date', value: 'not a date' });
  });

  it('writes instances of unregistered classes as their own fields, ignoring toJSON as before', () => {
    class Message {
      content = 'hello';
      sentAt = new Date(0);
      toJSON() {
        return { lc: 1 };
      }
    }
    const text = serialize({ messages: [new Message()] });
    expect(extract(text, '$.messages[0].content')).toBe('hello');
    expect(deserialize(text)).toEqual({ messages: [{ content: 'hello', sentAt: new Date(0) }] });
  });

  it('restores registered classes in tagged JSON, and refuses unregistered ones unless asked for plain', () => {
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
      norm() {
        return Math.hypot(this.x, this.y);
      }
    }
    registerSerializableClass(Point);
    const text = serialize({ where: [new Point(3, 4)] });
    try {
      expect(extract(text, '$.where[0].value.x')).toBe(3);
      expect((deserialize(text) as { where: Point[] }).where[0].norm()).toBe(5);
    } finally {
      unregisterSerializableClass('Point');
    }
    expect(codeOf(() => deserialize(text))).toBe('UNKNOWN_CLASS');
    expect(deserialize(text, { onUnknownClass: 'plain' })).toEqual({ where: [{ x: 3, y: 4 }] });
  });

  it('writes shared references once per place, like JSON, and falls back to the v8 envelope for cycles', () => {
    const shared = { at: new Date(0) };
    const text = serialize({ a: shared, b: shared });
    expect(JSON.parse(text)).toEqual({ a: { at: expect.any(Object) }, b: { at: expect.any(Object) } });
    expect(deserialize(text)).toEqual({ a: shared, b: shared });

    const node: Record<string, unknown> = { name: 'root', at: new Date(0) };
    node.self = node;
    const cyclic = serialize(node);
    expect(JSON.parse(cyclic).__type__).toBe('v8');
    const restored = deserialize(cyclic) as Record<string, unknown>;
    expect(restored.self).toBe(restored);
    expect(restored.at).toEqual(new Date(0));

    const list: unknown[] = [1];
    list.push(new Map([['list', list]]));
    expect(JSON.parse(serialize(list)).__type__).toBe('v8');
  });

  it('falls back to the v8 envelope for sparse arrays, boxed primitives and nesting past 512 JSON levels', () => {
    const sparse: unknown[] = [];
    sparse[2] = 'x';
    expect(JSON.parse(serialize(sparse)).__type__).toBe('v8');
    expect(roundTrip(sparse)).toEqual(sparse);
    expect(JSON.parse(serialize({ boxed: new String('s') })).__type__).toBe('v8');
    let deep: unknown = new Date(0);
    for (let level = 0; level < 500; level++) deep = [deep];
    expect(serialize(deep).startsWith('[[[')).toBe(true);
    for (let level = 0; level < 100; level++) deep = [deep];
    expect(JSON.parse(serialize(deep)).__type__).toBe('v8');
  });
});

describe('deserialize on hostile tagged JSON', () => {
  it.each([
    ['a Date that is not a date', '{"__type__":"Date","value":"yesterday"}'],
    ['a Date holding a number', '{"__type__":"Date","value":0}'],
    ['a BigInt that is not decimal', '{"__type__":"BigInt","value":"0x10"}'],
    ['an unknown special number', '{"__type__":"Number","value":"1"}'],
    ['a RegExp without slashes', '{"__type__":"RegExp","value":"abc"}'],
    ['a RegExp with bad flags', '{"__type__":"RegExp","value":"/a/q"}'],
    ['an invalid RegExp', '{"__type__":"RegExp","value":"/(/"}'],
    ['a Map without entries', '{"__type__":"Map","value":{"a":1}}'],
    ['a Map entry that is not a pair', '{"__type__":"Map","value":[[1]]}'],
    ['a Set without items', '{"__type__":"Set","value":"abc"}'],
    ['typed array bytes that are not base64', '{"__type__":"Uint8Array","value":"@@"}'],
    ['a Float64Array of 3 bytes', '{"__type__":"Float64Array","value":"AAAA"}'],
    ['a tag with extra fields', '{"__type__":"Date","value":null,"extra":1}'],
    ['a tag without value', '{"__type__":"Set"}'],
    ['an undefined tag with a value', '{"__type__":"undefined","value":1}'],
    ['an escape that holds an array', '{"__type__":"Object","value":[1]}'],
    ['a class without a name', '{"__type__":"Class","class":"","value":{}}'],
    ['an Error without fields', '{"__type__":"Error","value":"boom"}'],
  ])('throws DESERIALIZATION_FAILED on %s', (_label, text) => {
    expect(codeOf(() => deserialize(text))).toBe('DESERIALIZATION_FAILED');
    expect(codeOf(() => deserialize(`{"inside":[${text}]}`))).toBe('DESERIALIZATION_FAILED');
  });

  it.each([
    ['an unknown tag', '{"__type__":"Function","value":"return 1"}'],
    ['a tag that is not text', '{"__type__":null,"value":1}'],
    ['a whole-text envelope nested in a value', '{"a":{"__type__":"v8","value":"/w9f"}}'],
    ['a json envelope nested in a value', '[{"__type__":"json","value":1}]'],
  ])('throws UNKNOWN_TYPE_TAG on %s', (_label, text) => {
    expect(codeOf(() => deserialize(text))).toBe('UNKNOWN_TYPE_TAG');
  });

  it('reads any JSON text without tags as the value it is', () => {
    expect(deserialize('[1,2]')).toEqual([1, 2]);
    expect(deserialize('42')).toBe(42);
    expect(deserialize('{"value":1}')).toEqual({ value: 1 });
  });

  it('reads tags spelled with JSON escapes', () => {
    expect(deserialize('{"\\u005f_type__":"Date","value":"1970-01-01T00:00:00.000Z"}')).toEqual(new Date(0));
  });

  it('never pollutes prototypes nor runs code', () => {
    const globalRecord = globalThis as Record<string, unknown>;
    const attempts = [
      '{"__proto__":{"polluted":true},"at":{"__type__":"Date","value":null}}',
      '{"__type__":"Object","value":{"__proto__":{"polluted":true}}}',
      '{"__type__":"Class","class":"Object","value":{"__proto__":{"polluted":true}}}',
      '{"__type__":"Class","class":"Function","value":{"body":"globalThis.__clearstonePwned=1"}}',
      '{"__type__":"Error","value":{"name":"Function","message":"globalThis.__clearstonePwned=1","__proto__":{"polluted":true}}}',
      '{"__type__":"Error","value":{"name":"constructor","stack":{"__type__":"Map","value":[["__proto__",1]]}}}',
      '{"constructor":{"prototype":{"polluted":true}},"x":{"__type__":"undefined"}}',
    ];
    for (const text of attempts) {
      try {
        const value = deserialize(text, { onUnknownClass: 'plain' }) as Record<string, unknown>;
        expect(Object.getPrototypeOf(value) === Object.prototype || value instanceof Error).toBe(true);
      } catch (error) {
        expect(SerializationError.isInstance(error)).toBe(true);
      }
    }
    expect(globalRecord.__clearstonePwned).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const error = deserialize(
      '{"__type__":"Error","value":{"name":"Function","message":"m","__proto__":{"polluted":true}}}',
    ) as Error;
    expect(Object.getPrototypeOf(error)).toBe(Error.prototype);
    expect(error.name).toBe('Function');
    expect(Object.getOwnPropertyDescriptor(error, '__proto__')?.value).toEqual({ polluted: true });
  });

  it('decodes tagged JSON nested 200 000 levels deep without recursion', () => {
    const depth = 200_000;
    const text = `${'['.repeat(depth)}{"__type__":"Date","value":null}${']'.repeat(depth)}`;
    let value = deserialize(text);
    for (let level = 0; level < depth; level++) value = (value as unknown[])[0];
    expect(types.isDate(value) && Number.isNaN(value.getTime())).toBe(true);
  });
});
