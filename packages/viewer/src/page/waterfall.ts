import type { SpanData, TraceData } from './api-types';
import { h } from './dom';
import { formatDuration } from './format';
import { traceHref } from './hash-route';
import { outcomeBadge } from './widgets';

function spanCategory(span: SpanData): string {
  if (span.status === 'ERROR') return 'error';
  if (span.prevented) return 'prevented';
  if (span.decisions.some((decision) => decision.action === 'block')) return 'blocked';
  if (span.llm) return 'llm';
  if (span.tool) return 'tool';
  if (span.decisions.length > 0) return 'policy';
  return 'other';
}

function axis(totalMs: number): HTMLElement {
  const ticks = h('div', { class: 'wf-axis-ticks' });
  for (let index = 0; index <= 4; index++) {
    const tick = h('span', { class: 'wf-tick' }, formatDuration((totalMs * index) / 4));
    tick.style.left = `${index * 25}%`;
    ticks.appendChild(tick);
  }
  return h('div', { class: 'wf-row wf-axis' }, h('div', { class: 'wf-name muted' }, 'Span'), ticks);
}

function row(trace: TraceData, span: SpanData, totalMs: number): HTMLElement {
  const left = totalMs > 0 ? (span.offsetMs / totalMs) * 100 : 0;
  const width = totalMs > 0 && span.durationMs !== undefined ? (span.durationMs / totalMs) * 100 : 0;
  const bar = h('div', {
    class: `wf-bar cat-${spanCategory(span)}`,
    title: `${span.name}: ${formatDuration(span.durationMs)}`,
  });
  bar.style.left = `${Math.min(left, 99.5)}%`;
  bar.style.width = `${Math.max(width, 0.4)}%`;
  const end = left + Math.max(width, 0.4);
  // The label follows the bar; near the right edge it goes before the bar, or inside a wide one.
  const placement = end <= 80 ? 'after' : left >= 15 ? 'before' : 'inside';
  const label = h('span', { class: `wf-duration ${placement}` }, formatDuration(span.durationMs));
  if (placement === 'after') label.style.left = `${end}%`;
  else label.style.right = `${100 - (placement === 'before' ? Math.min(left, 99.5) : Math.min(end, 100))}%`;
  const name = h('div', { class: 'wf-name' });
  name.style.paddingLeft = `${0.4 + Math.min(span.depth, 24) * 1.1}rem`;
  name.append(h('span', { class: 'wf-label' }, span.name));
  for (const decision of span.decisions) {
    if (decision.action !== 'allow')
      name.append(h('span', { class: `badge small action-${decision.action}` }, decision.action.toUpperCase()));
  }
  if (span.prevented) name.append(outcomeBadge(span.outcome, { small: true, short: true }));
  if (span.status === 'ERROR') name.append(h('span', { class: 'badge small status-error' }, 'ERROR'));
  return h(
    'a',
    {
      class: span.prevented ? 'wf-row prevented' : 'wf-row',
      href: traceHref(trace.traceId, span.spanId),
      'data-span-id': span.spanId,
      'data-testid': 'waterfall-row',
    },
    name,
    h('div', { class: 'wf-track' }, bar, label),
  );
}

/** The span tree as rows of bars placed on the trace's timeline. */
export function waterfall(trace: TraceData): HTMLElement {
  const totalMs = Math.max(trace.durationMs, ...trace.spans.map((span) => span.offsetMs + (span.durationMs ?? 0)));
  return h(
    'div',
    { class: 'waterfall', 'data-testid': 'waterfall', role: 'list' },
    axis(totalMs),
    ...trace.spans.map((span) => row(trace, span, totalMs)),
  );
}
