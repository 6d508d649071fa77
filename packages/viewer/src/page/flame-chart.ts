import type { SpanData } from './api-types';
import { h } from './dom';
import { formatDuration } from './format';
import type { VisibleRow } from './visible-rows';
import { spanCategory } from './waterfall';

/** Height of one lane (one nesting level) in CSS px. */
const LANE_HEIGHT = 20;
/** Narrowest bar drawn, in CSS px: a 1 ms call in a 10-minute trace is still seen and clicked. */
const MIN_BAR_PX = 3;
const AXIS_HEIGHT = 20;

/** What the flame chart asks of the trace view. */
export interface FlameHost {
  spans: readonly SpanData[];
  totalMs: number;
  isSelected(spanId: string): boolean;
  isMatch(index: number): boolean;
  /** Opens span `spanId` (as a click on its waterfall row). */
  open(spanId: string): void;
}

interface Box {
  index: number;
  x: number;
  y: number;
  width: number;
}

/**
 * The shown rows as a compact timeline (a flame graph): one lane per nesting level, each span a
 * bar at its real start and length, at least {@link MIN_BAR_PX} wide so short calls stay visible.
 * Drawn on one canvas, so its cost does not grow with elements; hover names a bar, a click opens it.
 */
export class FlameChart {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly tooltip: HTMLElement;
  private rows: readonly VisibleRow[] = [];
  private boxes: Box[] = [];
  private width = 0;
  /** The time window shown, in ms from the trace start; the whole trace when undefined. */
  private window: { fromMs: number; toMs: number } | undefined;
  private readonly zoomNote: HTMLElement;

  constructor(private readonly host: FlameHost) {
    this.canvas = h('canvas', { class: 'flame-canvas', 'data-testid': 'flame-canvas', role: 'img' });
    this.tooltip = h('div', { class: 'flame-tooltip', 'data-testid': 'flame-tooltip' });
    const reset = h('button', { type: 'button', class: 'secondary', 'data-testid': 'zoom-reset' }, 'Whole trace');
    this.zoomNote = h(
      'div',
      { class: 'flame-zoom muted', 'data-testid': 'flame-zoom' },
      'Double-click a bar to zoom to it.',
    );
    const bar = h('div', { class: 'flame-bar' }, this.zoomNote, reset);
    this.element = h('div', { class: 'flame', 'data-testid': 'flame' }, bar, this.canvas, this.tooltip);
    reset.addEventListener('click', () => {
      this.window = undefined;
      this.draw();
    });
    this.canvas.addEventListener('dblclick', (event) => {
      const box = this.boxAt(event);
      if (box === undefined) return;
      const span = host.spans[box.index];
      const length = Math.max(span.durationMs ?? 0, 0.001);
      this.window = { fromMs: span.offsetMs, toMs: span.offsetMs + length };
      this.draw();
    });
    this.canvas.addEventListener('mousemove', (event) => this.hover(event));
    this.canvas.addEventListener('mouseleave', () => {
      this.tooltip.style.display = 'none';
    });
    this.canvas.addEventListener('click', (event) => {
      const box = this.boxAt(event);
      if (box !== undefined) host.open(host.spans[box.index].spanId);
    });
  }

  setRows(rows: readonly VisibleRow[]): void {
    this.rows = rows;
    this.draw();
  }

  /** Draws again, at the element's current width. */
  draw(): void {
    const width = Math.max(this.element.clientWidth, 200);
    this.width = width;
    const lanes = this.rows.reduce((deepest, row) => Math.max(deepest, row.depth + 1), 1);
    const height = AXIS_HEIGHT + lanes * LANE_HEIGHT + 4;
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.setAttribute('aria-label', `Timeline of ${this.rows.length} spans`);
    const context = this.canvas.getContext('2d');
    if (context === null) return;
    context.scale(ratio, ratio);
    const fromMs = this.window?.fromMs ?? 0;
    const spanMs = this.window === undefined ? this.host.totalMs : this.window.toMs - this.window.fromMs;
    this.zoomNote.textContent =
      this.window === undefined
        ? 'Whole trace. Double-click a bar to zoom to it.'
        : `${formatDuration(spanMs)} from +${formatDuration(fromMs)}. Double-click a bar to zoom further.`;
    const style = getComputedStyle(this.element);
    const colour = (name: string): string => style.getPropertyValue(`--${name}`).trim() || '#8794aa';
    context.font = '11px system-ui, sans-serif';
    context.textBaseline = 'middle';
    context.fillStyle = colour('muted');
    for (let tick = 0; tick <= 4; tick++) {
      const x = (width - 1) * (tick / 4);
      context.fillRect(Math.round(x), 0, 1, height);
      const text = formatDuration(fromMs + (spanMs * tick) / 4);
      const measured = context.measureText(text).width;
      context.fillText(text, Math.min(Math.max(x + 3, 0), width - measured - 3), AXIS_HEIGHT / 2);
    }
    const colours: Record<string, string> = {
      error: colour('error'),
      prevented: colour('block'),
      blocked: colour('block'),
      llm: colour('llm'),
      tool: colour('tool'),
      policy: colour('policy'),
      other: colour('other'),
    };
    const scale = spanMs > 0 ? width / spanMs : 0;
    this.boxes = [];
    for (const row of this.rows) {
      const span = this.host.spans[row.index];
      const x = (span.offsetMs - fromMs) * scale;
      const barWidth = Math.max((span.durationMs ?? 0) * scale, MIN_BAR_PX);
      // Outside the window: not drawn, not clickable.
      if (x > width || x + barWidth < 0) continue;
      const y = AXIS_HEIGHT + row.depth * LANE_HEIGHT;
      this.boxes.push({ index: row.index, x, y, width: barWidth });
      context.fillStyle = colours[spanCategory(span)] ?? colours.other;
      context.globalAlpha = this.host.isMatch(row.index) || this.host.isSelected(span.spanId) ? 1 : 0.85;
      context.fillRect(x, y + 1, barWidth - 0.5, LANE_HEIGHT - 2);
      if (this.host.isSelected(span.spanId) || this.host.isMatch(row.index)) {
        context.globalAlpha = 1;
        context.strokeStyle = this.host.isSelected(span.spanId) ? '#1d2330' : '#e0a800';
        context.lineWidth = 2;
        context.strokeRect(x + 1, y + 2, Math.max(barWidth - 2, 1), LANE_HEIGHT - 4);
      }
      if (barWidth > 40) {
        context.globalAlpha = 1;
        context.fillStyle = '#fff';
        context.save();
        context.beginPath();
        context.rect(x, y, barWidth - 4, LANE_HEIGHT);
        context.clip();
        context.fillText(span.name, x + 4, y + LANE_HEIGHT / 2);
        context.restore();
      }
    }
    context.globalAlpha = 1;
  }

  private boxAt(event: MouseEvent): Box | undefined {
    const bounds = this.canvas.getBoundingClientRect();
    const x = ((event.clientX - bounds.left) / bounds.width) * this.width;
    const y = event.clientY - bounds.top;
    // The last drawn box on top wins, as on screen.
    for (let index = this.boxes.length - 1; index >= 0; index--) {
      const box = this.boxes[index];
      if (y >= box.y && y < box.y + LANE_HEIGHT && x >= box.x - 1 && x <= box.x + box.width + 1) return box;
    }
    return undefined;
  }

  private hover(event: MouseEvent): void {
    const box = this.boxAt(event);
    if (box === undefined) {
      this.tooltip.style.display = 'none';
      this.canvas.style.cursor = 'default';
      return;
    }
    const span = this.host.spans[box.index];
    this.tooltip.textContent = `${span.name} · ${formatDuration(span.durationMs)} at +${formatDuration(span.offsetMs)}`;
    this.tooltip.style.display = 'block';
    this.tooltip.style.left = `${Math.min(box.x, this.width - 260)}px`;
    this.tooltip.style.top = `${box.y + LANE_HEIGHT + 2}px`;
    this.canvas.style.cursor = 'pointer';
  }
}
