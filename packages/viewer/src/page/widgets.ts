import { ApiRequestError } from './api-client';
import type { Decision, GovernedOutcome, Snapshot } from './api-types';
import { h } from './dom';

/** A coloured status label. */
export function statusBadge(status: string): HTMLElement {
  return h('span', { class: `badge status-${status.toLowerCase()}` }, status);
}

/** A coloured policy action label. */
export function actionBadge(action: string): HTMLElement {
  const known = ['allow', 'block', 'pause', 'alert', 'redact', 'skip'].includes(action) ? action : 'other';
  return h('span', { class: `badge action-${known}`, 'data-testid': 'decision-action' }, action.toUpperCase());
}

const OUTCOME_TEXT: Record<GovernedOutcome, { label: string; explanation: string }> = {
  executed: { label: 'RAN', explanation: 'The governed call ran.' },
  blocked: { label: 'NOT RUN: BLOCKED', explanation: 'A policy blocked the call; it did not run.' },
  rejected: { label: 'NOT RUN: REJECTED', explanation: 'A reviewer rejected the call; it did not run.' },
  timed_out: { label: 'NOT RUN: TIMED OUT', explanation: 'Nobody approved the call in time; it did not run.' },
  paused: { label: 'NOT RUN: PAUSED', explanation: "The run is waiting for a human's approval; the call has not run." },
};

/**
 * A label for what became of a governed call, e.g. `NOT RUN: BLOCKED` (`short`: `NOT RUN`), with
 * an explanation as its title.
 */
export function outcomeBadge(
  outcome: GovernedOutcome | undefined,
  options: { small?: boolean; short?: boolean } = {},
): HTMLElement {
  const text = outcome === undefined ? undefined : OUTCOME_TEXT[outcome];
  const prevented = outcome !== 'executed';
  const label = text?.label ?? 'NOT RUN';
  return h(
    'span',
    {
      class: `badge${options.small === true ? ' small' : ''} ${prevented ? `outcome-prevented outcome-${outcome ?? 'unknown'}` : 'outcome-executed'}`,
      title: text?.explanation ?? 'The governed call did not run.',
      'data-testid': 'governed-outcome',
    },
    options.short === true && prevented ? 'NOT RUN' : label,
  );
}

/** One sentence saying what became of a governed call. */
export function outcomeExplanation(outcome: GovernedOutcome | undefined): string {
  return outcome === undefined ? 'The governed call did not run.' : OUTCOME_TEXT[outcome].explanation;
}

/** An error message box. */
export function errorBox(error: unknown): HTMLElement {
  const code = error instanceof ApiRequestError ? `${error.code}: ` : '';
  return h(
    'div',
    { class: 'error-box', role: 'alert' },
    `${code}${error instanceof Error ? error.message : String(error)}`,
  );
}

/** A stored input/output value. */
export function snapshotBlock(snapshot: Snapshot): HTMLElement {
  if (!snapshot.captured) {
    return h('p', { class: 'muted' }, `Not captured: ${snapshot.reason}${snapshot.type ? ` (${snapshot.type})` : ''}`);
  }
  if ('error' in snapshot) {
    return h(
      'div',
      {},
      h('p', { class: 'error-text' }, `Could not decode: ${snapshot.error}`),
      h('pre', { class: 'code' }, snapshot.raw),
    );
  }
  return h('pre', { class: 'code json' }, snapshot.json);
}

/** A table of policy decisions. */
export function decisionTable(decisions: readonly Decision[]): HTMLElement {
  return h(
    'table',
    { class: 'decisions', 'data-testid': 'decisions' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Action'), h('th', {}, 'Policy'), h('th', {}, 'Reason'), h('th', {}, 'On'))),
    h(
      'tbody',
      {},
      ...decisions.map((decision) =>
        h(
          'tr',
          {},
          h('td', {}, actionBadge(decision.action)),
          h('td', {}, decision.policyName ?? '—'),
          h(
            'td',
            { class: 'wrap' },
            decision.reason ?? '—',
            decision.alerts ? h('div', { class: 'muted' }, decision.alerts) : null,
          ),
          h('td', {}, [decision.eventType, decision.toolName].filter(Boolean).join(' · ') || '—'),
        ),
      ),
    ),
  );
}

/** A two-column key/value table. */
export function keyValueTable(rows: ReadonlyArray<[string, string | Node]>, testId?: string): HTMLElement {
  return h(
    'table',
    { class: 'key-values', 'data-testid': testId },
    h('tbody', {}, ...rows.map(([key, value]) => h('tr', {}, h('th', {}, key), h('td', { class: 'wrap' }, value)))),
  );
}

/** BLOCKED / PAUSED marks of a trace that holds a block or a pause (in the list and the trace header). */
export function traceMarks(trace: { blocked?: boolean; paused?: boolean }): HTMLElement | null {
  if (trace.blocked !== true && trace.paused !== true) return null;
  return h(
    'span',
    { class: 'trace-marks' },
    trace.blocked === true
      ? h(
          'span',
          {
            class: 'badge small action-block',
            title: 'A call in this trace was blocked and did not run',
            'data-testid': 'trace-blocked',
          },
          'BLOCKED',
        )
      : null,
    trace.paused === true
      ? h(
          'span',
          {
            class: 'badge small action-pause',
            title: "A call in this trace was paused for a human's approval",
            'data-testid': 'trace-paused',
          },
          'PAUSED',
        )
      : null,
  );
}
