import { SpanKind, SpanStatusCode } from '@clearstone/core';
import type { SpanView } from './span-view';

/**
 * Names of the runs LangChain and LangGraph trace for their own machinery: graph entry and exit
 * nodes, runnable combinators, channel reads and writes, conditional edges, prompt templates and
 * output parsers, and the hooks of agent middleware (`…before_model`, `…after_agent`,
 * `…wrap_tool_call`), whatever node or middleware name prefixes them.
 */
const PLUMBING_NAMES: readonly RegExp[] = [
  /^__[a-z]+__$/,
  /^Runnable[A-Z][A-Za-z]*(<.*>)?$/,
  /^Channel(Write|Read|Invoke)\b/,
  /^(Branch|Route|RouteFunction)(<.*>)?$/,
  /^(ChatPromptTemplate|PromptTemplate|MessagesPlaceholder|StrOutputParser|JsonOutputParser|StringOutputParser)$/,
  /(^|[.:/_-])(before|after)_(agent|model|tools?)$/,
  /(^|[.:/_-])wrap_(model|tool)_call$/,
];

/** Whether `name` is one LangChain or LangGraph uses for its internals (see {@link PLUMBING_NAMES}). */
export function isPlumbingName(name: string): boolean {
  return PLUMBING_NAMES.some((pattern) => pattern.test(name));
}

/** A span the agent's story is told by: a model or tool call, a decision, a call that did not run, or a failure. */
function isAgentStep(span: SpanView): boolean {
  return (
    span.llm !== undefined ||
    span.tool !== undefined ||
    span.decisions.length > 0 ||
    span.prevented ||
    span.status === SpanStatusCode.ERROR
  );
}

/**
 * Which spans of a trace are framework plumbing, by name and by structure. A span is plumbing when
 * it is not a root, not an agent step itself (model call, tool call, decision, call that did not
 * run, error), and either carries a LangChain/LangGraph internal name or is an internal span of the
 * same instrumentation as its parent whose whole subtree holds no agent step (a pass-through run
 * such as a graph node that only routes). `spans` must be in waterfall order with their depths, as
 * {@link orderSpanTree} gives them. Hiding plumbing never changes the timing of what stays shown.
 */
export function plumbingSpans(spans: readonly SpanView[]): Set<string> {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  // Walk backwards: children come after their parent in waterfall order, so each subtree is done first.
  const holdsStep = new Map<string, boolean>();
  for (let index = spans.length - 1; index >= 0; index--) {
    const span = spans[index];
    const holds = (holdsStep.get(span.spanId) ?? false) || isAgentStep(span);
    holdsStep.set(span.spanId, holds);
    const parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
    if (parent !== undefined && holds) holdsStep.set(parent.spanId, true);
  }
  const plumbing = new Set<string>();
  for (const span of spans) {
    const parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
    if (parent === undefined || isAgentStep(span)) continue;
    const sameInstrumentation = parent.instrumentation.name === span.instrumentation.name;
    const passThrough =
      span.kind === SpanKind.INTERNAL &&
      sameInstrumentation &&
      holdsStep.get(span.spanId) !== true &&
      isInside(parent, byId);
    if (isPlumbingName(span.name) || passThrough) plumbing.add(span.spanId);
  }
  return plumbing;
}

/**
 * True when `parent` is itself below the root: a pass-through run directly under the root is an
 * agent's own step (a plan, a retrieval) more often than machinery, so it stays shown.
 */
function isInside(parent: SpanView, byId: ReadonlyMap<string, SpanView>): boolean {
  return parent.parentSpanId !== undefined && byId.has(parent.parentSpanId);
}
