import { getJsonIfChanged } from './api-client';
import type { CheckpointData, TraceData } from './api-types';
import { h, replaceChildren } from './dom';
import { FlameChart } from './flame-chart';
import { formatCostMarked, formatCostParts, formatDuration, formatTimestamp, formatTokens } from './format';
import { traceHref } from './hash-route';
import { mergeTraceAnswer } from './trace-merge';
import type { TraceAnswer } from './trace-merge';
import { checkpointList, spanPanel } from './span-panel';
import { parentIndexes, pathTo, searchSpans, searchText, spansWithChildren, visibleRows } from './visible-rows';
import type { VisibleRow } from './visible-rows';
import { Waterfall } from './waterfall';
import { errorBox, statusBadge, traceMarks } from './widgets';

const POLL_MS = 2000;

/** The reader's choices, kept from one trace to the next while the page is open. */
const preferences: { hidePlumbing: boolean; mode: 'waterfall' | 'timeline' } = {
  hidePlumbing: true,
  mode: 'waterfall',
};

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

/** The open trace and what is derived from it once per version. */
interface Loaded {
  trace: TraceData;
  parents: Int32Array;
  indexById: Map<string, number>;
  texts: string[] | undefined;
  totalMs: number;
}

function load(trace: TraceData): Loaded {
  const indexById = new Map<string, number>();
  let totalMs = trace.durationMs;
  trace.spans.forEach((span, index) => {
    indexById.set(span.spanId, index);
    totalMs = Math.max(totalMs, span.offsetMs + (span.durationMs ?? 0));
  });
  return { trace, parents: parentIndexes(trace.spans), indexById, texts: undefined, totalMs };
}

/**
 * Shows one trace: summary, checkpoints, a toolbar (search with next/previous, plumbing toggle,
 * collapse and expand all, waterfall or timeline), the virtualized span tree and, beside it, the
 * selected span's details in a panel that stays in view.
 */
export function mountTrace(
  container: HTMLElement,
  traceId: string,
  spanId: string | undefined,
  live: () => boolean,
): { select(spanId: string | undefined): void; dispose(): void } {
  let loaded: Loaded | undefined;
  let checkpoints: CheckpointData[] = [];
  let selected = spanId;
  let scrollPending = spanId !== undefined;
  let disposed = false;
  const collapsed = new Set<string>();
  const revealed = new Set<string>();
  let hidePlumbing = preferences.hidePlumbing;
  let mode: 'waterfall' | 'timeline' = 'waterfall';
  let rows: VisibleRow[] = [];
  let matches: number[] = [];
  let matchSet = new Set<number>();
  let matchCursor = -1;

  const host = {
    spans: [] as TraceData['spans'],
    traceId,
    totalMs: 0,
    isSelected: (id: string) => id === selectedSpan()?.spanId,
    isMatch: (index: number) => matchSet.has(index),
    isCollapsed: (id: string) => collapsed.has(id),
    toggle(id: string) {
      if (collapsed.has(id)) collapsed.delete(id);
      else collapsed.add(id);
      refreshRows();
    },
    open(id: string) {
      location.hash = traceHref(traceId, id);
    },
  };
  const waterfall = new Waterfall(host);
  const flame = new FlameChart(host);

  const header = h('div', { class: 'trace-header' }, h('p', { class: 'muted' }, 'Loading…'));
  const searchInput = h('input', {
    type: 'search',
    class: 'trace-search',
    placeholder: 'Search spans: name, tool, model, attribute value',
    'aria-label': 'Search in this trace',
    'data-testid': 'trace-search',
  });
  const matchCount = h('span', { class: 'muted match-count', 'data-testid': 'match-count', 'aria-live': 'polite' });
  const previous = h(
    'button',
    { type: 'button', class: 'secondary', title: 'Previous match (Shift+Enter)', 'data-testid': 'search-previous' },
    '↑',
  );
  const next = h(
    'button',
    { type: 'button', class: 'secondary', title: 'Next match (Enter)', 'data-testid': 'search-next' },
    '↓',
  );
  const plumbingToggle = h('input', {
    type: 'checkbox',
    id: 'hide-plumbing',
    checked: hidePlumbing ? '' : undefined,
    'data-testid': 'hide-plumbing',
  });
  const plumbingLabel = h(
    'label',
    {
      for: 'hide-plumbing',
      class: 'toggle',
      title: 'Fold LangChain/LangGraph internals (__start__, RunnableLambda, middleware hooks …)',
    },
    plumbingToggle,
    ' Hide framework plumbing',
  );
  const collapseAll = h(
    'button',
    { type: 'button', class: 'secondary', 'data-testid': 'collapse-all' },
    'Collapse all',
  );
  const expandAll = h('button', { type: 'button', class: 'secondary', 'data-testid': 'expand-all' }, 'Expand all');
  const waterfallTab = h(
    'button',
    { type: 'button', class: 'tab selected', 'data-testid': 'view-waterfall' },
    'Waterfall',
  );
  const timelineTab = h('button', { type: 'button', class: 'tab', 'data-testid': 'view-timeline' }, 'Timeline');
  const shownCount = h('span', { class: 'muted', 'data-testid': 'shown-count' });
  const toolbar = h(
    'div',
    { class: 'trace-toolbar', role: 'toolbar' },
    h('span', { class: 'tabs' }, waterfallTab, timelineTab),
    searchInput,
    previous,
    next,
    matchCount,
    plumbingLabel,
    collapseAll,
    expandAll,
    shownCount,
  );
  const treeSlot = h('div', { class: 'tree-slot' }, waterfall.element);
  const panelSlot = h('div', { class: 'panel-slot' });
  const layout = h('div', { class: 'trace-layout' }, treeSlot, panelSlot);
  replaceChildren(container, h('p', {}, h('a', { href: '#/traces' }, '← All traces')), header);

  function selectedSpan(): TraceData['spans'][number] | undefined {
    if (loaded === undefined) return undefined;
    const { trace, indexById } = loaded;
    const index = selected === undefined ? undefined : indexById.get(selected);
    return index !== undefined ? trace.spans[index] : (trace.spans[indexById.get(trace.rootSpanId) ?? 0] ?? undefined);
  }

  /** Expands the ancestors of span `index` and reveals it (and its plumbing ancestors) if hidden. */
  function reveal(index: number): boolean {
    if (loaded === undefined) return false;
    let changed = false;
    for (const ancestor of pathTo(loaded.trace.spans, loaded.parents, index)) {
      if (collapsed.delete(ancestor)) changed = true;
    }
    const span = loaded.trace.spans[index];
    if (span.plumbing && hidePlumbing && !revealed.has(span.spanId)) {
      revealed.add(span.spanId);
      changed = true;
    }
    return changed;
  }

  function refreshRows(): void {
    if (loaded === undefined) return;
    rows = visibleRows(loaded.trace.spans, loaded.parents, { collapsed, hidePlumbing, revealed });
    shownCount.textContent = `${rows.length.toLocaleString('en-US')} of ${loaded.trace.spans.length.toLocaleString('en-US')} spans shown`;
    if (mode === 'waterfall') waterfall.setRows(rows);
    else flame.setRows(rows);
  }

  function showPanel(): void {
    const span = selectedSpan();
    if (span !== undefined && loaded !== undefined) replaceChildren(panelSlot, spanPanel(span, traceId, checkpoints));
  }

  function showSelection(scroll: boolean): void {
    if (loaded === undefined) return;
    const span = selectedSpan();
    if (span === undefined) return;
    const index = loaded.indexById.get(span.spanId)!;
    if (reveal(index)) refreshRows();
    if (mode === 'waterfall') {
      waterfall.refreshSelection();
      if (scroll) waterfall.scrollToIndex(index);
    } else {
      flame.draw();
    }
    showPanel();
  }

  function runSearch(): void {
    if (loaded === undefined) return;
    loaded.texts ??= loaded.trace.spans.map(searchText);
    matches = searchSpans(loaded.texts, searchInput.value);
    matchSet = new Set(matches);
    matchCursor = -1;
    matchCount.textContent =
      searchInput.value.trim() === ''
        ? ''
        : matches.length === 0
          ? 'no match'
          : `${matches.length} ${matches.length === 1 ? 'match' : 'matches'}`;
    if (mode === 'waterfall') waterfall.redraw();
    else flame.draw();
  }

  function step(direction: 1 | -1): void {
    if (loaded === undefined || matches.length === 0) return;
    matchCursor = (matchCursor + direction + matches.length) % matches.length;
    matchCount.textContent = `${matchCursor + 1} / ${matches.length}`;
    const span = loaded.trace.spans[matches[matchCursor]];
    selected = span.spanId;
    history.replaceState(null, '', traceHref(traceId, span.spanId));
    showSelection(true);
    if (mode === 'waterfall') waterfall.scrollToIndex(matches[matchCursor]);
  }

  function setMode(next: 'waterfall' | 'timeline'): void {
    mode = next;
    preferences.mode = next;
    waterfallTab.classList.toggle('selected', mode === 'waterfall');
    timelineTab.classList.toggle('selected', mode === 'timeline');
    treeSlot.replaceChildren(mode === 'waterfall' ? waterfall.element : flame.element);
    refreshRows();
    if (mode === 'waterfall') showSelection(true);
  }

  let searchTimer = 0;
  searchInput.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = window.setTimeout(runSearch, 120);
  });
  searchInput.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    clearTimeout(searchTimer);
    if (matchSet.size === 0 && searchInput.value.trim() !== '') runSearch();
    step(event.shiftKey ? -1 : 1);
  });
  previous.addEventListener('click', () => step(-1));
  next.addEventListener('click', () => step(1));
  plumbingToggle.addEventListener('change', () => {
    hidePlumbing = plumbingToggle.checked;
    preferences.hidePlumbing = hidePlumbing;
    revealed.clear();
    refreshRows();
    showSelection(false);
  });
  collapseAll.addEventListener('click', () => {
    if (loaded === undefined) return;
    collapsed.clear();
    const { spans } = loaded.trace;
    for (const id of spansWithChildren(spans, loaded.parents)) {
      const index = loaded.indexById.get(id)!;
      if (loaded.parents[index] >= 0) collapsed.add(id);
    }
    refreshRows();
  });
  expandAll.addEventListener('click', () => {
    collapsed.clear();
    refreshRows();
  });
  waterfallTab.addEventListener('click', () => setMode('waterfall'));
  timelineTab.addEventListener('click', () => setMode('timeline'));
  // Keyboard: ↑/↓ move the selection along the shown rows, ← folds the selected subtree (or goes
  // to the parent), → unfolds it.
  waterfall.element.addEventListener('keydown', (event) => {
    if (loaded === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    const span = selectedSpan();
    if (span === undefined) return;
    const index = loaded.indexById.get(span.spanId)!;
    const position = waterfall.positionOf(index);
    let target: number | undefined;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const next = (position ?? -1) + (event.key === 'ArrowDown' ? 1 : -1);
      if (next >= 0 && next < rows.length) target = rows[next].index;
    } else if (event.key === 'ArrowLeft') {
      const row = position === undefined ? undefined : rows[position];
      if (row !== undefined && row.children > 0 && !collapsed.has(span.spanId)) host.toggle(span.spanId);
      else if (loaded.parents[index] >= 0) target = loaded.parents[index];
    } else if (event.key === 'ArrowRight') {
      if (collapsed.has(span.spanId)) host.toggle(span.spanId);
    } else {
      return;
    }
    event.preventDefault();
    if (target === undefined) return;
    selected = loaded.trace.spans[target].spanId;
    history.replaceState(null, '', traceHref(traceId, selected));
    showSelection(true);
    waterfall.focus();
  });
  const resize = new ResizeObserver(() => {
    if (mode === 'timeline') flame.draw();
    else waterfall.redraw();
  });
  resize.observe(treeSlot);

  const render = (trace: TraceData): void => {
    const first = loaded === undefined;
    loaded = load(trace);
    host.spans = trace.spans;
    host.totalMs = loaded.totalMs;
    replaceChildren(
      header,
      h('h1', {}, trace.name || '(unnamed)', traceMarks(trace.totals), h('code', { class: 'trace-id' }, trace.traceId)),
      summary(trace),
      checkpoints.length > 0
        ? h(
            'details',
            { class: 'checkpoint-box', 'data-testid': 'checkpoints' },
            h('summary', {}, `Checkpoints (${checkpoints.length})`),
            checkpointList(checkpoints, trace.traceId),
          )
        : null,
    );
    if (first) {
      container.append(toolbar, layout);
      if (preferences.mode === 'timeline') setMode('timeline');
    }
    refreshRows();
    if (searchInput.value.trim() !== '') runSearch();
    showSelection(scrollPending);
    scrollPending = false;
  };

  let traceTag: string | undefined;
  let checkpointTag: string | undefined;
  let loading = false;
  const poll = async (): Promise<void> => {
    if (loading) return;
    loading = true;
    try {
      const [nextTrace, nextCheckpoints] = await Promise.all([
        // With the version held, the server sends only the spans that changed since.
        getJsonIfChanged<TraceAnswer>(
          `/api/traces/${traceId}${traceTag === undefined || loaded === undefined ? '' : `?since=${traceTag.replace(/"/g, '')}`}`,
          traceTag,
        ),
        getJsonIfChanged<{ checkpoints: CheckpointData[] }>(`/api/traces/${traceId}/checkpoints`, checkpointTag),
      ]);
      if (disposed) return;
      if (nextCheckpoints !== undefined) {
        checkpointTag = nextCheckpoints.etag;
        checkpoints = nextCheckpoints.body.checkpoints;
      }
      if (nextTrace !== undefined) {
        traceTag = nextTrace.etag;
        render(mergeTraceAnswer(loaded?.trace, nextTrace.body));
      } else if (nextCheckpoints !== undefined && loaded !== undefined) {
        render(loaded.trace);
      }
    } catch (error) {
      if (!disposed && loaded === undefined) replaceChildren(header, errorBox(error));
    } finally {
      loading = false;
    }
  };
  void poll();
  const timer = setInterval(() => {
    if (live()) void poll();
  }, POLL_MS);
  return {
    select(next) {
      selected = next;
      showSelection(true);
    },
    dispose() {
      disposed = true;
      clearInterval(timer);
      clearTimeout(searchTimer);
      resize.disconnect();
      waterfall.dispose();
    },
  };
}
