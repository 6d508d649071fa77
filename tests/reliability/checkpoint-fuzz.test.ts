// Hostile checkpoint files: truncated, damaged, or edited and re-digested so that they pass the
// integrity check and reach the field validation. Loading gives a checkpoint or a coded error.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { ClearstoneError, SpanKind, SpanStatusCode, type Trace } from '@clearstone/core';
import { CheckpointManager } from '@clearstone/debugging';
import { applyDamage, damage } from './support/damage';
import { suiteSeed } from './support/seeded-random';
import { makeTempDir } from './support/temp-dir';
import { testTimeout } from './support/test-timeout';

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 10_000);
const SEED = suiteSeed(6006);
jest.setTimeout(testTimeout(60_000));
const temp = makeTempDir('checkpoint-fuzz');
afterAll(() => temp.remove());

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const spans = [
  {
    traceId,
    spanId: '00f067aa0ba902b7',
    name: 'agent.run',
    kind: SpanKind.INTERNAL,
    startTimeNs: 10n,
    endTimeNs: 90n,
    durationNs: 80n,
    attributes: { step: 1 },
    status: SpanStatusCode.OK,
    events: [{ name: 'e', timeNs: 20n, attributes: {} }],
    links: [],
    instrumentationName: 'fuzz',
  },
  {
    traceId,
    spanId: '00f067aa0ba902b8',
    parentSpanId: '00f067aa0ba902b7',
    name: 'llm.call',
    kind: SpanKind.CLIENT,
    startTimeNs: 30n,
    endTimeNs: 60n,
    durationNs: 30n,
    attributes: {},
    status: SpanStatusCode.OK,
    events: [],
    links: [],
    instrumentationName: 'fuzz',
    output: { captured: true as const, data: '{"__type__":"json","value":"hi"}', sizeBytes: 33 },
  },
];
const trace = { traceId, rootSpanId: spans[0].spanId, spans } as unknown as Trace;
const manager = new CheckpointManager({ dir: temp.path });
const original = manager.createCheckpoint(
  { messages: ['a', 'b'], when: new Date(0), tags: new Set(['x']), count: 2n },
  trace,
  spans[1].spanId,
);
const originalText = readFileSync(original.path, 'utf8');
const target = original.path;

/** Canonical JSON as the checkpoint format digests it (keys sorted at every level). */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item === undefined ? null : item)).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
    .join(',')}}`;
}

/** Re-digests an edited document, as someone repairing or forging a file without a key would. */
function redigest(document: Record<string, unknown>): string {
  const { integrity: _integrity, ...body } = document;
  const signed = canonical({
    format: body.format,
    version: body.version,
    metadata: body.metadata,
    state: body.state,
    spans: body.spans,
  });
  return JSON.stringify({
    ...body,
    integrity: { algorithm: 'sha256', digest: createHash('sha256').update(signed, 'utf8').digest('hex') },
  });
}

const outcomes = new Map<string, number>();
afterAll(() => console.log(`loadCheckpoint fuzz outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}`));

/** Writes `text` over the checkpoint file and loads it: a checkpoint or a coded ClearstoneError. */
function load(text: string): void {
  writeFileSync(target, text);
  let key = 'loaded';
  try {
    const checkpoint = manager.loadCheckpoint(target);
    expect(Array.isArray(checkpoint.spans)).toBe(true);
  } catch (error) {
    if (!ClearstoneError.isInstance(error))
      throw new Error(`loadCheckpoint threw an uncoded ${String(error)} for ${JSON.stringify(text.slice(0, 300))}`, {
        cause: error,
      });
    key = error.code;
  }
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
}

/** A JSON path into the document and a replacement value for it. */
const edit = fc.record({
  pathChoice: fc.nat(),
  value: fc.oneof(
    fc.jsonValue(),
    fc.constantFrom(null, -1, '', '..', '/etc/passwd', 'ckpt_zz', '__proto__', '99999999999999999999999', 'NaN'),
  ),
});

function editDocument(choice: number, value: unknown): Record<string, unknown> {
  const document = JSON.parse(originalText) as Record<string, unknown>;
  const paths: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    for (const key of Object.keys(node)) {
      paths.push([node as Record<string, unknown>, Array.isArray(node) ? Number(key) : key]);
      walk((node as Record<string, unknown>)[key]);
    }
  };
  walk(document);
  const [parent, key] = paths[choice % paths.length];
  if (value === undefined) delete (parent as Record<string, unknown>)[key as string];
  else (parent as Record<string, unknown>)[key as string] = value;
  return document;
}

describe('loadCheckpoint on hostile files', () => {
  it(`truncated and damaged files (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(damage, (change) => load(applyDamage(originalText, change))),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`edited fields with a recomputed digest (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(edit, fc.boolean(), ({ pathChoice, value }, keepDigest) => {
        const document = editDocument(pathChoice, value);
        load(keepDigest ? JSON.stringify(document) : redigest(document));
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });

  it.each([1_000, 20_000, 200_000])('a state nested %i levels deep is refused as corrupt, not a crash', (depth) => {
    const text = originalText.replace(
      /"state": \{[\s\S]*?\n {2}\},\n {2}"spans"/,
      `"state": {"__type__":"json","value":${'['.repeat(depth)}${']'.repeat(depth)}},\n  "spans"`,
    );
    expect(text).not.toBe(originalText);
    load(text);
    // The directory listing skips such a file instead of failing.
    expect(() => manager.listCheckpoints()).not.toThrow();
  });

  it('paths that leave the checkpoint directory are refused with CHECKPOINT_INVALID_PATH', () => {
    for (const attempt of [
      '../outside.ckpt',
      '/etc/passwd',
      `..${path.sep}..${path.sep}x.ckpt`,
      'a\u0000b.ckpt',
      path.join(temp.path, '..', 'x.ckpt'),
    ]) {
      expect(() => manager.loadCheckpoint(attempt)).toThrow(
        expect.objectContaining({ code: 'CHECKPOINT_INVALID_PATH' }),
      );
    }
  });
});
