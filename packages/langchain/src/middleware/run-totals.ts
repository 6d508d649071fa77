import type { PriceTable } from '@clearstone/core';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import { z } from 'zod';
import { emptyTotals, type RunTotals } from '../decisions/types';
import { priceResponse } from './spend';

/** State key under which the middleware keeps the running totals of the current `invoke`. */
export const RUN_TOTALS_KEY = 'clearstoneRun';

/** Running totals kept in agent state, plus the tool calls of the latest model response. */
export interface RunTotalsState extends RunTotals {
  /** Ids of the tool calls requested by the latest model response (not yet in `toolCallCount`). */
  pendingToolCallIds: string[];
}

/** Agent state schema of the middleware: one optional `clearstoneRun` object. */
export const runTotalsStateSchema = z.object({
  [RUN_TOTALS_KEY]: z
    .object({
      tokensUsed: z.number(),
      inputTokens: z.number(),
      outputTokens: z.number(),
      sessionCost: z.number(),
      llmCallCount: z.number(),
      toolCallCount: z.number(),
      pendingToolCallIds: z.array(z.string()),
    })
    .optional(),
});

/** Marks AI messages the middleware wrote itself (blocked model calls): not counted as calls. */
export const BLOCKED_MARKER = 'clearstone_blocked';

/** Fresh totals for a new run. */
export function freshRunTotals(): RunTotalsState {
  return { ...emptyTotals(), pendingToolCallIds: [] };
}

/** The totals read from agent state (fresh when absent). */
export function readRunTotals(state: unknown): RunTotalsState {
  const stored = (state as Record<string, unknown> | undefined)?.[RUN_TOTALS_KEY] as RunTotalsState | undefined;
  return stored ? { ...stored, pendingToolCallIds: [...(stored.pendingToolCallIds ?? [])] } : freshRunTotals();
}

/** Totals as seen by a model call: every tool call requested so far counts. */
export function totalsForModelCall(totals: RunTotalsState): RunTotals {
  const { pendingToolCallIds, ...rest } = totals;
  return { ...rest, toolCallCount: rest.toolCallCount + pendingToolCallIds.length };
}

/** Totals as seen by a tool call: the tool calls requested before this one count. */
export function totalsForToolCall(totals: RunTotalsState, toolCallId: string | undefined): RunTotals {
  const { pendingToolCallIds, ...rest } = totals;
  const index = toolCallId === undefined ? -1 : pendingToolCallIds.indexOf(toolCallId);
  return { ...rest, toolCallCount: rest.toolCallCount + (index === -1 ? pendingToolCallIds.length : index) };
}

/**
 * Totals after a model response: usage and cost added, the previous tool calls settled and the
 * new ones pending. The call is priced by the model the response names, else `requestedModel`; a
 * call whose cost is unknown adds its tokens and no cost.
 */
export function addModelResponse(
  totals: RunTotalsState,
  message: BaseMessage,
  prices: PriceTable,
  requestedModel?: string,
): RunTotalsState {
  if (!AIMessage.isInstance(message) || message.response_metadata?.[BLOCKED_MARKER] === true) return totals;
  const call = priceResponse(message, prices, requestedModel);
  const usage = call?.usage;
  const cost = call?.cost?.totalUsd ?? 0;
  return {
    tokensUsed: totals.tokensUsed + (usage?.totalTokens ?? 0),
    inputTokens: totals.inputTokens + (usage?.inputTokens ?? 0),
    outputTokens: totals.outputTokens + (usage?.outputTokens ?? 0),
    sessionCost: totals.sessionCost + cost,
    llmCallCount: totals.llmCallCount + 1,
    toolCallCount: totals.toolCallCount + totals.pendingToolCallIds.length,
    pendingToolCallIds: (message.tool_calls ?? []).map((call, index) => call.id ?? `#${index}`),
  };
}
