import { ActionType, GovernedOutcomes, SpanStatusCode } from '@clearstone/core';
import { DiffError } from '../errors';
import { shorten } from './agent-steps';
import { formatCount, formatMs, plain, signed, totalsLines } from './format-totals';
import type { AgentStep, ComparedStep, StepDecision, TraceComparison } from './trace-comparison';

/** Styling functions for {@link formatTraceComparison}, e.g. ANSI colours; each returns its input by default. */
export interface ComparisonTextStyles {
  /** Removed steps, and figures that went up when up is worse. */
  red(text: string): string;
  /** Added steps, and figures that went down when down is better. */
  green(text: string): string;
  /** Changed steps. */
  yellow(text: string): string;
  /** Unchanged steps and secondary text. */
  dim(text: string): string;
  /** Headings. */
  bold(text: string): string;
}

/** Options of {@link formatTraceComparison}. */
export interface FormatTraceComparisonOptions {
  /** Colours (the CLI passes ANSI ones); plain text by default. */
  styles?: Partial<ComparisonTextStyles>;
  /**
   * Longest input or output shown for a changed step, default 100 characters; a longer one is shown
   * from a little before where the two versions differ.
   */
  valueWidth?: number;
  /**
   * Unchanged steps shown on each side of a difference; longer runs of unchanged steps fold into one
   * `… N unchanged steps` line. Default: every step is shown.
   */
  context?: number;
}

/** Which steps to show: the differences, and up to `context` unchanged steps on each side of one. */
function shownSteps(steps: readonly ComparedStep[], context: number): boolean[] {
  const shown = steps.map((step) => step.op !== 'same');
  if (!Number.isFinite(context)) return steps.map(() => true);
  let lastDifference = -Infinity;
  for (let index = 0; index < steps.length; index++) {
    if (steps[index].op !== 'same') lastDifference = index;
    else if (index - lastDifference <= context) shown[index] = true;
  }
  let nextDifference = Infinity;
  for (let index = steps.length - 1; index >= 0; index--) {
    if (steps[index].op !== 'same') nextDifference = index;
    else if (nextDifference - index <= context) shown[index] = true;
  }
  return shown;
}

function decisionText(decision: StepDecision | null): string {
  if (decision === null) return 'none';
  return decision.policy === null ? decision.action : `${decision.action} (${decision.policy})`;
}

function stepTags(step: AgentStep): string {
  const tags: string[] = [];
  if (step.outcome !== null && step.outcome !== GovernedOutcomes.EXECUTED)
    tags.push(step.outcome.toUpperCase().replace('_', ' '));
  if (step.decision !== null && step.decision.action !== ActionType.ALLOW) tags.push(decisionText(step.decision));
  if (step.status === SpanStatusCode.ERROR)
    tags.push(step.error === null ? step.status : `${step.status}: ${shorten(step.error, 60)}`);
  return tags.join(' · ');
}

function figures(step: ComparedStep): string {
  const shown = step.b ?? step.a!;
  const parts: string[] = [];
  const both = step.a !== null && step.b !== null;
  if (shown.totalTokens > 0 || step.delta.totalTokens !== 0) {
    const delta =
      both && step.delta.totalTokens !== 0
        ? ` (${signed(step.delta.totalTokens, formatCount(step.delta.totalTokens))})`
        : '';
    parts.push(`${formatCount(shown.totalTokens)} tok${delta}`);
  }
  if (shown.durationMs !== null) {
    const delta =
      both && step.delta.durationMs !== null
        ? ` (${signed(step.delta.durationMs, formatMs(step.delta.durationMs))})`
        : '';
    parts.push(`${formatMs(shown.durationMs)}${delta}`);
  }
  return parts.join('  ');
}

const MARKERS: Record<ComparedStep['op'], string> = { same: ' ', changed: '~', added: '+', removed: '-' };

const EXCERPT_CONTEXT = 24;

/**
 * A changed value, `width` characters at most: whole when it fits, else from a little before the
 * first character where the two versions differ, so the difference is in view.
 */
function excerpt(text: string | null, other: string | null, width: number): string {
  if (text === null) return '(none)';
  if (text.length <= width) return text;
  let first = 0;
  if (other !== null) while (first < text.length && first < other.length && text[first] === other[first]) first++;
  const start = Math.max(0, Math.min(first - EXCERPT_CONTEXT, text.length - width + 1));
  if (start === 0) return shorten(text, width);
  return `…${shorten(text.slice(start), width - 1)}`;
}

function detailLines(step: ComparedStep, width: number): string[] {
  const a = step.a!;
  const b = step.b!;
  const lines: string[] = [];
  for (const change of step.changes) {
    if (change === 'input' || change === 'output') {
      lines.push(
        `${change.padEnd(9)}A: ${excerpt(a[change], b[change], width)}`,
        `${''.padEnd(9)}B: ${excerpt(b[change], a[change], width)}`,
      );
    } else if (change === 'decision') {
      lines.push(`decision ${decisionText(a.decision)} → ${decisionText(b.decision)}`);
    } else if (change === 'outcome') {
      lines.push(`outcome  ${a.outcome ?? 'not governed'} → ${b.outcome ?? 'not governed'}`);
    } else if (change === 'status') {
      lines.push(`status   ${a.status} → ${b.status}${b.error === null ? '' : `: ${shorten(b.error, width)}`}`);
    } else {
      lines.push(`model    ${a.model ?? 'unknown'} → ${b.model ?? 'unknown'}`);
    }
  }
  return lines;
}

const LABEL_WIDTH = 60;
const TOOL_INPUT_WIDTH = 40;

/** `model gpt-4o`, or for a tool call its name and input: `tool search {"q":"paris"}` (shortened). */
function stepLabel(step: ComparedStep): string {
  const label = `${step.kind} ${step.name}`;
  const input = (step.b ?? step.a)!.input;
  return step.kind === 'tool' && input !== null ? `${label} ${shorten(input, TOOL_INPUT_WIDTH)}` : label;
}

/**
 * The readable report of a {@link TraceComparison}: the two runs, the aligned steps (`+` only in
 * B, `-` only in A, `~` changed, with what changed), the decisions that changed and a table of
 * totals for A and B with their differences.
 *
 * @throws DiffError `INVALID_OPTION` for a negative or fractional `context`
 *
 * @example
 * ```ts
 * console.log(formatTraceComparison(compareRuns(before, after), { context: 2 }));
 * ```
 */
export function formatTraceComparison(comparison: TraceComparison, options: FormatTraceComparisonOptions = {}): string {
  const styles: ComparisonTextStyles = {
    red: options.styles?.red ?? plain,
    green: options.styles?.green ?? plain,
    yellow: options.styles?.yellow ?? plain,
    dim: options.styles?.dim ?? plain,
    bold: options.styles?.bold ?? plain,
  };
  const width = options.valueWidth ?? 100;
  const { a, b, counts } = comparison;
  const status = (value: string): string => (value === SpanStatusCode.ERROR ? styles.red(value) : value);
  const lines = [
    styles.bold(`Comparing A ${a.traceId} → B ${b.traceId}`),
    `  A  ${a.name}  ${status(a.status)}  ${styles.dim(a.startTime)}`,
    `  B  ${b.name}  ${status(b.status)}  ${styles.dim(b.startTime)}`,
    comparison.identical
      ? `Same steps: ${counts.same} tool and model call(s) alike, no decision changed.`
      : `Steps: ${counts.same} same, ${counts.changed} changed, ${counts.added} added, ${counts.removed} removed`,
    '',
    styles.bold('Steps (A → B)'),
  ];
  if (comparison.steps.length === 0) lines.push(styles.dim('    (no tool or model calls in either run)'));
  const labels = comparison.steps.map(stepLabel);
  const labelWidth = Math.min(LABEL_WIDTH, Math.max(0, ...labels.map((label) => label.length)));
  const context = options.context ?? Infinity;
  if (Number.isNaN(context) || context < 0 || (Number.isFinite(context) && !Number.isInteger(context)))
    throw new DiffError({
      code: 'INVALID_OPTION',
      message: `formatTraceComparison: context must be a whole number of steps, 0 or more (got ${String(options.context)}).`,
    });
  const shown = shownSteps(comparison.steps, context);
  let folded = 0;
  const fold = (): void => {
    if (folded > 0) lines.push(styles.dim(`    … ${folded} unchanged step${folded === 1 ? '' : 's'}`));
    folded = 0;
  };
  comparison.steps.forEach((step, index) => {
    if (!shown[index]) {
      folded++;
      return;
    }
    fold();
    const colour =
      step.op === 'added'
        ? styles.green
        : step.op === 'removed'
          ? styles.red
          : step.op === 'changed'
            ? styles.yellow
            : plain;
    const tags = stepTags(step.b ?? step.a!);
    const note = step.op === 'changed' ? `changed: ${step.changes.join(', ')}` : '';
    const head = `  ${MARKERS[step.op]} ${shorten(labels[index], LABEL_WIDTH).padEnd(labelWidth)}`;
    const rest = [figures(step), note, tags].filter(Boolean).join('  ');
    lines.push(`${colour(head)}  ${step.op === 'same' ? styles.dim(rest) : rest}`.trimEnd());
    if (step.op === 'changed')
      for (const detail of detailLines(step, width)) lines.push(styles.dim(`        ${detail}`));
  });
  fold();
  if (comparison.decisionChanges.length > 0) {
    lines.push('', styles.bold('Decisions'));
    for (const change of comparison.decisionChanges) {
      const reason = change.after?.reason ?? change.before?.reason;
      lines.push(
        `  ${change.kind} ${change.name}${change.policy === null ? '' : ` (${change.policy})`}: ${change.before?.action ?? 'none'} → ${change.after?.action ?? 'none'}${reason ? styles.dim(`  ${shorten(reason, width)}`) : ''}`,
      );
    }
  }
  lines.push('', ...totalsLines(comparison, styles));
  return lines.join('\n');
}
