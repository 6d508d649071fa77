import { getJson } from './api-client';
import type { TraceListItem, TraceListPage } from './api-types';
import { h, replaceChildren } from './dom';
import {
  epochMsToLocalInput,
  formatCostMarked,
  formatDuration,
  formatTimestamp,
  formatTokens,
  localInputToEpochMs,
} from './format';
import { listHref, traceHref } from './hash-route';
import { errorBox, statusBadge } from './widgets';

const POLL_MS = 2000;

function filterForm(filters: URLSearchParams): HTMLFormElement {
  const status = h(
    'select',
    { name: 'status', 'aria-label': 'Status' },
    ...['', 'OK', 'ERROR', 'UNSET'].map((value) =>
      h(
        'option',
        { value, selected: filters.get('status') === value ? '' : undefined },
        value === '' ? 'Any status' : value,
      ),
    ),
  );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'data-testid': 'filters' },
    h('input', {
      name: 'name',
      type: 'search',
      placeholder: 'Root span name or trace id',
      value: filters.get('name') ?? '',
      'aria-label': 'Name',
    }),
    status,
    h(
      'label',
      {},
      'From ',
      h('input', {
        name: 'since',
        type: 'datetime-local',
        value: epochMsToLocalInput(filters.get('since') ?? undefined),
      }),
    ),
    h(
      'label',
      {},
      'To ',
      h('input', {
        name: 'until',
        type: 'datetime-local',
        value: epochMsToLocalInput(filters.get('until') ?? undefined),
      }),
    ),
    h('input', {
      name: 'attr',
      type: 'text',
      placeholder: 'attribute=value',
      value: filters.get('attr') ?? '',
      'aria-label': 'Attribute filter',
    }),
    h('button', { type: 'submit' }, 'Apply'),
    h('a', { href: '#/traces', class: 'button secondary' }, 'Clear'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    if (/^[0-9a-f]{32}$/.test(name)) {
      location.hash = traceHref(name);
      return;
    }
    const next = new URLSearchParams();
    if (name !== '') next.set('name', name);
    const chosen = String(data.get('status') ?? '');
    if (chosen !== '') next.set('status', chosen);
    const since = localInputToEpochMs(String(data.get('since') ?? ''));
    const until = localInputToEpochMs(String(data.get('until') ?? ''));
    if (since !== undefined) next.set('since', since);
    if (until !== undefined) next.set('until', until);
    const attribute = String(data.get('attr') ?? '').trim();
    if (attribute !== '') next.set('attr', attribute);
    location.hash = listHref(next);
  });
  return form;
}

function traceRow(trace: TraceListItem): HTMLTableRowElement {
  const counts = (count: number, kind: string): HTMLElement =>
    h('td', { class: count > 0 ? `number ${kind}` : 'number muted' }, count > 0 ? String(count) : '—');
  const row = h(
    'tr',
    { 'data-testid': 'trace-row' },
    h(
      'td',
      {},
      h('a', { href: traceHref(trace.traceId), title: trace.traceId }, trace.name || '(unnamed)'),
      trace.blocked
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
      trace.paused
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
    ),
    h('td', { class: 'nowrap' }, formatTimestamp(trace.startTimeNs)),
    h('td', { class: 'number' }, formatDuration(trace.durationMs)),
    h('td', {}, statusBadge(trace.status)),
    h('td', { class: 'number' }, String(trace.spanCount)),
    h('td', { class: 'number' }, formatTokens(trace.totalTokens)),
    h(
      'td',
      {
        class: 'number',
        ...((trace.unknownCostModels ?? []).length > 0
          ? { title: `Cost unknown for ${(trace.unknownCostModels ?? []).join(', ')} (no price)` }
          : {}),
      },
      formatCostMarked(trace.costUsd, trace.unknownCostModels),
    ),
    counts(trace.blockedCount, 'blocked'),
    counts(trace.pausedCount, 'paused'),
  );
  row.addEventListener('click', (event) => {
    if ((event.target as HTMLElement).closest('a') === null) location.hash = traceHref(trace.traceId);
  });
  return row;
}

function pager(filters: URLSearchParams, page: TraceListPage): HTMLElement {
  const link = (offset: number, label: string): HTMLElement => {
    const next = new URLSearchParams(filters);
    if (offset > 0) next.set('offset', String(offset));
    else next.delete('offset');
    return h('a', { href: listHref(next), class: 'button secondary' }, label);
  };
  const first = page.traces.length === 0 ? 0 : page.offset + 1;
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    page.offset > 0 ? link(Math.max(0, page.offset - page.limit), '← Newer') : null,
    h('span', { class: 'muted' }, `Traces ${first}–${page.offset + page.traces.length}`),
    page.hasMore ? link(page.offset + page.limit, 'Older →') : null,
  );
}

function traceTable(page: TraceListPage): HTMLElement {
  if (page.traces.length === 0) return h('p', { class: 'empty' }, 'No traces match these filters.');
  const headings = ['Name', 'Started', 'Duration', 'Status', 'Spans', 'Tokens', 'Cost', 'Blocked', 'Paused'];
  return h(
    'table',
    { class: 'traces', 'data-testid': 'trace-table' },
    h('thead', {}, h('tr', {}, ...headings.map((heading) => h('th', {}, heading)))),
    h('tbody', {}, ...page.traces.map(traceRow)),
  );
}

/** Shows the trace list with `filters`; refreshes it every 2 s while `live()` is true. */
export function mountList(container: HTMLElement, filters: URLSearchParams, live: () => boolean): { dispose(): void } {
  const results = h('div', { class: 'results', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  replaceChildren(container, h('h1', {}, 'Traces'), filterForm(filters), results);
  let lastText = '';
  let disposed = false;
  const load = async (): Promise<void> => {
    try {
      const page = await getJson<TraceListPage>(`/api/traces?${filters.toString()}`);
      const text = JSON.stringify(page);
      if (disposed || text === lastText) return;
      lastText = text;
      replaceChildren(results, pager(filters, page), traceTable(page));
    } catch (error) {
      if (!disposed) replaceChildren(results, errorBox(error));
      lastText = '';
    }
  };
  void load();
  const timer = setInterval(() => {
    if (live()) void load();
  }, POLL_MS);
  return {
    dispose() {
      disposed = true;
      clearInterval(timer);
    },
  };
}
