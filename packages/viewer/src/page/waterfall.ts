import type { SpanData } from './api-types';
import { h } from './dom';
import { formatDuration } from './format';
import { traceHref } from './hash-route';
import type { VisibleRow } from './visible-rows';
import { outcomeBadge } from './widgets';

/** Height of one waterfall row in px (rows are positioned, so it is fixed). */
export const ROW_HEIGHT = 28;
/** Rows rendered above and below the viewport, so a scroll never shows a gap. */
const OVERSCAN = 12;

/** The colour class of a span's bar. */
export function spanCategory(span: SpanData): string {
  if (span.status === 'ERROR') return 'error';
  if (span.prevented) return 'prevented';
  if (span.decisions.some((decision) => decision.action === 'block')) return 'blocked';
  if (span.llm) return 'llm';
  if (span.tool) return 'tool';
  if (span.decisions.length > 0) return 'policy';
  return 'other';
}

/** What the waterfall asks of the trace view. */
export interface WaterfallHost {
  /** The trace's spans, in waterfall order. */
  spans: readonly SpanData[];
  traceId: string;
  /** Length of the timeline in ms. */
  totalMs: number;
  isSelected(spanId: string): boolean;
  isMatch(index: number): boolean;
  isCollapsed(spanId: string): boolean;
  /** Folds or unfolds the subtree of a span. */
  toggle(spanId: string): void;
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

function rowElement(host: WaterfallHost, row: VisibleRow, position: number): HTMLElement {
  const span = host.spans[row.index];
  const totalMs = host.totalMs;
  const left = totalMs > 0 ? (span.offsetMs / totalMs) * 100 : 0;
  const width = totalMs > 0 && span.durationMs !== undefined ? (span.durationMs / totalMs) * 100 : 0;
  const bar = h('div', { class: `wf-bar cat-${spanCategory(span)}` });
  bar.style.left = `${Math.min(left, 99.5)}%`;
  bar.style.width = `${width}%`;
  const end = left + Math.max(width, 0.4);
  // The label follows the bar; near the right edge it goes before the bar, or inside a wide one.
  const placement = end <= 80 ? 'after' : left >= 15 ? 'before' : 'inside';
  const label = h('span', { class: `wf-duration ${placement}` }, formatDuration(span.durationMs));
  if (placement === 'after') label.style.left = `${end}%`;
  else label.style.right = `${100 - (placement === 'before' ? Math.min(left, 99.5) : Math.min(end, 100))}%`;
  const name = h('div', { class: 'wf-name' });
  name.style.paddingLeft = `${0.3 + Math.min(row.depth, 30) * 1}rem`;
  if (row.children > 0) {
    const collapsed = host.isCollapsed(span.spanId);
    const toggle = h(
      'button',
      {
        type: 'button',
        class: 'wf-toggle',
        'aria-label': collapsed ? 'Expand' : 'Collapse',
        title: collapsed ? `Expand (${row.children} hidden)` : 'Collapse',
        'data-testid': 'wf-toggle',
      },
      collapsed ? '▸' : '▾',
    );
    name.append(toggle);
  } else {
    name.append(h('span', { class: 'wf-toggle-space' }));
  }
  name.append(h('span', { class: 'wf-label', title: span.name }, span.name));
  if (row.folded > 0)
    name.append(
      h(
        'span',
        {
          class: 'wf-folded',
          title: `${row.folded} framework span(s) folded into this row`,
          'data-testid': 'wf-folded',
        },
        `+${row.folded}`,
      ),
    );
  for (const decision of span.decisions) {
    if (decision.action !== 'allow')
      name.append(h('span', { class: `badge small action-${decision.action}` }, decision.action.toUpperCase()));
  }
  if (span.prevented) name.append(outcomeBadge(span.outcome, { small: true, short: true }));
  if (span.status === 'ERROR') name.append(h('span', { class: 'badge small status-error' }, 'ERROR'));
  const classes = ['wf-row'];
  if (span.prevented) classes.push('prevented');
  if (host.isSelected(span.spanId)) classes.push('selected');
  if (host.isMatch(row.index)) classes.push('match');
  const element = h(
    'a',
    {
      class: classes.join(' '),
      href: traceHref(host.traceId, span.spanId),
      'data-span-id': span.spanId,
      'data-testid': 'waterfall-row',
      title: `${span.name}: ${formatDuration(span.durationMs)}`,
    },
    name,
    h('div', { class: 'wf-track' }, bar, label),
  );
  element.style.transform = `translateY(${position * ROW_HEIGHT}px)`;
  return element;
}

/**
 * The span tree as rows of bars on the trace's timeline, virtualized: only the rows in (and
 * near) the viewport exist in the document, whatever the number of spans, so a trace of 10,000
 * spans costs the same few hundred elements as one of 10.
 */
export class Waterfall {
  /** The scrolling element. */
  readonly element: HTMLElement;
  private readonly rowsLayer: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly axisSlot: HTMLElement;
  private rows: readonly VisibleRow[] = [];
  private positionByIndex = new Map<number, number>();
  private frame = 0;
  private drawn = '';

  constructor(private readonly host: WaterfallHost) {
    this.axisSlot = h('div', { class: 'wf-axis-slot' });
    this.rowsLayer = h('div', { class: 'wf-rows' });
    this.spacer = h('div', { class: 'wf-spacer' }, this.rowsLayer);
    this.element = h(
      'div',
      { class: 'waterfall', 'data-testid': 'waterfall', role: 'list', tabindex: '0' },
      this.axisSlot,
      this.spacer,
    );
    this.element.addEventListener('scroll', () => this.schedule());
    this.rowsLayer.addEventListener('click', (event) => {
      const toggle = (event.target as HTMLElement).closest('.wf-toggle');
      if (toggle === null) return;
      event.preventDefault();
      event.stopPropagation();
      const spanId = toggle.closest<HTMLElement>('[data-span-id]')?.dataset.spanId;
      if (spanId !== undefined) host.toggle(spanId);
    });
  }

  /** Shows `rows` (and a new axis when the timeline changed). */
  setRows(rows: readonly VisibleRow[]): void {
    this.rows = rows;
    this.positionByIndex = new Map(rows.map((row, position) => [row.index, position]));
    this.axisSlot.replaceChildren(axis(this.host.totalMs));
    this.spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    this.redraw();
  }

  /** Renders the rows in view again (after a selection or search change). */
  redraw(): void {
    this.drawn = '';
    this.draw();
  }

  /** Position of span `index` among the shown rows, or undefined when it is not shown. */
  positionOf(index: number): number | undefined {
    return this.positionByIndex.get(index);
  }

  /** Scrolls so that span `index` is in view (about a third from the top), unless it already is. */
  scrollToIndex(index: number, force = false): void {
    const position = this.positionByIndex.get(index);
    if (position === undefined) return;
    const top = position * ROW_HEIGHT;
    const view = this.element;
    const header = this.axisSlot.offsetHeight;
    const visible = top >= view.scrollTop && top + ROW_HEIGHT <= view.scrollTop + view.clientHeight - header;
    if (visible && !force) return;
    view.scrollTop = Math.max(0, top - Math.floor(view.clientHeight / 3));
    this.draw();
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const view = this.element;
    const height = view.clientHeight || 800;
    const first = Math.max(0, Math.floor(view.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((view.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    const key = `${first}:${last}`;
    if (key === this.drawn) return;
    this.drawn = key;
    const elements: HTMLElement[] = [];
    for (let position = first; position < last; position++)
      elements.push(rowElement(this.host, this.rows[position], position));
    // A focused row is about to be replaced: keep the keyboard focus in the waterfall.
    const hadFocus = this.rowsLayer.contains(document.activeElement);
    this.rowsLayer.replaceChildren(...elements);
    if (hadFocus) this.focus();
  }

  /** Marks the rendered rows' selection again without rebuilding them. */
  refreshSelection(): void {
    for (const row of this.rowsLayer.querySelectorAll<HTMLElement>('.wf-row[data-span-id]'))
      row.classList.toggle('selected', this.host.isSelected(row.dataset.spanId ?? ''));
  }

  /** Moves keyboard focus to the waterfall (rows come and go as it scrolls; the waterfall stays). */
  focus(): void {
    this.element.focus({ preventScroll: true });
  }

  /** Stops pending work. */
  dispose(): void {
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
  }
}
