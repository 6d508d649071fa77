// The result of compareRuns: plain JSON data (no functions, Maps, bigints or undefined values), so a
// server can send it as it is and a page or a terminal can render it.
import type { GovernedOutcome } from '@clearstone/core';

/** What a step of a run is: a tool call or a model call. */
export type StepKind = 'tool' | 'model';

/** A policy decision recorded on a step. */
export interface StepDecision {
  /** The decision's action: `allow`, `block`, `pause`, `redact`, `alert`. */
  action: string;
  /** The policy that decided, or null when none is recorded (an ALLOW names none). */
  policy: string | null;
  /** The decision's reason, or null. */
  reason: string | null;
}

/** One tool or model call of a run, as {@link compareRuns} compares it. */
export interface AgentStep {
  /** Position of the step among its run's steps (0-based, in start order). */
  index: number;
  /** The step's span. */
  spanId: string;
  /** The span's name, e.g. `execute_tool search`. */
  spanName: string;
  /** Tool call or model call. */
  kind: StepKind;
  /** The tool's name; for a model call, the model (or `model` when the span names none). */
  name: string;
  /** The model a model call used (`modelOf`); null for a tool call or when not recorded. */
  model: string | null;
  /** Start of the step, in milliseconds after the start of its trace. */
  startOffsetMs: number;
  /** The step's duration in milliseconds; null when its span has no end. */
  durationMs: number | null;
  /** The span's status: `OK`, `ERROR` or `UNSET`. */
  status: string;
  /** The error message of a failed step, else null. */
  error: string | null;
  /** What became of the governed call (`executed`, `blocked`, `rejected`, `timed_out`, `paused`); null when not governed. */
  outcome: GovernedOutcome | null;
  /**
   * True when the governed call did not run: blocked, rejected, timed out or paused (its outcome);
   * in recordings without an outcome, a call with a BLOCK decision.
   */
  prevented: boolean;
  /** The final policy decision on the step, or null when it records none. */
  decision: StepDecision | null;
  /** What the call sent, as canonical JSON text (run-specific ids left out), shortened; null when not recorded. */
  input: string | null;
  /** What the call returned, in the same form; null when not recorded (a call that did not run). */
  output: string | null;
  /** Input tokens (`usageOf`); 0 when none recorded. */
  inputTokens: number;
  /** Output tokens; 0 when none recorded. */
  outputTokens: number;
  /** Input plus output tokens; 0 when none recorded. */
  totalTokens: number;
  /** Cost in US dollars (`costOf`); null when unknown. */
  costUsd: number | null;
}

/** What differs between two aligned steps. */
export type StepChange = 'input' | 'output' | 'decision' | 'outcome' | 'status' | 'model';

/** B minus A for one step (a missing side counts as zero). */
export interface StepDelta {
  /** Duration difference in milliseconds; null when a present side has no duration. */
  durationMs: number | null;
  /** Input token difference. */
  inputTokens: number;
  /** Output token difference. */
  outputTokens: number;
  /** Total token difference. */
  totalTokens: number;
  /** Cost difference in US dollars; null when a present side's cost is unknown. */
  costUsd: number | null;
}

/**
 * One row of the aligned runs: a step in both runs (`same` or `changed`), only in B (`added`) or
 * only in A (`removed`).
 */
export interface ComparedStep {
  /** How the step compares. */
  op: 'same' | 'changed' | 'added' | 'removed';
  /** Tool call or model call. */
  kind: StepKind;
  /** The step's name in B when present, else in A. */
  name: string;
  /** The step in run A, or null when added. */
  a: AgentStep | null;
  /** The step in run B, or null when removed. */
  b: AgentStep | null;
  /** For a `changed` step, what changed; empty otherwise. */
  changes: StepChange[];
  /** B minus A: duration, tokens and cost. */
  delta: StepDelta;
}

/** The figures of one run. */
export interface RunTotals {
  /** Duration of the trace in milliseconds; null when unknown. */
  durationMs: number | null;
  /** Input tokens of the run's model calls (`traceUsageOf`). */
  inputTokens: number;
  /** Output tokens. */
  outputTokens: number;
  /** Input plus output tokens. */
  totalTokens: number;
  /** Cost in US dollars (`traceCostOf`); null when no span records a cost. */
  costUsd: number | null;
  /** Model calls (steps of kind `model`). */
  modelCalls: number;
  /** Tool calls (steps of kind `tool`), those that did not run included. */
  toolCalls: number;
  /** Governed calls that did not run (steps with {@link AgentStep.prevented}): blocked, rejected, timed out or paused. */
  blockedCalls: number;
  /** Steps whose span ended with status `ERROR`. */
  errors: number;
}

/** B minus A for each figure of {@link RunTotals}; null where either side is unknown. */
export interface TotalsDelta {
  /** Duration difference in milliseconds. */
  durationMs: number | null;
  /** Input token difference. */
  inputTokens: number;
  /** Output token difference. */
  outputTokens: number;
  /** Total token difference. */
  totalTokens: number;
  /** Cost difference in US dollars. */
  costUsd: number | null;
  /** Difference in model calls. */
  modelCalls: number;
  /** Difference in tool calls. */
  toolCalls: number;
  /** Difference in calls that did not run. */
  blockedCalls: number;
  /** Difference in failed steps. */
  errors: number;
}

/** One side of a comparison: which trace, and its figures. */
export interface ComparedRun {
  /** The trace id. */
  traceId: string;
  /** Name of the trace's root span ('' when the root is missing). */
  name: string;
  /** The trace's status: `OK`, `ERROR` or `UNSET`. */
  status: string;
  /** Start of the trace, ISO-8601 (UTC, millisecond precision). */
  startTime: string;
  /** The run's figures. */
  totals: RunTotals;
}

/**
 * A policy decision that differs between the runs: on a step in both runs whose final decision
 * (action or policy) changed, or on a step in one run only whose decision was not `allow`.
 */
export interface DecisionChange {
  /** Index of the step in {@link TraceComparison.steps}. */
  step: number;
  /** Tool call or model call. */
  kind: StepKind;
  /** The step's name. */
  name: string;
  /** The policy of the decision: B's when it names one, else A's; null when neither does. */
  policy: string | null;
  /** The decision in A, or null when A has none (or no such step). */
  before: StepDecision | null;
  /** The decision in B, or null when B has none (or no such step). */
  after: StepDecision | null;
}

/** Counts of the aligned steps by {@link ComparedStep.op}. */
export interface StepCounts {
  /** Steps in both runs, alike. */
  same: number;
  /** Steps in both runs that differ. */
  changed: number;
  /** Steps only in B. */
  added: number;
  /** Steps only in A. */
  removed: number;
}

/**
 * Two recorded runs compared, A (before) against B (after): their tool and model calls aligned,
 * what was added, removed or changed, the decisions that changed and the differences in duration,
 * tokens, cost and calls. Plain JSON data.
 */
export interface TraceComparison {
  /** The run compared from (before). */
  a: ComparedRun;
  /** The run compared to (after). */
  b: ComparedRun;
  /**
   * True when every step is `same`, no decision changed and both traces have the same status
   * (durations, tokens and cost may still differ).
   */
  identical: boolean;
  /** How many steps are same, changed, added and removed. */
  counts: StepCounts;
  /** The steps of both runs, aligned, in order. */
  steps: ComparedStep[];
  /** B's totals minus A's. */
  delta: TotalsDelta;
  /** The policy decisions that differ, in step order. */
  decisionChanges: DecisionChange[];
}
