// Limits: one huge payload must not exhaust memory or the database. Snapshots (span input and
// output) are capped and the cap is configurable; the refusal is marked on the span.
import { statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SNAPSHOT_MAX_BYTES, captureSnapshot, deserialize } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';
import { makeTempDir } from './support/temp-dir';
import { testTimeout } from './support/test-timeout';

jest.setTimeout(testTimeout(120_000));
const temp = makeTempDir('limits');
afterAll(() => temp.remove());
const FIFTY_MB = 50 * 1024 * 1024;
/** A string snapshot is stored as plain JSON: the string and its two quotes. */
const QUOTES = 2;

describe('a 50 MB input and output on a span', () => {
  it('are not stored: the span records why (size and limit), and stays small in the database', async () => {
    const dbPath = path.join(temp.path, 'snapshots.db');
    const provider = new TracerProvider({ dbPath });
    const tracer = provider.getTracer('limits');
    const huge = 'x'.repeat(FIFTY_MB);
    const spanId = tracer.span('huge.io', { input: huge }, (span) => {
      span.setOutput({ document: huge });
      return span.spanContext().spanId;
    });
    await provider.shutdown();
    const record = provider.traceStore.getSpan(spanId)!;
    expect(record.input).toEqual({
      captured: false,
      type: 'string',
      sizeBytes: FIFTY_MB + QUOTES,
      reason: `Snapshot size (${FIFTY_MB + QUOTES} bytes) exceeds limit of ${DEFAULT_SNAPSHOT_MAX_BYTES} bytes.`,
    });
    expect(record.output).toMatchObject({
      captured: false,
      type: 'Object',
      reason: expect.stringMatching(/exceeds limit of 1048576 bytes/),
    });
    const fileBytes = statSync(dbPath).size + (statSync(`${dbPath}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    expect(fileBytes).toBeLessThan(2 * 1024 * 1024);
  });

  it('the cap is configurable per provider (maxSnapshotBytes), counting UTF-8 bytes of the envelope', async () => {
    const provider = new TracerProvider({ dbPath: path.join(temp.path, 'configured.db'), maxSnapshotBytes: 1024 });
    const tracer = provider.getTracer('limits');
    const [small, large, wide] = ['a'.repeat(900), 'a'.repeat(2000), 'é'.repeat(600)].map((input) =>
      tracer.span('io', { input }, (span) => span.spanContext().spanId),
    );
    await provider.shutdown();
    const stored = (spanId: string) => provider.traceStore.getSpan(spanId)!.input!;
    const smallSnapshot = stored(small);
    expect(smallSnapshot.captured && deserialize(smallSnapshot.data)).toBe('a'.repeat(900));
    expect(stored(large)).toMatchObject({
      captured: false,
      reason: 'Snapshot size (2002 bytes) exceeds limit of 1024 bytes.',
    });
    expect(stored(wide)).toMatchObject({ captured: false, sizeBytes: 1202 });
  });

  it('captureSnapshot refuses a 50 MB value with its size, and keeps one exactly at the limit', () => {
    expect(captureSnapshot('y'.repeat(FIFTY_MB))).toMatchObject({ captured: false, sizeBytes: FIFTY_MB + QUOTES });
    const exact = 'z'.repeat(DEFAULT_SNAPSHOT_MAX_BYTES - QUOTES);
    expect(captureSnapshot(exact)).toMatchObject({ captured: true, sizeBytes: DEFAULT_SNAPSHOT_MAX_BYTES });
  });
});

describe('a 50 MB attribute string', () => {
  it('never throws and is stored truncated to attributeValueLengthLimit (64 Ki characters by default), flagged on the span', async () => {
    const dbPath = path.join(temp.path, 'attribute.db');
    const provider = new TracerProvider({ dbPath });
    const tracer = provider.getTracer('limits');
    const before = process.memoryUsage().rss;
    const spanId = tracer.span('huge.attribute', (span) => {
      span.setAttribute('document', 'x'.repeat(FIFTY_MB));
      span.setAttribute('pages', ['short', 'y'.repeat(FIFTY_MB)]);
      return span.spanContext().spanId;
    });
    await provider.shutdown();
    const rssGrowthMb = Math.round((process.memoryUsage().rss - before) / 1e6);
    const record = provider.traceStore.getSpan(spanId)!;
    expect(record.name).toBe('huge.attribute');
    expect(record.attributes.document).toBe('x'.repeat(64 * 1024));
    expect(record.attributes.pages).toEqual(['short', 'y'.repeat(64 * 1024)]);
    expect(record.attributes['clearstone.truncated_attributes']).toBe(2);
    const fileBytes = statSync(dbPath).size + (statSync(`${dbPath}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    expect(fileBytes).toBeLessThan(2 * 1024 * 1024);
    console.log(
      `limits: two 50 MB attribute strings are stored at 65536 characters each (database ${(fileBytes / 1e6).toFixed(1)} MB, RSS +${rssGrowthMb} MB)`,
    );
  });

  it('the limit is configurable (attributeValueLengthLimit), and Infinity stores the string whole', async () => {
    const provider = new TracerProvider({
      dbPath: path.join(temp.path, 'attribute-limit.db'),
      attributeValueLengthLimit: 10,
    });
    const unlimited = new TracerProvider({
      dbPath: path.join(temp.path, 'attribute-unlimited.db'),
      attributeValueLengthLimit: Number.POSITIVE_INFINITY,
    });
    const [short, whole] = [provider, unlimited].map((each) =>
      each.getTracer('limits').span('attribute', (span) => {
        span.setAttribute('text', 'z'.repeat(1000));
        return span.spanContext().spanId;
      }),
    );
    await Promise.all([provider.shutdown(), unlimited.shutdown()]);
    expect(provider.traceStore.getSpan(short)!.attributes.text).toBe('z'.repeat(10));
    expect(unlimited.traceStore.getSpan(whole)!.attributes).toEqual({ text: 'z'.repeat(1000) });
  });
});
