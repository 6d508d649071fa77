// Traces at full speed into a SQLite file until it is killed. After each `forceFlush()` resolves it
// prints `flushed <spanId>,<spanId>,…` for every span ended before that flush started.
import { SpanKind } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';
import { spanChecksum } from '../support/span-checksum';

const [dbPath, seedText = '1'] = process.argv.slice(2);
let seed = Number(seedText) >>> 0;
const random = (): number => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 4294967296;
};

const provider = new TracerProvider({ dbPath, batchSize: 50, flushIntervalMs: 5 });
const tracer = provider.getTracer('crash-writer', '1.0.0');
let sequence = 0;
let ended: string[] = [];

function leaf(name: string): void {
  const payload = 'p'.repeat(Math.floor(random() * 300));
  const current = sequence++;
  tracer.span(name, { kind: SpanKind.CLIENT, input: { current, payload } }, (span) => {
    span.setAttributes({ seq: current, payload, check: spanChecksum(name, current, payload) });
    span.setOutput(current);
    ended.push(span.spanContext().spanId);
  });
}

process.stdout.write('ready\n');
for (;;) {
  const count = 20 + Math.floor(random() * 200);
  await tracer.span('batch', async (root) => {
    root.setAttribute('seq', sequence);
    for (let index = 0; index < count; index++) leaf(index % 7 === 0 ? 'tool.search' : 'llm.call');
    ended.push(root.spanContext().spanId);
  });
  // Spans ended so far are committed once this flush resolves.
  const pending = ended;
  ended = [];
  await provider.forceFlush();
  process.stdout.write(`flushed ${pending.join(',')}\n`);
}
