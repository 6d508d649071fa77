import type { SpanRecord, Trace } from '@clearstone/core';
import { costOf, spanCategory, tokensOf } from '../spans';

/** Usage of a run so far, as the LangChain integration puts it in the policy context. */
export interface RunTotals {
  tokensUsed: number;
  inputTokens: number;
  outputTokens: number;
  sessionCost: number;
  llmCallCount: number;
  toolCallCount: number;
}

/** Totals of a run that has not called anything yet. */
export function freshTotals(): RunTotals {
  return { tokensUsed: 0, inputTokens: 0, outputTokens: 0, sessionCost: 0, llmCallCount: 0, toolCallCount: 0 };
}

/** Adds a finished tool or model call to the totals. */
export function addCall(totals: RunTotals, span: SpanRecord, category: 'tool' | 'llm'): void {
  if (category === 'tool') totals.toolCallCount++;
  else {
    totals.llmCallCount++;
    const tokens = tokensOf(span);
    totals.inputTokens += tokens.input;
    totals.outputTokens += tokens.output;
    totals.tokensUsed += tokens.total;
  }
  totals.sessionCost += costOf(span) ?? 0;
}

/** What a user spent on a UTC day before a call: the `dailyCost` and `dailyTokens` of its context. */
export interface DailySpend {
  /** US dollars of the user's recorded model calls that day before the call (calls of unknown cost add nothing). */
  usd: number;
  /** Tokens of those calls. */
  tokens: number;
}

interface RecordedCall {
  startNs: bigint;
  usd: number;
  tokens: number;
}

const NS_PER_MS = 1_000_000n;
const MS_PER_DAY = 86_400_000;

/** The UTC day of a span's start, as a day number since the epoch. */
function dayOf(span: SpanRecord): number {
  return Math.floor(Number(span.startTimeNs / NS_PER_MS) / MS_PER_DAY);
}

/**
 * The model calls of the recorded traces, per user and UTC day, so a backtest can give a call's
 * context the `dailyCost` / `dailyTokens` the live run would have read from a spend ledger when
 * the recording does not carry them: the sum of the same user's model calls that day that started
 * before it, in every trace added so far.
 */
export class RecordedDailySpend {
  /** Per user, per day number: the recorded model calls. */
  private readonly calls = new Map<string, Map<number, RecordedCall[]>>();
  private readonly traces = new Set<string>();

  /** Adds a trace's model calls (once per trace id) for `userId`, the user it ran for. */
  addTrace(trace: Trace, userId: string): void {
    if (this.traces.has(trace.traceId)) return;
    this.traces.add(trace.traceId);
    let days: Map<number, RecordedCall[]> | undefined;
    for (const span of trace.spans) {
      if (spanCategory(span) !== 'llm') continue;
      const usd = costOf(span);
      const tokens = tokensOf(span).total;
      if (usd === undefined && tokens === 0) continue;
      days ??= this.calls.get(userId);
      if (days === undefined) this.calls.set(userId, (days = new Map()));
      const day = dayOf(span);
      const list = days.get(day);
      const call = { startNs: span.startTimeNs, usd: usd ?? 0, tokens };
      if (list === undefined) days.set(day, [call]);
      else list.push(call);
    }
  }

  /** What `userId` spent on the UTC day of `span` before it started. */
  before(userId: string, span: SpanRecord): DailySpend {
    const spend: DailySpend = { usd: 0, tokens: 0 };
    const calls = this.calls.get(userId)?.get(dayOf(span));
    if (calls === undefined) return spend;
    const startNs = span.startTimeNs;
    for (let index = 0; index < calls.length; index++) {
      const call = calls[index];
      if (call.startNs >= startNs) continue;
      spend.usd += call.usd;
      spend.tokens += call.tokens;
    }
    return spend;
  }
}
