/**
 * The recorded trace database the backtest and policy preview benchmarks read: `traceCount` runs of
 * 10 spans (root, plan, 3 chats, 4 tool calls, synthesize) written with TraceStore, one every 6 s
 * from a week ago.
 */
import { statSync } from 'node:fs';
import { SpanKind, SpanStatusCode, generateSpanId, generateTraceId } from '@clearstone/core';
import type { Attributes, SpanRecord } from '@clearstone/core';
import { TraceStore } from '@clearstone/observability';
import { mb } from './measure';

const TOOLS = ['web_search', 'lookup_order', 'send_email', 'update_address', 'drop_table'];

function span(
  traceId: string,
  parentSpanId: string | undefined,
  name: string,
  startNs: bigint,
  durationNs: bigint,
  attributes: Attributes,
): SpanRecord {
  const record: SpanRecord = {
    traceId,
    spanId: generateSpanId(),
    name,
    kind: SpanKind.INTERNAL,
    startTimeNs: startNs,
    endTimeNs: startNs + durationNs,
    durationNs,
    attributes,
    status: SpanStatusCode.OK,
    events: [],
    links: [],
    instrumentationName: 'bench-agent',
  };
  if (parentSpanId !== undefined) record.parentSpanId = parentSpanId;
  return record;
}

/** One recorded run: root, plan, 3 chats, 4 tool calls, synthesize. */
function run(index: number, startNs: bigint): SpanRecord[] {
  const traceId = generateTraceId();
  const root = span(traceId, undefined, 'invoke_agent support', startNs, 9_000_000_000n, {
    'gen_ai.operation.name': 'invoke_agent',
    'clearstone.user.id': `user-${index % 5000}`,
    'clearstone.agent.id': 'support',
    'clearstone.user.role': index % 5 === 0 ? 'guest' : 'member',
  });
  const spans = [root, span(traceId, root.spanId, 'plan', startNs + 1_000_000n, 5_000_000n, {})];
  let at = startNs + 10_000_000n;
  for (let step = 0; step < 7; step++) {
    at += 100_000_000n;
    if (step % 2 === 0) {
      spans.push(
        span(traceId, root.spanId, 'chat gpt-4o', at, 80_000_000n, {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.usage.input_tokens': 500 + ((index * 7 + step) % 1500),
          'gen_ai.usage.output_tokens': 200,
          'clearstone.cost.usd': 0.002,
        }),
      );
    } else {
      const tool = TOOLS[(index + step) % (index % 97 === 0 ? 5 : 4)];
      spans.push(
        span(traceId, root.spanId, `execute_tool ${tool}`, at, 40_000_000n, {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': tool,
          'gen_ai.tool.call.id': `call_${index}_${step}`,
        }),
      );
    }
  }
  spans.push(span(traceId, root.spanId, 'synthesize', at + 100_000_000n, 5_000_000n, {}));
  return spans;
}

/** Writes `traceCount` recorded runs to a new trace database at `dbPath`. */
export function writeTraceDatabase(dbPath: string, traceCount: number): void {
  const store = new TraceStore(dbPath);
  const base = BigInt(Date.now() - 7 * 86_400_000) * 1_000_000n;
  let batch: SpanRecord[] = [];
  for (let index = 0; index < traceCount; index++) {
    batch.push(...run(index, base + BigInt(index) * 6_000_000_000n));
    if (batch.length >= 10_000) {
      store.writeSpans(batch);
      batch = [];
    }
  }
  store.writeSpans(batch);
  store.close();
}

/** {@link writeTraceDatabase}, then prints how long it took and the size of the file. */
export function writeTraceDatabaseReported(dbPath: string, traceCount: number): void {
  const started = performance.now();
  writeTraceDatabase(dbPath, traceCount);
  console.log(
    `   database written in ${((performance.now() - started) / 1000).toFixed(1)} s (${mb(statSync(dbPath).size)})`,
  );
}
