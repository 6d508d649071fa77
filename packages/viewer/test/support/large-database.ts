import {
  ClearstoneAttributes as CS,
  GenAiAttributes as GenAi,
  GovernedOutcomes,
  SpanKind,
  SpanStatusCode,
  generateSpanId,
  generateTraceId,
} from '@clearstone/core';
import type { Attributes, SpanRecord } from '@clearstone/core';
import { TraceStore } from '@clearstone/observability';

const MS = 1_000_000n;

function record(
  traceId: string,
  parentSpanId: string | undefined,
  name: string,
  startNs: bigint,
  durationNs: bigint,
  attributes: Attributes = {},
  kind: SpanKind = SpanKind.INTERNAL,
): SpanRecord {
  const span: SpanRecord = {
    traceId,
    spanId: generateSpanId(),
    name,
    kind,
    startTimeNs: startNs,
    endTimeNs: startNs + durationNs,
    durationNs,
    attributes,
    status: SpanStatusCode.OK,
    events: [],
    links: [],
    instrumentationName: '@clearstone/langchain',
  };
  if (parentSpanId !== undefined) span.parentSpanId = parentSpanId;
  return span;
}

/** Ids of the notable spans of {@link bigTraceSpans}. */
export interface BigTrace {
  traceId: string;
  rootSpanId: string;
  /** The last model call, deep in the trace: a deep link target. */
  lastChatSpanId: string;
  /** The one blocked tool call (`delete_database`). */
  blockedSpanId: string;
  /** The `__start__` span: framework plumbing. */
  startSpanId: string;
  spans: SpanRecord[];
}

/**
 * A LangGraph-style agent run of about `spanCount` spans, shaped as `createAgent` records it: per
 * step a `model_request` node holding a `chat` model call and a `RunnableLambda`, a
 * `…after_model` middleware hook, and a `tools` node holding a tool call, with `__start__` and
 * `…before_agent` at the top. One tool call (`delete_database`) was blocked by a policy.
 */
export function bigTraceSpans(spanCount: number, startMs = Date.UTC(2026, 10, 2, 9, 0, 0)): BigTrace {
  const traceId = generateTraceId();
  const start = BigInt(startMs) * MS;
  const stepSpans = 7;
  const steps = Math.max(1, Math.floor((spanCount - 3) / stepSpans));
  const root = record(traceId, undefined, 'invoke_agent support', start, BigInt(steps) * 40n * MS + 10n * MS, {
    [GenAi.OPERATION_NAME]: 'invoke_agent',
    [CS.USER_ID]: 'u_big',
    [CS.SESSION_ID]: 's_big',
  });
  const startNode = record(traceId, root.spanId, '__start__', start + 1n * MS, 1n * MS);
  const spans = [
    root,
    startNode,
    record(traceId, root.spanId, 'ClearstoneMiddleware.before_agent', start + 2n * MS, 1n * MS),
  ];
  let lastChatSpanId = '';
  let blockedSpanId = '';
  for (let step = 0; step < steps; step++) {
    const at = start + 5n * MS + BigInt(step) * 40n * MS;
    const node = record(traceId, root.spanId, 'model_request', at, 20n * MS);
    const chat = record(
      traceId,
      node.spanId,
      'chat gpt-4o',
      at + 1n * MS,
      17n * MS,
      {
        [GenAi.OPERATION_NAME]: 'chat',
        [GenAi.REQUEST_MODEL]: 'gpt-4o',
        [GenAi.USAGE_INPUT_TOKENS]: 400 + step,
        [GenAi.USAGE_OUTPUT_TOKENS]: 40,
        [CS.COST_USD]: 0.0014,
      },
      SpanKind.CLIENT,
    );
    lastChatSpanId = chat.spanId;
    const lambda = record(traceId, node.spanId, 'RunnableLambda', at + 18n * MS, 1n * MS);
    const hook = record(traceId, root.spanId, 'ClearstoneMiddleware.after_model', at + 21n * MS, 1n * MS);
    const tools = record(traceId, root.spanId, 'tools', at + 23n * MS, 15n * MS);
    const blocked = step === Math.floor(steps / 2);
    const toolName = blocked ? 'delete_database' : step % 3 === 0 ? 'lookup_order' : 'web_search';
    const tool = record(traceId, tools.spanId, `execute_tool ${toolName}`, at + 24n * MS, blocked ? 0n : 12n * MS, {
      [GenAi.OPERATION_NAME]: 'execute_tool',
      [GenAi.TOOL_NAME]: toolName,
      [GenAi.TOOL_CALL_ID]: `call_${step}`,
      'app.query': `order ${1000 + step}`,
      ...(blocked
        ? {
            [CS.GOVERNED_OUTCOME]: GovernedOutcomes.BLOCKED,
            [CS.POLICY_ACTION]: 'block',
            [CS.POLICY_NAME]: 'no_destructive_tools',
            [CS.POLICY_REASON]: 'delete_database is destructive',
            [CS.POLICY_EVENT_TYPE]: 'tool_call',
            [CS.POLICY_TOOL_NAME]: toolName,
          }
        : {}),
    });
    if (blocked) blockedSpanId = tool.spanId;
    const write = record(traceId, tools.spanId, 'ChannelWrite<tools,messages>', at + 37n * MS, 1n * MS);
    spans.push(node, chat, lambda, hook, tools, tool, write);
  }
  return { traceId, rootSpanId: root.spanId, lastChatSpanId, blockedSpanId, startSpanId: startNode.spanId, spans };
}

/** Writes {@link bigTraceSpans} into `dbPath` with the trace store; returns its ids. */
export function writeBigTrace(dbPath: string, spanCount = 10_000): Omit<BigTrace, 'spans'> {
  const store = new TraceStore(dbPath);
  try {
    const { spans, ...ids } = bigTraceSpans(spanCount);
    for (let index = 0; index < spans.length; index += 2000) store.writeSpans(spans.slice(index, index + 2000));
    return ids;
  } finally {
    store.close();
  }
}

/**
 * Writes `count` small agent runs (root, model call, tool call, a second model call), one a
 * minute, for users `u_0`…`u_9` and sessions `s_0`…`s_49`; every 50th run's tool is
 * `delete_database`, recorded on the tool span only.
 */
export function writeManyTraces(dbPath: string, count = 2000, startMs = Date.UTC(2026, 9, 1)): void {
  const store = new TraceStore(dbPath);
  try {
    let batch: SpanRecord[] = [];
    for (let index = 0; index < count; index++) {
      const traceId = generateTraceId();
      const at = BigInt(startMs + index * 60_000) * MS;
      const root = record(
        traceId,
        undefined,
        index % 2 === 0 ? 'invoke_agent support' : 'invoke_agent billing',
        at,
        BigInt(100 + (index % 900)) * MS,
        {
          [CS.USER_ID]: `u_${index % 10}`,
          [CS.SESSION_ID]: `s_${index % 50}`,
        },
      );
      const tool = index % 50 === 0 ? 'delete_database' : 'lookup_order';
      batch.push(
        root,
        record(
          traceId,
          root.spanId,
          'chat gpt-4o-mini',
          at + 1n * MS,
          30n * MS,
          {
            [GenAi.OPERATION_NAME]: 'chat',
            [GenAi.REQUEST_MODEL]: 'gpt-4o-mini',
            [GenAi.USAGE_INPUT_TOKENS]: 100,
            [GenAi.USAGE_OUTPUT_TOKENS]: 10 + (index % 7),
          },
          SpanKind.CLIENT,
        ),
        record(traceId, root.spanId, `execute_tool ${tool}`, at + 40n * MS, 10n * MS, {
          [GenAi.OPERATION_NAME]: 'execute_tool',
          [GenAi.TOOL_NAME]: tool,
        }),
        record(
          traceId,
          root.spanId,
          'chat gpt-4o-mini',
          at + 60n * MS,
          30n * MS,
          {
            [GenAi.OPERATION_NAME]: 'chat',
            [GenAi.REQUEST_MODEL]: 'gpt-4o-mini',
            [GenAi.USAGE_INPUT_TOKENS]: 140,
            [GenAi.USAGE_OUTPUT_TOKENS]: 20,
          },
          SpanKind.CLIENT,
        ),
      );
      if (batch.length >= 4000) {
        store.writeSpans(batch);
        batch = [];
      }
    }
    if (batch.length > 0) store.writeSpans(batch);
  } finally {
    store.close();
  }
}
