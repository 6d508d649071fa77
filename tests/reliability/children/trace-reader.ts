// Queries a trace database with TraceStore in a loop while other processes write it, until the
// file `<dbPath>.stop` appears. Prints `{"type":"reader","queries":n,"errors":[…]}`.
import { existsSync } from 'node:fs';
import { TraceStore } from '@clearstone/observability';

const [dbPath] = process.argv.slice(2);
while (!existsSync(dbPath)) await new Promise((resolve) => setTimeout(resolve, 10));
const errors: string[] = [];
let queries = 0;
let store: TraceStore | undefined;
process.stdout.write('ready\n');
while (!existsSync(`${dbPath}.stop`)) {
  try {
    store ??= new TraceStore(dbPath, { readonly: true });
    const traces = store.listTraces({ limit: 20 });
    for (const summary of traces.slice(0, 3)) store.getTrace(summary.traceId);
    store.querySpans({ name: 'work', attributes: { worker: queries % 4 }, limit: 50 });
    queries += 1;
  } catch (error) {
    // A read-only open can race the first writer creating the schema; anything else is a failure.
    const code = (error as { code?: string }).code ?? '';
    if (!(store === undefined && code === 'NOT_A_CLEARSTONE_DATABASE'))
      errors.push(`${code}: ${(error as Error).message}`);
    store = undefined;
  }
  await new Promise((resolve) => setImmediate(resolve));
}
store?.close();
process.stdout.write(`${JSON.stringify({ type: 'reader', queries, errors })}\n`);
