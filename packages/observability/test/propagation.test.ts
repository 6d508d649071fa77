import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TracerProvider, inject } from '../src/index';
import { useTempDir } from './support/temp-dir';

const run = promisify(execFile);
const tsx = join(__dirname, '../../../node_modules/.bin/tsx');
const fixture = join(__dirname, 'fixtures/continue-trace.mts');
const tempPath = useTempDir();

describe('trace context across processes', () => {
  it('continues a trace in a child process that got the traceparent through its environment', async () => {
    const dbPath = tempPath('shared.db');
    const provider = new TracerProvider({ dbPath });
    const tracer = provider.getTracer('parent');
    const { traceId, spanId, child } = await tracer.span('orchestrate', async (span) => {
      const { stdout } = await run(tsx, [fixture, dbPath], { env: inject({ ...process.env }) });
      return {
        traceId: span.traceId,
        spanId: span.spanId,
        child: JSON.parse(stdout) as { traceId: string; parentSpanId: string },
      };
    });
    await provider.shutdown();
    expect(child).toEqual({ traceId, parentSpanId: spanId });
    const trace = provider.traceStore.getTrace(traceId)!;
    provider.traceStore.close();
    expect(trace.rootSpanId).toBe(spanId);
    const byName = new Map(trace.spans.map((span) => [span.name, span]));
    expect([...byName.keys()].sort()).toEqual(['orchestrate', 'worker.run', 'worker.step']);
    expect(byName.get('worker.run')!.parentSpanId).toBe(spanId);
    expect(byName.get('worker.step')!.parentSpanId).toBe(byName.get('worker.run')!.spanId);
    expect(byName.get('worker.run')!.instrumentationName).toBe('worker');
  }, 60_000);
});
