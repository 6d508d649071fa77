import { getJson } from './api-client';
import type { CheckpointData, TraceData } from './api-types';
import { h, replaceChildren } from './dom';
import { formatCostMarked, formatCostParts, formatDuration, formatTimestamp, formatTokens } from './format';
import { checkpointList, spanPanel } from './span-panel';
import { waterfall } from './waterfall';
import { errorBox, statusBadge } from './widgets';

const POLL_MS = 2000;

/** The trace's cost, its parts by kind of token, and the models whose cost is unknown. */
function costValue(trace: TraceData): HTMLElement {
  const { costUsd, cost, unknownCostModels = [] } = trace.totals;
  const unknown =
    unknownCostModels.length === 0
      ? null
      : h(
          'span',
          { class: 'stat-detail cost-unknown', 'data-testid': 'cost-unknown' },
          `unknown for ${unknownCostModels.join(', ')} (no price)`,
        );
  return h(
    'span',
    { 'data-testid': 'trace-cost' },
    formatCostMarked(costUsd, unknownCostModels),
    cost === undefined ? null : h('span', { class: 'stat-detail', 'data-testid': 'cost-parts' }, formatCostParts(cost)),
    unknown,
  );
}

function summary(trace: TraceData): HTMLElement {
  const item = (label: string, value: string | Node): HTMLElement =>
    h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-value' }, value));
  const totals = trace.totals;
  return h(
    'div',
    { class: 'stats' },
    item('Status', statusBadge(trace.status)),
    item('Started', formatTimestamp(trace.startTimeNs)),
    item('Duration', formatDuration(trace.durationMs)),
    item('Spans', String(trace.spanCount)),
    item(
      'Tokens',
      totals.totalTokens > 0
        ? `${formatTokens(totals.totalTokens)} (${formatTokens(totals.inputTokens)} in / ${formatTokens(totals.outputTokens)} out)`
        : '—',
    ),
    item('Cost', costValue(trace)),
    item('Blocked', String(totals.blockedCount)),
    item('Paused', String(totals.pausedCount)),
    totals.preventedCount > 0 ? item('Not run', String(totals.preventedCount)) : null,
  );
}

/** Shows one trace: summary, checkpoints, waterfall and the selected span's panel. */
export function mountTrace(
  container: HTMLElement,
  traceId: string,
  spanId: string | undefined,
  live: () => boolean,
): { select(spanId: string | undefined): void; dispose(): void } {
  let trace: TraceData | undefined;
  let checkpoints: CheckpointData[] = [];
  let selected = spanId;
  let disposed = false;
  const body = h('div', { class: 'trace-body' }, h('p', { class: 'muted' }, 'Loading…'));
  replaceChildren(container, h('p', {}, h('a', { href: '#/traces' }, '← All traces')), body);

  const showSelection = (): void => {
    if (trace === undefined) return;
    const span =
      trace.spans.find((item) => item.spanId === selected) ??
      trace.spans.find((item) => item.spanId === trace!.rootSpanId) ??
      trace.spans[0];
    for (const row of body.querySelectorAll<HTMLElement>('.wf-row[data-span-id]'))
      row.classList.toggle('selected', row.dataset.spanId === span?.spanId);
    const slot = body.querySelector('.panel-slot');
    if (slot !== null && span !== undefined) replaceChildren(slot, spanPanel(span, trace.traceId, checkpoints));
  };

  const render = (): void => {
    if (trace === undefined) return;
    replaceChildren(
      body,
      h('h1', {}, trace.name || '(unnamed)', h('code', { class: 'trace-id' }, trace.traceId)),
      summary(trace),
      checkpoints.length > 0
        ? h(
            'details',
            { class: 'checkpoint-box', 'data-testid': 'checkpoints' },
            h('summary', {}, `Checkpoints (${checkpoints.length})`),
            checkpointList(checkpoints, trace.traceId),
          )
        : null,
      h('div', { class: 'trace-layout' }, waterfall(trace), h('div', { class: 'panel-slot' })),
    );
    showSelection();
  };

  let lastText = '';
  const load = async (): Promise<void> => {
    try {
      const [next, checkpointAnswer] = await Promise.all([
        getJson<TraceData>(`/api/traces/${traceId}`),
        getJson<{ checkpoints: CheckpointData[] }>(`/api/traces/${traceId}/checkpoints`),
      ]);
      const text = JSON.stringify([next, checkpointAnswer]);
      if (disposed || text === lastText) return;
      lastText = text;
      trace = next;
      checkpoints = checkpointAnswer.checkpoints;
      render();
    } catch (error) {
      if (!disposed && trace === undefined) replaceChildren(body, errorBox(error));
    }
  };
  void load();
  const timer = setInterval(() => {
    if (live()) void load();
  }, POLL_MS);
  return {
    select(next) {
      selected = next;
      showSelection();
    },
    dispose() {
      disposed = true;
      clearInterval(timer);
    },
  };
}
