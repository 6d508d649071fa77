import type { SpanRecord } from '@clearstone/core';
import { decisionKey, spanDecisions } from './policy-decisions';

/** Usage, cost and governance counts of a whole trace. */
export interface TraceTotals {
  /** Summed `gen_ai.usage.input_tokens`, without counting a run's totals twice. */
  inputTokens: number;
  /** Summed `gen_ai.usage.output_tokens`, without counting a run's totals twice. */
  outputTokens: number;
  /** Summed `clearstone.usage.total_tokens` (else input plus output) per span. */
  totalTokens: number;
  /** Summed `clearstone.cost.usd`; absent when no span reports a cost. */
  costUsd?: number;
  /** Policy decisions with action `block`. */
  blockedCount: number;
  /** Policy decisions with action `pause`. */
  pausedCount: number;
  /** All policy decisions. */
  decisionCount: number;
}

function numberAttribute(span: SpanRecord, key: string): number | undefined {
  const value = span.attributes[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function hasUsage(span: SpanRecord): boolean {
  return [
    'gen_ai.usage.input_tokens',
    'gen_ai.usage.output_tokens',
    'clearstone.usage.total_tokens',
    'clearstone.cost.usd',
  ].some((key) => numberAttribute(span, key) !== undefined);
}

/**
 * Spans whose usage counts toward the trace: those reporting usage with no descendant that reports
 * usage too. Integrations also write the run's totals on its root span; counting only the
 * innermost reports keeps those totals from being added twice.
 */
function innermostUsageSpans(spans: readonly SpanRecord[]): SpanRecord[] {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const withUsageBelow = new Set<string>();
  const reporting = spans.filter(hasUsage);
  for (const span of reporting) {
    const seen = new Set<string>([span.spanId]);
    for (
      let parent = span.parentSpanId;
      parent !== undefined && !seen.has(parent);
      parent = byId.get(parent)?.parentSpanId
    ) {
      seen.add(parent);
      withUsageBelow.add(parent);
    }
  }
  return reporting.filter((span) => !withUsageBelow.has(span.spanId));
}

/** Tokens, cost and blocked/paused decision counts of a trace's spans. */
export function traceTotals(spans: readonly SpanRecord[]): TraceTotals {
  const totals: TraceTotals = {
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    blockedCount: 0,
    pausedCount: 0,
    decisionCount: 0,
  };
  for (const span of innermostUsageSpans(spans)) {
    const input = numberAttribute(span, 'gen_ai.usage.input_tokens') ?? 0;
    const output = numberAttribute(span, 'gen_ai.usage.output_tokens') ?? 0;
    totals.inputTokens += input;
    totals.outputTokens += output;
    totals.totalTokens += numberAttribute(span, 'clearstone.usage.total_tokens') ?? input + output;
    const cost = numberAttribute(span, 'clearstone.cost.usd');
    if (cost !== undefined) totals.costUsd = (totals.costUsd ?? 0) + cost;
  }
  const fromEvents = new Set<string>();
  const fromAttributes = new Map<string, string>();
  const counted: string[] = [];
  for (const span of spans) {
    for (const decision of spanDecisions(span)) {
      const key = decisionKey(decision);
      if (decision.timeNs !== undefined) {
        fromEvents.add(key);
        counted.push(decision.action);
      } else {
        fromAttributes.set(key, decision.action);
      }
    }
  }
  for (const [key, action] of fromAttributes) if (!fromEvents.has(key)) counted.push(action);
  totals.decisionCount = counted.length;
  totals.blockedCount = counted.filter((action) => action === 'block').length;
  totals.pausedCount = counted.filter((action) => action === 'pause').length;
  return totals;
}
