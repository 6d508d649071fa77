// The totals of a whole trace — tokens and cost — summed the one way every reader (assertions,
// CLI, viewer) sums them, so that they all report the same numbers for the same trace.
import type { SpanRecord, Trace } from '../trace/span-model';
import { costOf, usageOf, type TokenUsage } from './span-facts';

/** A trace, or the spans of one. */
export type SpansLike = Pick<Trace, 'spans'> | readonly SpanRecord[];

/** A span whose usage counts towards its trace's total, with that usage. */
export interface SpanUsage {
  /** The span. */
  span: SpanRecord;
  /** Its recorded usage ({@link usageOf}). */
  usage: TokenUsage;
}

/** A span whose cost counts towards its trace's total, with that cost. */
export interface SpanCost {
  /** The span. */
  span: SpanRecord;
  /** Its recorded cost in US dollars ({@link costOf}). */
  costUsd: number;
}

function spansOf(trace: SpansLike): readonly SpanRecord[] {
  return Array.isArray(trace) ? (trace as readonly SpanRecord[]) : (trace as Pick<Trace, 'spans'>).spans;
}

/**
 * The spans recording `fact` that have no descendant recording it too, with the value. An
 * integration may also write a run's summed usage and cost on the run's root span (the LangChain
 * handler does, on its `invoke_agent` spans); counting only the innermost records counts each model
 * call once, and still counts a total recorded only on the root. Parent cycles do not loop.
 */
export function innermost<T>(trace: SpansLike, fact: (span: SpanRecord) => T | undefined): Array<[SpanRecord, T]> {
  const spans = spansOf(trace);
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const recording: Array<[SpanRecord, T]> = [];
  for (const span of spans) {
    const value = fact(span);
    if (value !== undefined) recording.push([span, value]);
  }
  const withRecordBelow = new Set<string>();
  for (const [span] of recording) {
    const seen = new Set<string>([span.spanId]);
    for (
      let parent = span.parentSpanId;
      parent !== undefined && !seen.has(parent);
      parent = byId.get(parent)?.parentSpanId
    ) {
      seen.add(parent);
      withRecordBelow.add(parent);
    }
  }
  return recording.filter(([span]) => !withRecordBelow.has(span.spanId));
}

/**
 * The spans whose usage makes up the trace's token total ({@link traceUsageOf}), in span order:
 * each span recording usage ({@link usageOf}) with no descendant that records usage too — the model
 * calls, not the run totals an integration also writes on a root span.
 *
 * @example
 * ```ts
 * const largest = spanUsagesOf(trace).sort((a, b) => b.usage.totalTokens - a.usage.totalTokens)[0];
 * ```
 */
export function spanUsagesOf(trace: SpansLike): SpanUsage[] {
  return innermost(trace, usageOf).map(([span, usage]) => ({ span, usage }));
}

/**
 * The spans whose cost makes up the trace's cost ({@link traceCostOf}), in span order: each span
 * recording a cost ({@link costOf}) with no descendant that records a cost too.
 *
 * @example
 * ```ts
 * for (const { span, costUsd } of spanCostsOf(trace)) console.log(span.name, costUsd);
 * ```
 */
export function spanCostsOf(trace: SpansLike): SpanCost[] {
  return innermost(trace, costOf).map(([span, costUsd]) => ({ span, costUsd }));
}

function addOptional(sum: TokenUsage, usage: TokenUsage, key: keyof TokenUsage): void {
  const value = usage[key];
  if (value !== undefined) sum[key] = (sum[key] ?? 0) + value;
}

/**
 * Token usage of a whole trace: the sum of {@link spanUsagesOf} (each model call once, never a
 * run's total on top of its calls), or undefined when no span records usage. The optional counts
 * (cache, reasoning, audio) are present when some counted span records them.
 *
 * @example
 * ```ts
 * const tokens = traceUsageOf(trace)?.totalTokens ?? 0;
 * ```
 */
export function traceUsageOf(trace: SpansLike): TokenUsage | undefined {
  const counted = spanUsagesOf(trace);
  if (counted.length === 0) return undefined;
  const sum: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  for (const { usage } of counted) {
    sum.inputTokens += usage.inputTokens;
    sum.outputTokens += usage.outputTokens;
    sum.totalTokens += usage.totalTokens;
    addOptional(sum, usage, 'cacheReadTokens');
    addOptional(sum, usage, 'cacheWriteTokens');
    addOptional(sum, usage, 'cacheWrite1hTokens');
    addOptional(sum, usage, 'reasoningTokens');
    addOptional(sum, usage, 'audioInputTokens');
    addOptional(sum, usage, 'audioOutputTokens');
  }
  return sum;
}

/**
 * Cost in US dollars of a whole trace: the sum of {@link spanCostsOf} (each model call once, never
 * a run's total on top of its calls), or undefined when no span records a cost. Calls whose cost is
 * unknown add nothing to the sum.
 *
 * @example
 * ```ts
 * const cost = traceCostOf(trace);
 * console.log(cost === undefined ? 'cost unknown' : `$${cost.toFixed(4)}`);
 * ```
 */
export function traceCostOf(trace: SpansLike): number | undefined {
  const counted = spanCostsOf(trace);
  if (counted.length === 0) return undefined;
  return counted.reduce((sum, { costUsd }) => sum + costUsd, 0);
}
