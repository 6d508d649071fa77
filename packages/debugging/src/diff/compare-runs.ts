import {
  ActionType,
  SpanStatusCode,
  isValidTraceId,
  traceCostOf,
  traceUsageOf,
  type SpanRecord,
  type Trace,
} from '@clearstone/core';
import { agentSteps, nsToMs, type StepRecord } from './agent-steps';
import { alignSequences } from './align-steps';
import { similarity } from './call-values';
import { DiffError } from '../errors';
import type {
  AgentStep,
  ComparedRun,
  ComparedStep,
  DecisionChange,
  RunTotals,
  StepChange,
  StepDecision,
  TotalsDelta,
  TraceComparison,
} from './trace-comparison';

/** Options of {@link compareRuns}. */
export interface CompareRunsOptions {
  /** Longest input or output text kept on a step (longer ones end with `…`); default 2,000. Comparisons use the full texts. */
  maxValueLength?: number;
}

/** Largest pairs table (steps of A × steps of B) for which partial input similarity breaks ties; beyond, only equal inputs do. */
const SIMILARITY_PAIRS = 250_000;

function checkTrace(trace: Trace, side: 'a' | 'b'): void {
  if (
    trace === null ||
    typeof trace !== 'object' ||
    !Array.isArray(trace.spans) ||
    typeof trace.startTimeNs !== 'bigint' ||
    typeof trace.traceId !== 'string'
  ) {
    throw new DiffError({
      code: 'INVALID_TRACE',
      message: `compareRuns: ${side} must be a recorded Trace (as TraceStore.getTrace returns), with traceId, startTimeNs and spans.`,
    });
  }
  if (!isValidTraceId(trace.traceId))
    throw new DiffError({
      code: 'INVALID_TRACE',
      message: `compareRuns: ${side} has an invalid trace id '${trace.traceId}'.`,
    });
}

function rootOf(trace: Trace): SpanRecord | undefined {
  return trace.spans.find((span) => span.spanId === trace.rootSpanId);
}

function durationMsOf(trace: Trace): number | null {
  if (trace.durationNs !== undefined) return nsToMs(trace.durationNs);
  return trace.endTimeNs === undefined ? null : nsToMs(trace.endTimeNs - trace.startTimeNs);
}

function totalsOf(trace: Trace, steps: readonly AgentStep[]): RunTotals {
  const usage = traceUsageOf(trace);
  return {
    durationMs: durationMsOf(trace),
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    totalTokens: usage?.totalTokens ?? 0,
    costUsd: traceCostOf(trace) ?? null,
    modelCalls: steps.filter((step) => step.kind === 'model').length,
    toolCalls: steps.filter((step) => step.kind === 'tool').length,
    blockedCalls: steps.filter((step) => step.prevented).length,
    errors: steps.filter((step) => step.status === SpanStatusCode.ERROR).length,
  };
}

function runOf(trace: Trace, steps: readonly AgentStep[]): ComparedRun {
  return {
    traceId: trace.traceId,
    name: rootOf(trace)?.name ?? '',
    status: trace.status,
    startTime: new Date(Number(trace.startTimeNs / 1_000_000n)).toISOString(),
    totals: totalsOf(trace, steps),
  };
}

function difference(before: number | null, after: number | null): number | null {
  return before === null || after === null ? null : after - before;
}

function totalsDelta(a: RunTotals, b: RunTotals): TotalsDelta {
  return {
    durationMs: difference(a.durationMs, b.durationMs),
    inputTokens: b.inputTokens - a.inputTokens,
    outputTokens: b.outputTokens - a.outputTokens,
    totalTokens: b.totalTokens - a.totalTokens,
    costUsd: difference(a.costUsd, b.costUsd),
    modelCalls: b.modelCalls - a.modelCalls,
    toolCalls: b.toolCalls - a.toolCalls,
    blockedCalls: b.blockedCalls - a.blockedCalls,
    errors: b.errors - a.errors,
  };
}

const ABSENT: Pick<AgentStep, 'durationMs' | 'inputTokens' | 'outputTokens' | 'totalTokens' | 'costUsd'> = {
  durationMs: 0,
  inputTokens: 0,
  outputTokens: 0,
  totalTokens: 0,
  costUsd: 0,
};

function stepDelta(a: AgentStep | null, b: AgentStep | null): ComparedStep['delta'] {
  const before = a ?? ABSENT;
  const after = b ?? ABSENT;
  return {
    durationMs: difference(before.durationMs, after.durationMs),
    inputTokens: after.inputTokens - before.inputTokens,
    outputTokens: after.outputTokens - before.outputTokens,
    totalTokens: after.totalTokens - before.totalTokens,
    costUsd: difference(before.costUsd, after.costUsd),
  };
}

function sameDecision(left: StepDecision | null, right: StepDecision | null): boolean {
  return left?.action === right?.action && left?.policy === right?.policy;
}

function changesOf(a: StepRecord, b: StepRecord): StepChange[] {
  const changes: StepChange[] = [];
  if (a.inputText !== b.inputText) changes.push('input');
  if (a.outputText !== b.outputText) changes.push('output');
  if (!sameDecision(a.step.decision, b.step.decision)) changes.push('decision');
  if (a.step.outcome !== b.step.outcome) changes.push('outcome');
  if (a.step.status !== b.step.status) changes.push('status');
  if (a.step.model !== b.step.model) changes.push('model');
  return changes;
}

function compared(op: ComparedStep['op'], a: StepRecord | undefined, b: StepRecord | undefined): ComparedStep {
  const changes = a !== undefined && b !== undefined ? changesOf(a, b) : [];
  const shown = (b ?? a)!.step;
  return {
    op: op === 'same' && changes.length > 0 ? 'changed' : op,
    kind: shown.kind,
    name: shown.name,
    a: a?.step ?? null,
    b: b?.step ?? null,
    changes,
    delta: stepDelta(a?.step ?? null, b?.step ?? null),
  };
}

function decisionChangeOf(step: ComparedStep, index: number): DecisionChange | undefined {
  const before = step.a?.decision ?? null;
  const after = step.b?.decision ?? null;
  if (step.a !== null && step.b !== null) {
    if (sameDecision(before, after)) return undefined;
  } else {
    const only = before ?? after;
    if (only === null || only.action === ActionType.ALLOW) return undefined;
  }
  return {
    step: index,
    kind: step.kind,
    name: step.name,
    policy: after?.policy ?? before?.policy ?? null,
    before,
    after,
  };
}

/**
 * Compares two recorded runs of an agent — "did my change break it?". The steps of each run are
 * its tool and model calls, governed calls that did not run (blocked, rejected, timed out, paused)
 * included, in start order; framework spans (chains, graph nodes) are left out. The steps are
 * aligned by longest common subsequence: tool calls pair up by tool name, model calls with model
 * calls (so a model swap shows as a change), and among equally long alignments the one pairing the
 * most similar inputs wins (equal inputs first; partial likeness up to 500 × 500 steps). Long runs
 * that differ in few places are aligned by Myers' diff. A pair is `same` or `changed` (input,
 * output, decision, outcome, status, model; inputs and outputs compared without the ids that differ
 * between runs); the rest is `added` (only in B) or `removed` (only in A). Each step has its token, cost and duration
 * difference; the result has both runs' totals (`traceUsageOf`, `traceCostOf`, calls, blocked
 * calls, errors), their differences and the policy decisions that changed.
 *
 * The result is plain JSON data: `JSON.stringify` it as it is. {@link formatTraceComparison}
 * renders it as text. For a replay or fork against its original span by span, see
 * {@link compareTraces}.
 *
 * @param a - the run to compare from (before the change)
 * @param b - the run to compare to (after it)
 * @throws DiffError `INVALID_TRACE` when either argument is not a recorded trace
 *
 * @example
 * ```ts
 * const store = new TraceStore('traces.db', { readonly: true });
 * const comparison = compareRuns(store.getTrace(before)!, store.getTrace(after)!);
 * console.log(formatTraceComparison(comparison));
 * if (comparison.delta.blockedCalls > 0) process.exitCode = 1;
 * ```
 */
export function compareRuns(a: Trace, b: Trace, options: CompareRunsOptions = {}): TraceComparison {
  checkTrace(a, 'a');
  checkTrace(b, 'b');
  const maxValueLength = options.maxValueLength ?? 2_000;
  if (!Number.isSafeInteger(maxValueLength) || maxValueLength < 1)
    throw new DiffError({
      code: 'INVALID_OPTION',
      message: `compareRuns: maxValueLength must be a positive integer (got ${String(options.maxValueLength)}).`,
    });
  const left = agentSteps(a, maxValueLength);
  const right = agentSteps(b, maxValueLength);
  const partial = left.length * right.length <= SIMILARITY_PAIRS;
  const operations = alignSequences(
    left,
    right,
    (record) => (record.step.kind === 'tool' ? `tool:${record.step.name}` : 'model'),
    (leftRecord, rightRecord) =>
      leftRecord.inputText === rightRecord.inputText
        ? 1
        : partial
          ? similarity(leftRecord.inputText, rightRecord.inputText)
          : 0,
  );
  const steps = operations.map((operation) =>
    operation.op === 'same'
      ? compared('same', operation.original, operation.forked)
      : operation.op === 'added'
        ? compared('added', undefined, operation.forked)
        : compared('removed', operation.original, undefined),
  );
  const decisionChanges = steps
    .map(decisionChangeOf)
    .filter((change): change is DecisionChange => change !== undefined);
  const counts = { same: 0, changed: 0, added: 0, removed: 0 };
  for (const step of steps) counts[step.op]++;
  const runA = runOf(
    a,
    left.map((record) => record.step),
  );
  const runB = runOf(
    b,
    right.map((record) => record.step),
  );
  return {
    a: runA,
    b: runB,
    identical:
      counts.changed + counts.added + counts.removed === 0 &&
      decisionChanges.length === 0 &&
      runA.status === runB.status,
    counts,
    steps,
    delta: totalsDelta(runA.totals, runB.totals),
    decisionChanges,
  };
}
