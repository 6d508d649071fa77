import { useTempDir } from '../../test/support/temp-dir';
import { TracerProvider } from '../provider';
import type { TracerProviderOptions } from '../provider';
import { DROPPED_ATTRIBUTES_KEY, TRUNCATED_ATTRIBUTES_KEY } from './attribute-value';
import type { Span } from './span-types';

const tempPath = useTempDir();

async function recordOne(
  options: TracerProviderOptions,
  build: (span: Span) => void,
): Promise<{
  attributes: Record<string, unknown>;
  events: Array<{ attributes: Record<string, unknown> }>;
  links: Array<{ attributes?: Record<string, unknown> }>;
  warnings: string[];
}> {
  const spy = jest.spyOn(process, 'emitWarning');
  const provider = new TracerProvider({ dbPath: tempPath('traces.db'), ...options });
  let spanId = '';
  expect(() =>
    provider.getTracer('limits').span('step', (span) => {
      spanId = span.spanId;
      build(span);
    }),
  ).not.toThrow();
  await provider.shutdown();
  const warnings = spy.mock.calls.map(([warning, codeOrOptions]) => `${codeOrOptions?.code}: ${String(warning)}`);
  spy.mockRestore();
  const record = provider.traceStore.getSpan(spanId)!;
  provider.traceStore.close();
  return { attributes: record.attributes, events: record.events, links: record.links, warnings };
}

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function throwingGetters(): object {
  const target: Record<string, unknown> = { fine: 'kept' };
  Object.defineProperty(target, 'bad', {
    enumerable: true,
    get: () => {
      throw new Error('getter throws');
    },
  });
  return target;
}

describe('attribute value length limit', () => {
  it('keeps strings up to 64 Ki characters by default and truncates longer ones, counting them on the span', async () => {
    const exact = 'x'.repeat(64 * 1024);
    const { attributes, warnings } = await recordOne({}, (span) => {
      span.setAttribute('exact', exact);
      span.setAttribute('long', 'y'.repeat(50 * 1024 * 1024));
      span.setAttribute('list', ['short', 'z'.repeat(70_000)]);
    });
    expect(attributes.exact).toBe(exact);
    expect(attributes.long).toBe('y'.repeat(64 * 1024));
    expect(attributes.list).toEqual(['short', 'z'.repeat(64 * 1024)]);
    expect(attributes['clearstone.truncated_attributes']).toBe(2);
    expect(warnings.filter((warning) => warning.startsWith('CLEARSTONE_ATTRIBUTE_LIMIT'))).toHaveLength(1);
  });

  it('is configurable, applies to event and link attributes, and never splits a surrogate pair', async () => {
    const { attributes, events, links } = await recordOne({ attributeValueLengthLimit: 4 }, (span) => {
      span.setAttribute('emoji', 'abc😀def');
      span.setAttribute('fits', 'abcd');
      span.addEvent('event', { text: 'abcdefgh' });
      span.addLink({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), attributes: { text: 'abcdefgh' } });
    });
    expect(attributes.emoji).toBe('abc');
    expect(attributes.fits).toBe('abcd');
    expect(events[0].attributes).toEqual({ text: 'abcd' });
    expect(links[0].attributes).toEqual({ text: 'abcd' });
    expect(attributes['clearstone.truncated_attributes']).toBe(3);
  });

  it('Infinity turns it off', async () => {
    const { attributes } = await recordOne({ attributeValueLengthLimit: Number.POSITIVE_INFINITY }, (span) =>
      span.setAttribute('long', 'y'.repeat(100_000)),
    );
    expect(attributes.long).toBe('y'.repeat(100_000));
    expect(attributes['clearstone.truncated_attributes']).toBeUndefined();
  });
});

describe('attribute count limit', () => {
  it('keeps 128 attributes by default; new keys beyond are dropped and counted, existing keys still change', async () => {
    const { attributes } = await recordOne({}, (span) => {
      for (let index = 0; index < 200; index++) span.setAttribute(`key.${index}`, index);
      span.setAttribute('key.0', 'changed');
      span.setAttribute('toString', 'an Object.prototype name is a new key too');
    });
    const keys = Object.keys(attributes).filter((key) => key.startsWith('key.'));
    expect(keys).toHaveLength(128);
    expect(attributes['key.0']).toBe('changed');
    expect(attributes['key.127']).toBe(127);
    expect(attributes['key.128']).toBeUndefined();
    expect(attributes['clearstone.dropped_attributes']).toBe(73);
  });

  it('frees a slot when an attribute is removed, and limits event attributes too', async () => {
    const { attributes, events } = await recordOne({ attributeCountLimit: 2 }, (span) => {
      span.setAttributes({ a: 1, b: 2, c: 3 });
      span.setAttribute('a', undefined);
      span.setAttribute('d', 4);
      span.addEvent('event', { x: 1, y: 2, z: 3 });
    });
    expect(attributes).toEqual({ b: 2, d: 4, 'clearstone.dropped_attributes': 2 });
    expect(events[0].attributes).toEqual({ x: 1, y: 2 });
  });

  it('rejects limits that are not positive integers (or Infinity)', () => {
    expect(() => new TracerProvider({ dbPath: null, attributeCountLimit: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'attributeCountLimit' }),
    );
    expect(() => new TracerProvider({ dbPath: null, attributeValueLengthLimit: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'attributeValueLengthLimit' }),
    );
  });
});

describe('numbers JSON cannot represent', () => {
  it('NaN, ±Infinity and -0 are stored and read back exactly', async () => {
    const { attributes, events } = await recordOne({}, (span) => {
      span.setAttributes({
        nan: Number.NaN,
        inf: Number.POSITIVE_INFINITY,
        ninf: Number.NEGATIVE_INFINITY,
        nzero: -0,
        list: [0, -0, Number.NaN],
      });
      span.addEvent('event', { value: Number.NEGATIVE_INFINITY });
    });
    expect(attributes).toEqual({
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      ninf: Number.NEGATIVE_INFINITY,
      nzero: -0,
      list: [0, -0, Number.NaN],
    });
    expect(Object.is(attributes.nzero, -0)).toBe(true);
    expect(events[0].attributes).toEqual({ value: Number.NEGATIVE_INFINITY });
  });
});

describe('values that throw when read', () => {
  it('revoked and throwing Proxies, throwing getters: the attribute is dropped, the others kept, one warning', async () => {
    const throwingArray = new Proxy(['a'], {
      get: () => {
        throw new Error('trap throws');
      },
    });
    const { attributes, events, links, warnings } = await recordOne({}, (span) => {
      span.setAttribute('revoked', revoked() as never);
      span.setAttribute('trap', throwingArray);
      span.setAttributes(throwingGetters() as never);
      span.setAttributes(revoked() as never);
      span.setAttributes({ after: 'still recorded' });
      span.addEvent('event', throwingGetters() as never);
      span.addEvent('revoked', revoked() as never);
      span.addLink(revoked() as never);
      span.addLinks(revoked() as never);
      span.setStatus(throwingGetters() as never);
      span.recordException(revoked());
    });
    expect(attributes).toEqual({ fine: 'kept', after: 'still recorded' });
    expect(events.map((event) => event.attributes)).toEqual([
      { fine: 'kept' },
      {},
      { 'exception.type': 'unknown', 'exception.message': 'an exception whose properties cannot be read' },
    ]);
    expect(links).toEqual([]);
    expect(
      warnings.filter((warning) => warning.startsWith('CLEARSTONE_INVALID_ATTRIBUTE') && warning.includes('threw')),
    ).toHaveLength(1);
  });

  it('a function throwing a revoked Proxy fails its span with that same value rethrown', async () => {
    const provider = new TracerProvider({ dbPath: null });
    const thrown = revoked();
    let caught: unknown;
    try {
      provider.getTracer('t').span('fails', () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the test is about a thrown revoked Proxy, not an Error
        throw thrown;
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(thrown);
    await provider.shutdown();
  });
});

describe('attributes given when a span starts', () => {
  /** The stored attributes of one span started with `attributes`, and the warnings. */
  async function startedWith(
    attributes: Record<string, unknown>,
    options: TracerProviderOptions = {},
  ): Promise<{ attributes: Record<string, unknown>; warnings: string[] }> {
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const provider = new TracerProvider({ dbPath: tempPath('traces.db'), ...options });
    const span = provider.getTracer('limits').startSpan('step', { attributes: attributes as never });
    // Changing the caller's object afterwards changes nothing recorded.
    attributes.later = 'not recorded';
    span.end();
    await provider.shutdown();
    const warnings = spy.mock.calls.map(([warning, codeOrOptions]) => `${codeOrOptions?.code}: ${String(warning)}`);
    spy.mockRestore();
    const record = provider.traceStore.getSpan(span.spanId)!;
    provider.traceStore.close();
    return { attributes: record.attributes, warnings };
  }

  it('are copied as given when they are plain strings, numbers and booleans within the limits', async () => {
    const { attributes, warnings } = await startedWith({ model: 'gpt-4o', tokens: 128, cached: false, nan: NaN });
    expect(attributes).toEqual({ model: 'gpt-4o', tokens: 128, cached: false, nan: NaN });
    expect(warnings).toEqual([]);
  });

  it('obey the length and count limits, and drop invalid values, exactly as setAttributes does', async () => {
    const { attributes, warnings } = await startedWith(
      { long: 'abcdefgh', list: ['abcdefgh', 'ok'], nothing: null, a: 1, b: 2, c: 3 },
      { attributeValueLengthLimit: 4, attributeCountLimit: 3 },
    );
    expect(attributes).toEqual({
      long: 'abcd',
      list: ['abcd', 'ok'],
      a: 1,
      [TRUNCATED_ATTRIBUTES_KEY]: 2,
      [DROPPED_ATTRIBUTES_KEY]: 2,
    });
    expect(warnings.some((warning) => warning.startsWith('CLEARSTONE_INVALID_ATTRIBUTE'))).toBe(true);
  });

  it('ignore an own __proto__ key (as JSON.parse makes), as setAttributes does', async () => {
    const { attributes } = await startedWith(JSON.parse('{"__proto__": 1, "kept": 2}') as Record<string, unknown>);
    expect(attributes).toEqual({ kept: 2 });
  });

  it('keep inherited enumerable keys of objects with another prototype, as setAttributes does', async () => {
    const inherited = Object.assign(Object.create({ base: 'inherited' }) as Record<string, unknown>, { own: 1 });
    const { attributes } = await startedWith(inherited);
    expect(attributes).toEqual({ own: 1, base: 'inherited' });
  });
});
