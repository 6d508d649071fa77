import { getJson } from './api-client';
import type {
  AgentStepData,
  ComparedRunData,
  ComparedStepData,
  ComparisonData,
  RunTotalsData,
  StepDecisionData,
} from './api-types';
import { h, replaceChildren } from './dom';
import { formatCost, formatDuration, formatTimestamp, formatTokens } from './format';
import { traceHref } from './hash-route';
import { errorBox, outcomeBadge, statusBadge } from './widgets';

const OP_MARK: Record<ComparedStepData['op'], string> = { same: '=', changed: '~', added: '+', removed: '−' };

/** A signed difference, e.g. `+120`, `−0.0012`; `±0` when equal; a dash when unknown. */
function signed(value: number | null, format: (value: number) => string): string {
  if (value === null) return '—';
  if (value === 0) return '±0';
  return `${value > 0 ? '+' : '−'}${format(Math.abs(value))}`;
}

function deltaClass(value: number | null, lowerIsBetter = true): string {
  if (value === null || value === 0) return 'delta';
  return value < 0 === lowerIsBetter ? 'delta better' : 'delta worse';
}

function decisionText(decision: StepDecisionData | null): string {
  if (decision === null) return 'no decision';
  return `${decision.action.toUpperCase()}${decision.policy ? ` (${decision.policy})` : ''}`;
}

function totalsTable(comparison: ComparisonData): HTMLElement {
  const rows: Array<[string, (totals: RunTotalsData) => number | null, (value: number) => string]> = [
    ['Duration', (totals) => totals.durationMs, formatDuration],
    ['Tokens', (totals) => totals.totalTokens, (value) => (formatTokens(value) === '—' ? '0' : formatTokens(value))],
    ['Input tokens', (totals) => totals.inputTokens, (value) => value.toLocaleString('en-US')],
    ['Output tokens', (totals) => totals.outputTokens, (value) => value.toLocaleString('en-US')],
    ['Cost', (totals) => totals.costUsd, formatCost],
    ['Model calls', (totals) => totals.modelCalls, String],
    ['Tool calls', (totals) => totals.toolCalls, String],
    ['Calls not run', (totals) => totals.blockedCalls, String],
    ['Errors', (totals) => totals.errors, String],
  ];
  return h(
    'table',
    { class: 'compare-totals', 'data-testid': 'compare-totals' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, ''), h('th', {}, 'A (before)'), h('th', {}, 'B (after)'), h('th', {}, 'B − A')),
    ),
    h(
      'tbody',
      {},
      ...rows.map(([label, pick, format]) => {
        const a = pick(comparison.a.totals);
        const b = pick(comparison.b.totals);
        const delta = pick(comparison.delta);
        return h(
          'tr',
          {},
          h('th', {}, label),
          h('td', { class: 'number' }, a === null ? '—' : format(a)),
          h('td', { class: 'number' }, b === null ? '—' : format(b)),
          h('td', { class: `number ${deltaClass(delta)}` }, signed(delta, format)),
        );
      }),
    ),
  );
}

function runHeading(label: string, run: ComparedRunData): HTMLElement {
  return h(
    'div',
    { class: 'compare-run' },
    h('span', { class: 'stat-label' }, label),
    h('a', { href: traceHref(run.traceId) }, run.name || '(unnamed)'),
    statusBadge(run.status),
    h('code', { class: 'trace-id' }, run.traceId),
    h('span', { class: 'muted' }, formatTimestamp(String(BigInt(Date.parse(run.startTime)) * 1_000_000n))),
  );
}

function stepCell(traceId: string, step: AgentStepData | null): HTMLElement {
  if (step === null) return h('td', { class: 'step-cell empty-side' }, '');
  return h(
    'td',
    { class: 'step-cell' },
    h('a', { href: traceHref(traceId, step.spanId), class: 'step-name' }, step.spanName),
    step.outcome !== null && step.outcome !== 'executed'
      ? outcomeBadge(step.outcome, { small: true, short: true })
      : null,
    step.status === 'ERROR' ? h('span', { class: 'badge small status-error' }, 'ERROR') : null,
    h(
      'div',
      { class: 'muted step-figures' },
      [
        formatDuration(step.durationMs ?? undefined),
        step.totalTokens > 0 ? `${step.totalTokens.toLocaleString('en-US')} tok` : '',
        step.costUsd !== null ? formatCost(step.costUsd) : '',
        step.decision !== null ? decisionText(step.decision) : '',
      ]
        .filter(Boolean)
        .join(' · '),
    ),
    step.input !== null ? h('div', { class: 'step-value', title: step.input }, `in: ${step.input}`) : null,
    step.output !== null ? h('div', { class: 'step-value', title: step.output }, `out: ${step.output}`) : null,
    step.error !== null ? h('div', { class: 'error-text' }, step.error) : null,
  );
}

function stepsTable(comparison: ComparisonData): HTMLElement {
  return h(
    'table',
    { class: 'compare-steps', 'data-testid': 'compare-steps' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, ''), h('th', {}, 'A (before)'), h('th', {}, 'B (after)'), h('th', {}, 'What differs')),
    ),
    h(
      'tbody',
      {},
      ...comparison.steps.map((step) =>
        h(
          'tr',
          { class: `step-${step.op}`, 'data-testid': 'compare-step' },
          h('td', { class: 'op', title: step.op }, OP_MARK[step.op]),
          stepCell(comparison.a.traceId, step.a),
          stepCell(comparison.b.traceId, step.b),
          h(
            'td',
            { class: 'changes' },
            h('span', { class: `badge small op-${step.op}` }, step.op.toUpperCase()),
            step.changes.length > 0 ? h('div', {}, step.changes.join(', ')) : null,
            h(
              'div',
              { class: 'muted' },
              [
                step.delta.durationMs !== null && step.delta.durationMs !== 0
                  ? `Δ ${signed(step.delta.durationMs, formatDuration)}`
                  : '',
                step.delta.totalTokens !== 0 ? `Δ ${signed(step.delta.totalTokens, String)} tok` : '',
                step.delta.costUsd !== null && step.delta.costUsd !== 0
                  ? `Δ ${signed(step.delta.costUsd, formatCost)}`
                  : '',
              ]
                .filter(Boolean)
                .join(' · '),
            ),
          ),
        ),
      ),
    ),
  );
}

function decisionsList(comparison: ComparisonData): HTMLElement | null {
  if (comparison.decisionChanges.length === 0) return null;
  return h(
    'section',
    { class: 'compare-decisions', 'data-testid': 'compare-decisions' },
    h('h2', {}, 'Decisions that changed'),
    h(
      'ul',
      {},
      ...comparison.decisionChanges.map((change) =>
        h(
          'li',
          {},
          h('strong', {}, change.name),
          `: ${decisionText(change.before)} → ${decisionText(change.after)}`,
          change.after?.reason ? h('span', { class: 'muted' }, ` — ${change.after.reason}`) : null,
        ),
      ),
    ),
  );
}

/** Shows two traces compared: their totals and differences, the decisions that changed, and the steps aligned. */
export function mountCompare(container: HTMLElement, left: string, right: string): { dispose(): void } {
  const body = h('div', { class: 'compare' }, h('p', { class: 'muted' }, 'Comparing…'));
  replaceChildren(container, h('p', {}, h('a', { href: '#/traces' }, '← All traces')), body);
  let disposed = false;
  getJson<ComparisonData>(`/api/compare/${left}/${right}`).then(
    (comparison) => {
      if (disposed) return;
      const { counts } = comparison;
      replaceChildren(
        body,
        h(
          'h1',
          {},
          'Compare runs',
          comparison.identical ? h('span', { class: 'badge status-ok' }, 'SAME STEPS') : null,
        ),
        h('div', { class: 'compare-runs' }, runHeading('A', comparison.a), runHeading('B', comparison.b)),
        h(
          'p',
          { class: 'compare-counts', 'data-testid': 'compare-counts' },
          `${counts.same} same · ${counts.changed} changed · ${counts.added} added · ${counts.removed} removed`,
        ),
        totalsTable(comparison),
        decisionsList(comparison),
        h('h2', {}, 'Steps, aligned'),
        stepsTable(comparison),
      );
    },
    (error: unknown) => {
      if (!disposed) replaceChildren(body, errorBox(error));
    },
  );
  return {
    dispose() {
      disposed = true;
    },
  };
}
