import { getJsonIfChanged } from './api-client';
import type { FacetValue, Facets, TraceListItem, TraceListPage } from './api-types';
import { h, replaceChildren } from './dom';
import {
  epochMsToLocalInput,
  formatCostMarked,
  formatDuration,
  formatTimestamp,
  formatTokens,
  localInputToEpochMs,
} from './format';
import { compareHref, listHref, traceHref } from './hash-route';
import { errorBox, statusBadge, traceMarks } from './widgets';

const POLL_MS = 2000;

/** Parameters of the list that are filters (kept when sorting or paging; facets count over them). */
const FILTERS = ['q', 'name', 'status', 'since', 'until', 'attr', 'user', 'session', 'blocked', 'paused'];

function filterForm(filters: URLSearchParams): HTMLFormElement {
  const select = (name: string, label: string, options: Array<[string, string]>): HTMLSelectElement =>
    h(
      'select',
      { name, 'aria-label': label },
      ...options.map(([value, text]) =>
        h('option', { value, selected: (filters.get(name) ?? '') === value ? '' : undefined }, text),
      ),
    );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'data-testid': 'filters' },
    h('input', {
      name: 'q',
      type: 'search',
      placeholder: 'Name contains… or a trace id',
      value: filters.get('q') ?? filters.get('name') ?? '',
      'aria-label': 'Name',
    }),
    select('status', 'Status', [
      ['', 'Any status'],
      ['OK', 'OK'],
      ['ERROR', 'ERROR'],
      ['UNSET', 'UNSET'],
    ]),
    select('governed', 'Governance', [
      ['', 'Blocked or not'],
      ['blocked', 'Blocked'],
      ['paused', 'Paused'],
    ]),
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
      placeholder: 'any span: attribute=value',
      value: filters.get('attr') ?? '',
      'aria-label': 'Attribute filter',
    }),
    h('button', { type: 'submit' }, 'Apply'),
    h('a', { href: '#/traces', class: 'button secondary' }, 'Clear'),
  );
  const governed = form.querySelector<HTMLSelectElement>('select[name="governed"]')!;
  governed.value = filters.get('blocked') === 'true' ? 'blocked' : filters.get('paused') === 'true' ? 'paused' : '';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const text = String(data.get('q') ?? '').trim();
    if (/^[0-9a-f]{32}$/.test(text)) {
      location.hash = traceHref(text);
      return;
    }
    const next = new URLSearchParams();
    if (text !== '') next.set('q', text);
    const chosen = String(data.get('status') ?? '');
    if (chosen !== '') next.set('status', chosen);
    const flag = String(data.get('governed') ?? '');
    if (flag !== '') next.set(flag, 'true');
    const since = localInputToEpochMs(String(data.get('since') ?? ''));
    const until = localInputToEpochMs(String(data.get('until') ?? ''));
    if (since !== undefined) next.set('since', since);
    if (until !== undefined) next.set('until', until);
    const attribute = String(data.get('attr') ?? '').trim();
    if (attribute !== '') next.set('attr', attribute);
    for (const kept of ['user', 'session', 'sort', 'order']) {
      const value = filters.get(kept);
      if (value !== null) next.set(kept, value);
    }
    location.hash = listHref(next);
  });
  return form;
}

function withParameter(filters: URLSearchParams, name: string, value: string | undefined): string {
  const next = new URLSearchParams(filters);
  next.delete('offset');
  if (value === undefined) next.delete(name);
  else next.set(name, value);
  return listHref(next);
}

function facetGroup(
  filters: URLSearchParams,
  name: 'user' | 'session',
  title: string,
  values: FacetValue[],
): HTMLElement {
  const chosen = filters.get(name);
  return h(
    'div',
    { class: 'facet', 'data-testid': `facet-${name}` },
    h('h3', {}, title),
    values.length === 0 && chosen === null ? h('p', { class: 'muted' }, 'none recorded') : null,
    chosen === null
      ? null
      : h(
          'a',
          { href: withParameter(filters, name, undefined), class: 'facet-value chosen', title: 'Remove this filter' },
          `${chosen} ✕`,
        ),
    h(
      'ul',
      {},
      ...values
        .filter((item) => String(item.value) !== chosen)
        .map((item) =>
          h(
            'li',
            {},
            h(
              'a',
              { href: withParameter(filters, name, String(item.value)), class: 'facet-value' },
              String(item.value),
            ),
            h('span', { class: 'muted count' }, String(item.traces)),
          ),
        ),
    ),
  );
}

function traceRow(trace: TraceListItem, chosen: Set<string>, onChoose: () => void): HTMLTableRowElement {
  const counts = (count: number, kind: string): HTMLElement =>
    h('td', { class: count > 0 ? `number ${kind}` : 'number muted' }, count > 0 ? String(count) : '—');
  const checkbox = h('input', {
    type: 'checkbox',
    'aria-label': 'Select to compare',
    title: 'Select two traces to compare them',
    'data-testid': 'compare-check',
    checked: chosen.has(trace.traceId) ? '' : undefined,
  });
  checkbox.addEventListener('change', () => {
    if (checkbox.checked) chosen.add(trace.traceId);
    else chosen.delete(trace.traceId);
    onChoose();
  });
  const row = h(
    'tr',
    { 'data-testid': 'trace-row' },
    h('td', { class: 'check' }, checkbox),
    h(
      'td',
      {},
      h('a', { href: traceHref(trace.traceId), title: trace.traceId }, trace.name || '(unnamed)'),
      traceMarks(trace),
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
    const target = event.target as HTMLElement;
    if (target.closest('a') === null && target.closest('.check') === null) location.hash = traceHref(trace.traceId);
  });
  return row;
}

function pager(filters: URLSearchParams, page: TraceListPage): HTMLElement {
  const link = (offset: number, label: string): HTMLElement =>
    h(
      'a',
      { href: withParameter(filters, 'offset', offset > 0 ? String(offset) : undefined), class: 'button secondary' },
      label,
    );
  const first = page.traces.length === 0 ? 0 : page.offset + 1;
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    page.offset > 0 ? link(Math.max(0, page.offset - page.limit), '← Previous') : null,
    h(
      'span',
      { class: 'muted', 'data-testid': 'trace-count' },
      `Traces ${first}–${page.offset + page.traces.length} of ${page.total.toLocaleString('en-US')}`,
    ),
    page.hasMore ? link(page.offset + page.limit, 'Next →') : null,
  );
}

/** Sortable columns: heading, `sort` value, and the direction a first click sorts in. */
const SORTABLE: Record<string, string> = { Name: 'name', Started: 'start', Duration: 'duration', Spans: 'spans' };

function heading(filters: URLSearchParams, title: string): HTMLElement {
  const key = SORTABLE[title];
  if (key === undefined) return h('th', {}, title);
  const current = filters.get('sort') ?? 'start';
  const order = filters.get('order') ?? 'desc';
  const active = current === key;
  const nextOrder = active && order === 'desc' ? 'asc' : active ? 'desc' : key === 'name' ? 'asc' : 'desc';
  const next = new URLSearchParams(filters);
  next.delete('offset');
  next.set('sort', key);
  next.set('order', nextOrder);
  if (key === 'start' && nextOrder === 'desc') {
    next.delete('sort');
    next.delete('order');
  }
  return h(
    'th',
    { class: active ? 'sorted' : undefined },
    h(
      'a',
      { href: listHref(next), title: `Sort by ${title.toLowerCase()}`, 'data-testid': `sort-${key}` },
      title,
      active ? (order === 'asc' ? ' ▲' : ' ▼') : '',
    ),
  );
}

function traceTable(
  filters: URLSearchParams,
  page: TraceListPage,
  chosen: Set<string>,
  onChoose: () => void,
): HTMLElement {
  if (page.traces.length === 0) return h('p', { class: 'empty' }, 'No traces match these filters.');
  const headings = ['Name', 'Started', 'Duration', 'Status', 'Spans', 'Tokens', 'Cost', 'Blocked', 'Paused'];
  return h(
    'table',
    { class: 'traces', 'data-testid': 'trace-table' },
    h('thead', {}, h('tr', {}, h('th', { class: 'check' }, ''), ...headings.map((title) => heading(filters, title)))),
    h('tbody', {}, ...page.traces.map((trace) => traceRow(trace, chosen, onChoose))),
  );
}

/**
 * Shows the trace list with `filters`: search, filters, user and session facets, sortable
 * columns, the total count, and a compare action for two selected traces. Refreshes every 2 s
 * while `live()` is true, downloading the page again only when the server says it changed.
 */
export function mountList(container: HTMLElement, filters: URLSearchParams, live: () => boolean): { dispose(): void } {
  const results = h('div', { class: 'results', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  const facets = h('aside', { class: 'facets', 'data-testid': 'facets' });
  const chosen = new Set<string>();
  const compareBar = h('div', { class: 'compare-bar', 'data-testid': 'compare-bar' });
  const updateCompare = (): void => {
    const ids = [...chosen];
    replaceChildren(
      compareBar,
      ids.length === 2
        ? h(
            'a',
            { href: compareHref(ids[0], ids[1]), class: 'button', 'data-testid': 'compare-link' },
            'Compare the two selected traces',
          )
        : h(
            'span',
            { class: 'muted' },
            ids.length === 0
              ? 'Select two traces to compare them.'
              : ids.length === 1
                ? 'Select one more trace to compare.'
                : 'Select only two traces to compare.',
          ),
    );
  };
  updateCompare();
  replaceChildren(
    container,
    h('h1', {}, 'Traces'),
    filterForm(filters),
    h('div', { class: 'list-layout' }, facets, h('div', {}, compareBar, results)),
  );
  const query = new URLSearchParams(filters);
  const facetQuery = new URLSearchParams([...filters].filter(([name]) => FILTERS.includes(name)));
  let etag: string | undefined;
  let facetTag: string | undefined;
  let disposed = false;
  const render = (page: TraceListPage): void => {
    replaceChildren(results, pager(filters, page), traceTable(filters, page, chosen, updateCompare));
  };
  const load = async (): Promise<void> => {
    try {
      const [answer, facetAnswer] = await Promise.all([
        getJsonIfChanged<TraceListPage>(`/api/traces?${query.toString()}`, etag),
        getJsonIfChanged<Facets>(`/api/facets?${facetQuery.toString()}`, facetTag),
      ]);
      if (disposed) return;
      if (answer !== undefined) {
        etag = answer.etag;
        render(answer.body);
      }
      if (facetAnswer !== undefined) {
        facetTag = facetAnswer.etag;
        replaceChildren(
          facets,
          facetGroup(filters, 'user', 'Users', facetAnswer.body.users),
          facetGroup(filters, 'session', 'Sessions', facetAnswer.body.sessions),
        );
      }
    } catch (error) {
      if (!disposed) replaceChildren(results, errorBox(error));
      etag = undefined;
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
