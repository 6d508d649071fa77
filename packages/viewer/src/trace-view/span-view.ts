import {
  ClearstoneEvents,
  costBreakdownOf,
  costOf,
  GenAiAttributes,
  GenAiOperations,
  governedOutcomeOf,
  isCostUnknown,
  isLlmSpan,
  SpanStatusCode,
  stringAttributeOf,
  toolCallIdOf,
  toolNameOf,
  usageOf,
  wasPrevented,
} from '@clearstone/core';
import type { Attributes, CostBreakdown, GovernedOutcome, SpanKind, SpanLink, SpanRecord } from '@clearstone/core';
import { spanDecisions } from './policy-decisions';
import type { PolicyDecisionView } from './policy-decisions';
import { snapshotView } from './snapshot-view';
import type { SnapshotView } from './snapshot-view';

/** Model details of an LLM span. */
export interface LlmView {
  /** The GenAI operation, e.g. `chat`. */
  operation?: string;
  /** The requested model. */
  model?: string;
  /** The model that answered, as the response reports it. */
  responseModel?: string;
  /** The model provider, e.g. `openai`. */
  provider?: string;
  /** Prompt tokens, cached ones included (`usageOf`). */
  inputTokens?: number;
  /** Completion tokens (`usageOf`). */
  outputTokens?: number;
  /** Prompt tokens served from the provider's cache. */
  cacheReadTokens?: number;
  /** Prompt tokens written to the provider's cache. */
  cacheWriteTokens?: number;
  /** Output tokens spent on reasoning. */
  reasoningTokens?: number;
  /** Cost in US dollars (`costOf`); absent when unknown. */
  costUsd?: number;
  /** The cost by kind of token (`costBreakdownOf`), when recorded. */
  cost?: CostBreakdown;
  /** True when the call used tokens but its model has no price: its cost is unknown, not 0 (`isCostUnknown`). */
  costUnknown?: boolean;
}

/** Tool details of a tool span; the arguments are the span's input. */
export interface ToolView {
  /** Name of the tool (`toolNameOf`). */
  name: string;
  /** Id of the model's tool call, when recorded. */
  callId?: string;
}

/** What an event of a span records, so the page can show each where it belongs. */
export type EventCategory = 'policy_decision' | 'exception' | 'other';

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
  /**
   * Events of the span, each with its offset in ms after the earliest span of the trace and its
   * category (policy decisions are also listed in `decisions`, exceptions in `error`).
   */
  events: Array<{ name: string; timeNs: bigint; offsetMs: number; attributes: Attributes; category: EventCategory }>;
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
  /**
   * What became of the governed call the span records (`executed`, `blocked`, `rejected`,
   * `timed_out`, `paused`); absent for spans that record no governed call.
   */
  outcome?: GovernedOutcome;
  /** True when the span records a governed call that did not run (blocked, rejected, timed out or paused). */
  prevented: boolean;
  /** Model details, for model-call spans. */
  llm?: LlmView;
  /** Tool details, for tool spans. */
  tool?: ToolView;
  /** Name and version of the tracer that recorded the span. */
  instrumentation: { name: string; version?: string };
  /**
   * True for framework plumbing (LangChain/LangGraph internals such as `__start__`,
   * `RunnableLambda` or middleware hooks) that the page folds away by default; set by
   * {@link traceDetail}, false for a span viewed on its own.
   */
  plumbing: boolean;
}

const EXCEPTION_EVENT = 'exception';

function stringAttribute(attributes: Attributes, key: string): string | undefined {
  const value = attributes[key];
  return typeof value === 'string' ? value : undefined;
}

/** Model calls (`isLlmSpan`), and embeddings calls, which use tokens too. */
function isModelCall(span: SpanRecord): boolean {
  return isLlmSpan(span) || stringAttributeOf(span, GenAiAttributes.OPERATION_NAME) === GenAiOperations.EMBEDDINGS;
}

function llmView(span: SpanRecord): LlmView | undefined {
  if (!isModelCall(span)) return undefined;
  const usage = usageOf(span);
  const view: LlmView = {
    operation: stringAttributeOf(span, GenAiAttributes.OPERATION_NAME),
    model: stringAttributeOf(span, GenAiAttributes.REQUEST_MODEL),
    responseModel: stringAttributeOf(span, GenAiAttributes.RESPONSE_MODEL),
    provider: stringAttributeOf(span, GenAiAttributes.PROVIDER_NAME),
    inputTokens: usage?.inputTokens,
    outputTokens: usage?.outputTokens,
    cacheReadTokens: usage?.cacheReadTokens,
    cacheWriteTokens: usage?.cacheWriteTokens,
    reasoningTokens: usage?.reasoningTokens,
    costUsd: costOf(span),
    cost: costBreakdownOf(span),
    costUnknown: isCostUnknown(span) ? true : undefined,
  };
  return Object.fromEntries(Object.entries(view).filter(([, value]) => value !== undefined));
}

function eventCategory(name: string): EventCategory {
  if (name === ClearstoneEvents.POLICY_DECISION) return 'policy_decision';
  return name === EXCEPTION_EVENT ? 'exception' : 'other';
}

function errorView(span: SpanRecord): SpanView['error'] {
  const exception = span.events.find((event) => event.name === EXCEPTION_EVENT);
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
    events: span.events.map((event) => ({
      ...event,
      offsetMs: elapsedMs(traceStartNs, event.timeNs),
      category: eventCategory(event.name),
    })),
    links: span.links,
    decisions: spanDecisions(span),
    prevented: wasPrevented(span),
    plumbing: false,
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
  const outcome = governedOutcomeOf(span);
  if (outcome !== undefined) view.outcome = outcome;
  const llm = llmView(span);
  if (llm !== undefined) view.llm = llm;
  const toolName = toolNameOf(span);
  if (toolName !== undefined) {
    const callId = toolCallIdOf(span);
    view.tool = callId === undefined ? { name: toolName } : { name: toolName, callId };
  }
  return view;
}
