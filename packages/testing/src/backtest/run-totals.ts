import type { SpanRecord } from '@clearstone/core';
import { costOf, tokensOf } from '../spans';

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
