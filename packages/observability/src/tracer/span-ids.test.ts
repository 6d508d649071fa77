import { isValidSpanId, isValidTraceId } from '@clearstone/core';
import { useTempDir } from '../../test/support/temp-dir';
import { TracerProvider } from '../provider';
import { currentIdPool, hexAt, idBitsAt, newSpanId, newTraceId, reserveIdBytes } from './span-ids';
import type { Span } from './span-types';

const tempPath = useTempDir();

describe('pooled W3C ids', () => {
  it('are valid, lowercase hex of the right length, and distinct across pool refills', () => {
    const seen = new Set<string>();
    // 20 000 span ids and 5 000 trace ids cross several 64 KiB blocks.
    for (let index = 0; index < 20_000; index++) {
      const spanId = newSpanId();
      expect(isValidSpanId(spanId)).toBe(true);
      seen.add(spanId);
    }
    for (let index = 0; index < 5_000; index++) {
      const traceId = newTraceId();
      expect(isValidTraceId(traceId)).toBe(true);
      seen.add(traceId);
    }
    expect(seen.size).toBe(25_000);
  });

  it('give the stored form of a span id straight from its bytes, as the text would be stored', () => {
    for (let index = 0; index < 1000; index++) {
      const start = reserveIdBytes(8);
      const pool = currentIdPool();
      const text = hexAt(pool, start, 8);
      expect(idBitsAt(pool, start)).toBe(BigInt.asIntN(64, BigInt(`0x${text}`)));
    }
  });
});

describe('ids of recorded spans, read only after they were written', () => {
  it('are stored exactly as the spans report them, for roots, children, explicit and remote parents', async () => {
    const provider = new TracerProvider({ dbPath: tempPath('traces.db'), batchSize: 3 });
    const tracer = provider.getTracer('ids');
    const spans: Span[] = [];
    // Nothing reads an id before the spans are written.
    for (let trace = 0; trace < 20; trace++) {
      tracer.span('root', (root) => {
        spans.push(root);
        tracer.span('child', (child) => {
          spans.push(child);
          tracer.span('grandchild', (grandchild) => void spans.push(grandchild));
        });
      });
    }
    const explicitRoot = tracer.startSpan('explicit', { spanId: '00f067aa0ba902b7' });
    const explicitChild = tracer.startSpan('explicit child', { parent: explicitRoot });
    explicitChild.end();
    explicitRoot.end();
    const remote = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: 'ffffffffffffffff', isRemote: true };
    const remoteChild = tracer.startSpan('remote child', { parent: remote });
    remoteChild.end();
    spans.push(explicitRoot, explicitChild, remoteChild);
    await provider.shutdown();

    const store = provider.traceStore;
    for (const span of spans) {
      const stored = store.getSpan(span.spanId);
      expect(stored).toBeDefined();
      expect(stored!.traceId).toBe(span.traceId);
      expect(stored!.parentSpanId).toBe(span.parentSpanId);
    }
    expect(explicitRoot.spanId).toBe('00f067aa0ba902b7');
    expect(explicitChild.parentSpanId).toBe('00f067aa0ba902b7');
    expect(explicitChild.traceId).toBe(explicitRoot.traceId);
    expect(remoteChild.traceId).toBe(remote.traceId);
    expect(store.getSpan(remoteChild.spanId)?.parentSpanId).toBe('ffffffffffffffff');
    const first = store.getTrace(spans[0].traceId)!;
    expect(first.spans.map((span) => span.name)).toEqual(['root', 'child', 'grandchild']);
    expect(first.spans[2].parentSpanId).toBe(first.spans[1].spanId);
    expect(first.spans[1].parentSpanId).toBe(first.spans[0].spanId);
    store.close();
  });
});
