import type { PriceTable } from '@clearstone/core';
import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages';
// zod v3 (shipped by zod 3.25+ and 4.x): langchain rebuilds a partial copy of the middleware's
// state schema on every wrapped call, and a v4 copy recompiles its parser each time.
import { z } from 'zod/v3';
import { emptyTotals, type RunTotals } from '../decisions/types';
import { priceResponse } from './spend';

/** State key under which the middleware keeps the running totals of the current `invoke`. */
export const RUN_TOTALS_KEY = 'clearstoneRun';

/** Running totals kept in agent state, plus the tool calls of the latest model response. */
export interface RunTotalsState extends RunTotals {
  /** Ids of the tool calls requested by the latest model response (not yet in `toolCallCount`). */
  pendingToolCallIds: string[];
  /** Id (else position) of the user message that started the run the totals count. */
  runStart?: string;
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
      runStart: z.string().optional(),
    })
    .optional(),
});

/** Marks AI messages the middleware wrote itself (blocked model calls): not counted as calls. */
export const BLOCKED_MARKER = 'clearstone_blocked';

/** Fresh totals for a new run started by the user message `runStart`. */
export function freshRunTotals(runStart?: string): RunTotalsState {
  const totals: RunTotalsState = { ...emptyTotals(), pendingToolCallIds: [] };
  if (runStart !== undefined) totals.runStart = runStart;
  return totals;
}

/** The id (else `#<position>`) of the latest user message: a run starts with one. */
export function latestUserMessage(messages: readonly BaseMessage[] | undefined): string | undefined {
  if (!messages) return undefined;
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (HumanMessage.isInstance(message)) return message.id ?? `#${index}`;
  }
  return undefined;
}

/**
 * The totals of the current run, read from agent state: fresh when there are none yet or when
 * they count an earlier run (a later user message started this one; a resumed run goes on).
 */
export function readRunTotals(state: unknown): RunTotalsState {
  const record = state as Record<string, unknown> | undefined;
  const stored = record?.[RUN_TOTALS_KEY] as RunTotalsState | undefined;
  const runStart = latestUserMessage(record?.messages as BaseMessage[] | undefined);
  if (!stored || stored.runStart !== runStart) return freshRunTotals(runStart);
  return { ...stored, pendingToolCallIds: [...(stored.pendingToolCallIds ?? [])] };
}

/** Totals as seen by a model call: every tool call requested so far counts. */
export function totalsForModelCall(totals: RunTotalsState): RunTotals {
  const { pendingToolCallIds, runStart: _runStart, ...rest } = totals;
  return { ...rest, toolCallCount: rest.toolCallCount + pendingToolCallIds.length };
}

/** Totals as seen by a tool call: the tool calls requested before this one count. */
export function totalsForToolCall(totals: RunTotalsState, toolCallId: string | undefined): RunTotals {
  const { pendingToolCallIds, runStart: _runStart, ...rest } = totals;
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
  const next: RunTotalsState = {
    tokensUsed: totals.tokensUsed + (usage?.totalTokens ?? 0),
    inputTokens: totals.inputTokens + (usage?.inputTokens ?? 0),
    outputTokens: totals.outputTokens + (usage?.outputTokens ?? 0),
    sessionCost: totals.sessionCost + cost,
    llmCallCount: totals.llmCallCount + 1,
    toolCallCount: totals.toolCallCount + totals.pendingToolCallIds.length,
    pendingToolCallIds: (message.tool_calls ?? []).map((call, index) => call.id ?? `#${index}`),
  };
  if (totals.runStart !== undefined) next.runStart = totals.runStart;
  return next;
}
