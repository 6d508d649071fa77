// One of several processes writing spans into the same SQLite file at once. Prints
// `{"type":"done","stats":…}` after shutdown() has persisted everything.
import { TracerProvider } from '@clearstone/observability';

const [dbPath, countText, worker] = process.argv.slice(2);
const count = Number(countText);
const warnings: string[] = [];
process.on('warning', (warning) =>
  warnings.push(`${(warning as { code?: string }).code ?? warning.name}: ${warning.message}`),
);
const provider = new TracerProvider({ dbPath, batchSize: 200 });
const tracer = provider.getTracer('concurrent-writer');
for (let sequence = 0; sequence < count; sequence++) {
  tracer.span('work', { attributes: { worker: Number(worker), seq: sequence } }, () => sequence);
  // Yield now and then, as an application would, so the background writer commits meanwhile.
  if (sequence % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
}
await provider.shutdown();
process.stdout.write(`${JSON.stringify({ type: 'done', stats: provider.stats, warnings })}\n`);
