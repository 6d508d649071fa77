/**
 * Tracing quickstart: a three-level span hierarchy with attributes and exception tracking,
 * persisted to SQLite and read back by the root's trace id.
 *
 * Run: node_modules/.bin/tsx examples/tracing-quickstart.ts [dbPath]
 */
import { SpanKind } from '@clearstone/core';
import type { SpanRecord } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';

const dbPath = process.argv[2] ?? 'traces.db';

// Initialize once at application startup.
const provider = new TracerProvider({ dbPath });
const tracer = provider.getTracer('my_agent', '1.0');

async function callLlm(prompt: string): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return `answer to ${prompt}`;
}

function runTool(expression: string): number {
  if (expression.includes('/ 0')) throw new Error('Something went wrong');
  return 42;
}

// Spans nest automatically: each span started inside another's function is its child.
const traceId = await tracer.span(
  'agent_execution',
  { kind: SpanKind.INTERNAL, input: 'What is 6 * 7?' },
  async (rootSpan) => {
    const answer = await tracer.span(
      'llm_call',
      { kind: SpanKind.CLIENT, attributes: { model: 'gpt-4', temperature: 0.7, max_tokens: 1000 } },
      async (llmSpan) => {
        const text = await callLlm('What is 6 * 7?');
        llmSpan.setOutput(text);
        return text;
      },
    );
    await tracer.span('tool_execution', { attributes: { tool: 'calculator' } }, async () => {
      tracer.span('parse_expression', (span) => span.setAttribute('expression', '6 * 7'));
      runTool('6 * 7');
    });
    // Exception tracking: the span records ERROR, the message and the stack, then the error propagates.
    try {
      tracer.span('risky_operation', () => runTool('1 / 0'));
    } catch {
      // handled by the agent
    }
    rootSpan.setOutput(answer);
    return rootSpan.traceId;
  },
);

// Spans are written in the background; shutdown persists everything still queued.
await provider.shutdown();

const trace = provider.traceStore.getTrace(traceId);
if (trace === undefined) throw new Error(`trace ${traceId} not found`);

function printTree(span: SpanRecord, depth: number): void {
  const attributes = Object.keys(span.attributes).length > 0 ? ` ${JSON.stringify(span.attributes)}` : '';
  const error =
    span.errorMessage === undefined
      ? ''
      : ` error="${span.errorMessage}" stack=${span.errorStack?.split('\n').length ?? 0} lines`;
  console.log(
    `${'  '.repeat(depth)}${span.name} [${span.kind}] ${span.status} ${(Number(span.durationNs ?? 0n) / 1e6).toFixed(2)} ms${attributes}${error}`,
  );
  for (const child of trace!.spans.filter((candidate) => candidate.parentSpanId === span.spanId))
    printTree(child, depth + 1);
}

console.log(`trace ${trace.traceId}: ${trace.spans.length} spans, status ${trace.status}`);
printTree(
  trace.spans.find((span) => span.spanId === trace.rootSpanId)!,
  0,
);
provider.traceStore.close();
