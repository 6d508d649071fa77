import { SpanStatusCode } from '@clearstone/core';
import type { Attributes, SpanKind, SpanLink, SpanRecord } from '@clearstone/core';
import { spanDecisions } from './policy-decisions';
import type { PolicyDecisionView } from './policy-decisions';
import { snapshotView } from './snapshot-view';
import type { SnapshotView } from './snapshot-view';

/** Model details of an LLM span. */
export interface LlmView {
  /** `gen_ai.operation.name`, e.g. `chat`. */
  operation?: string;
  /** The requested model (`gen_ai.request.model`). */
  model?: string;
  /** The model that answered (`gen_ai.response.model`). */
  responseModel?: string;
  /** `gen_ai.provider.name`, e.g. `openai`. */
  provider?: string;
  /** `gen_ai.usage.input_tokens`. */
  inputTokens?: number;
  /** `gen_ai.usage.output_tokens`. */
  outputTokens?: number;
  /** Cost in US dollars (`clearstone.cost.usd`). */
  costUsd?: number;
}

/** Tool details of a tool span; the arguments are the span's input. */
export interface ToolView {
  /** `gen_ai.tool.name`. */
  name: string;
  /** `gen_ai.tool.call.id`, when recorded. */
  callId?: string;
}

/** One span as the viewer's API returns it. Times are epoch ns; offsets and durations are ms from the trace start. */
export interface SpanView {
  /** Id of the span. */
  spanId: string;
  /** The parent span; absent for a root. */
  parentSpanId?: string;
  /** Name of the span. */
  name: string;
  /** Kind of the span. */
  kind: SpanKind;
  /** Status of the span. */
  status: SpanStatusCode;
  /** Start time, epoch ns. */
  startTimeNs: bigint;
  /** End time, epoch ns; absent while the span is in flight. */
  endTimeNs?: bigint;
  /** Start, in ms after the earliest span of the trace. */
  offsetMs: number;
  /** Duration in ms; absent while the span is in flight. */
  durationMs?: number;
  /** Nesting level in the trace's span tree (0 for the root and for orphans). */
  depth: number;
  /** Attributes of the span, as stored. */
  attributes: Attributes;
  /** Events of the span, each with its offset in ms after the earliest span of the trace. */
  events: Array<{ name: string; timeNs: bigint; offsetMs: number; attributes: Attributes }>;
  /** Links to other spans. */
  links: SpanLink[];
  /** The span's input snapshot, ready to display. */
  input?: SnapshotView;
  /** The span's output snapshot, ready to display. */
  output?: SnapshotView;
  /** The error of a failed span (or one that recorded an exception): message, type and stack when known. */
  error?: { message?: string; type?: string; stack?: string };
  /** Policy decisions taken on the span. */
  decisions: PolicyDecisionView[];
  /** Model details, for model-call spans. */
  llm?: LlmView;
  /** Tool details, for tool spans. */
  tool?: ToolView;
  /** Name and version of the tracer that recorded the span. */
  instrumentation: { name: string; version?: string };
}

const LLM_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'embeddings']);

function stringAttribute(attributes: Attributes, key: string): string | undefined {
  const value = attributes[key];
  return typeof value === 'string' ? value : undefined;
}

function numberAttribute(attributes: Attributes, key: string): number | undefined {
  const value = attributes[key];
  return typeof value === 'number' ? value : undefined;
}

function llmView(attributes: Attributes): LlmView | undefined {
  const operation = stringAttribute(attributes, 'gen_ai.operation.name');
  const view: LlmView = {
    operation,
    model: stringAttribute(attributes, 'gen_ai.request.model'),
    responseModel: stringAttribute(attributes, 'gen_ai.response.model'),
    provider: stringAttribute(attributes, 'gen_ai.provider.name'),
    inputTokens: numberAttribute(attributes, 'gen_ai.usage.input_tokens'),
    outputTokens: numberAttribute(attributes, 'gen_ai.usage.output_tokens'),
    costUsd: numberAttribute(attributes, 'clearstone.cost.usd'),
  };
  const isModelCall =
    (operation !== undefined && LLM_OPERATIONS.has(operation)) ||
    view.model !== undefined ||
    view.responseModel !== undefined;
  if (!isModelCall) return undefined;
  return Object.fromEntries(Object.entries(view).filter(([, value]) => value !== undefined));
}

function errorView(span: SpanRecord): SpanView['error'] {
  const exception = span.events.find((event) => event.name === 'exception');
  const message = span.errorMessage ?? stringAttribute(exception?.attributes ?? {}, 'exception.message');
  const stack = span.errorStack ?? stringAttribute(exception?.attributes ?? {}, 'exception.stacktrace');
  const type = stringAttribute(exception?.attributes ?? {}, 'exception.type');
  if (span.status !== SpanStatusCode.ERROR && exception === undefined) return undefined;
  return Object.fromEntries(Object.entries({ message, type, stack }).filter(([, value]) => value !== undefined));
}

/** Milliseconds between two epoch-ns times. */
export function elapsedMs(fromNs: bigint, toNs: bigint): number {
  return Number(toNs - fromNs) / 1_000_000;
}

/** The API view of `span`, in a trace starting at `traceStartNs`, at nesting `depth`. */
export function spanView(span: SpanRecord, traceStartNs: bigint, depth: number): SpanView {
  const view: SpanView = {
    spanId: span.spanId,
    name: span.name,
    kind: span.kind,
    status: span.status,
    startTimeNs: span.startTimeNs,
    offsetMs: elapsedMs(traceStartNs, span.startTimeNs),
    depth,
    attributes: span.attributes,
    events: span.events.map((event) => ({ ...event, offsetMs: elapsedMs(traceStartNs, event.timeNs) })),
    links: span.links,
    decisions: spanDecisions(span),
    instrumentation: {
      name: span.instrumentationName,
      ...(span.instrumentationVersion === undefined ? {} : { version: span.instrumentationVersion }),
    },
  };
  if (span.parentSpanId !== undefined) view.parentSpanId = span.parentSpanId;
  if (span.endTimeNs !== undefined) {
    view.endTimeNs = span.endTimeNs;
    view.durationMs = elapsedMs(span.startTimeNs, span.endTimeNs);
  }
  if (span.input !== undefined) view.input = snapshotView(span.input);
  if (span.output !== undefined) view.output = snapshotView(span.output);
  const error = errorView(span);
  if (error !== undefined) view.error = error;
  const llm = llmView(span.attributes);
  if (llm !== undefined) view.llm = llm;
  const toolName = stringAttribute(span.attributes, 'gen_ai.tool.name');
  if (toolName !== undefined) {
    const callId = stringAttribute(span.attributes, 'gen_ai.tool.call.id');
    view.tool = callId === undefined ? { name: toolName } : { name: toolName, callId };
  }
  return view;
}
