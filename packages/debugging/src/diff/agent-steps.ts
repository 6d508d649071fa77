// The steps of a run as compareRuns sees them: its tool and model calls, governed ones that did
// not run included, in start order, with their facts read through the core span facts.
import {
  ActionType,
  ClearstoneEvents,
  GovernedOutcomes,
  costOf,
  finalDecisionOf,
  governedOutcomeOf,
  modelOf,
  spanCategory,
  toolNameOf,
  usageOf,
  type GovernedOutcome,
  type SpanRecord,
  type Trace,
} from '@clearstone/core';
import { callValuesOf } from './call-values';
import type { AgentStep, StepDecision, StepKind } from './trace-comparison';

/** A step with the full canonical texts of its input and output, which comparisons use. */
export interface StepRecord {
  /** The step as reported. */
  step: AgentStep;
  /** The full input text (the step's `input` may be shortened). */
  inputText: string | undefined;
  /** The full output text. */
  outputText: string | undefined;
}

/** Nanoseconds to milliseconds. */
export function nsToMs(ns: bigint): number {
  return Number(ns) / 1e6;
}

/** Text shortened to `max` characters with an ellipsis. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

function decisionOf(span: SpanRecord): StepDecision | null {
  const decision = finalDecisionOf(span);
  if (decision === undefined) return null;
  return {
    action: decision.action.toLowerCase(),
    policy: decision.policyName ?? null,
    reason: decision.reason ?? null,
  };
}

/** A governed call that did not run; in recordings without an outcome, a call with a BLOCK decision. */
function prevented(outcome: GovernedOutcome | null, decision: StepDecision | null): boolean {
  if (outcome !== null) return outcome !== GovernedOutcomes.EXECUTED;
  return decision?.action === ActionType.BLOCK;
}

function kindOf(span: SpanRecord): StepKind | undefined {
  // The short decision spans some integrations record next to a call are not calls themselves.
  if (span.name.startsWith(`${ClearstoneEvents.POLICY_SPAN_PREFIX} `)) return undefined;
  const category = spanCategory(span);
  return category === 'tool' ? 'tool' : category === 'llm' ? 'model' : undefined;
}

function durationNsOf(span: SpanRecord): bigint | undefined {
  if (span.durationNs !== undefined) return span.durationNs;
  return span.endTimeNs === undefined ? undefined : span.endTimeNs - span.startTimeNs;
}

/** The tool and model calls of a trace, in start order, with what a comparison needs of each. */
export function agentSteps(trace: Trace, maxValueLength: number): StepRecord[] {
  const spans = trace.spans
    .map((span, position) => ({ span, position, kind: kindOf(span) }))
    .filter((entry): entry is { span: SpanRecord; position: number; kind: StepKind } => entry.kind !== undefined)
    .sort((left, right) =>
      left.span.startTimeNs < right.span.startTimeNs
        ? -1
        : left.span.startTimeNs > right.span.startTimeNs
          ? 1
          : left.position - right.position,
    );
  return spans.map(({ span, kind }, index) => {
    const model = kind === 'model' ? (modelOf(span) ?? null) : null;
    const usage = usageOf(span);
    const values = callValuesOf(span, kind);
    const duration = durationNsOf(span);
    const outcome = governedOutcomeOf(span) ?? null;
    const decision = decisionOf(span);
    const step: AgentStep = {
      index,
      spanId: span.spanId,
      spanName: span.name,
      kind,
      name: kind === 'tool' ? (toolNameOf(span) ?? span.name) : (model ?? 'model'),
      model,
      startOffsetMs: nsToMs(span.startTimeNs - trace.startTimeNs),
      durationMs: duration === undefined ? null : nsToMs(duration),
      status: span.status,
      error: span.errorMessage ?? null,
      outcome,
      prevented: prevented(outcome, decision),
      decision,
      input: values.input === undefined ? null : shorten(values.input, maxValueLength),
      output: values.output === undefined ? null : shorten(values.output, maxValueLength),
      inputTokens: usage?.inputTokens ?? 0,
      outputTokens: usage?.outputTokens ?? 0,
      totalTokens: usage?.totalTokens ?? 0,
      costUsd: costOf(span) ?? null,
    };
    return { step, inputText: values.input, outputText: values.output };
  });
}
