import type { SpanExporter } from '../export';
import type { RecordingSpan } from '../tracer';
import { describeError } from './describe-error';

/** After a failure streak ends, an exporter's next failure warns again only after this long. */
export const EXPORT_WARNING_INTERVAL_MS = 60_000;

/** Per exporter: spans whose `export()` resolved or failed, and its failure-streak state. */
interface ExporterState {
  readonly exporter: SpanExporter;
  resolved: number;
  rejected: number;
  failing: boolean;
  lastWarningMs: number | undefined;
}

/**
 * Hands every written batch to each exporter, keeps track of the exports in flight, and counts
 * what each exporter delivered and failed to deliver. An exporter never makes the pipeline throw
 * or reject: a failure is counted and reported by a `CLEARSTONE_EXPORT_FAILED` warning at the
 * start of each failure streak (at most once per {@link EXPORT_WARNING_INTERVAL_MS}).
 */
export class ExporterFanOut {
  private readonly states: ExporterState[];
  private readonly pending = new Set<Promise<void>>();

  constructor(exporters: readonly SpanExporter[]) {
    this.states = exporters.map((exporter) => ({
      exporter,
      resolved: 0,
      rejected: 0,
      failing: false,
      lastWarningMs: undefined,
    }));
  }

  /** True when there is no exporter. */
  get empty(): boolean {
    return this.states.length === 0;
  }

  /** Spans whose `export()` rejected or threw, once per failing exporter. */
  get exportFailed(): number {
    let total = 0;
    for (const state of this.states) total += state.rejected;
    return total;
  }

  /**
   * Spans delivered, once per exporter: what an exporter with its own `stats` reports as
   * exported, else spans whose `export()` resolved.
   */
  get exported(): number {
    let total = 0;
    for (const state of this.states) total += ownStats(state.exporter)?.exported ?? state.resolved;
    return total;
  }

  /**
   * Spans not delivered, once per exporter: rejected or thrown exports, plus what an exporter with
   * its own `stats` reports as dropped.
   */
  get failed(): number {
    let total = 0;
    for (const state of this.states) total += state.rejected + (ownStats(state.exporter)?.dropped ?? 0);
    return total;
  }

  /** Hands `batch` to every exporter; returns at once. */
  export(batch: readonly RecordingSpan[]): void {
    for (const state of this.states) {
      let result: unknown;
      try {
        result = state.exporter.export(batch);
      } catch (error) {
        this.failure(state, batch.length, error, 'export()');
        continue;
      }
      const pending: Promise<void> = Promise.resolve(result)
        .then(
          () => {
            state.resolved += batch.length;
            state.failing = false;
          },
          (error: unknown) => this.failure(state, batch.length, error, 'export()'),
        )
        .finally(() => this.pending.delete(pending));
      this.pending.add(pending);
    }
  }

  /** Resolves when every `export()` called so far has settled. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /** Settles the exports in flight, then calls every exporter's `forceFlush()` or `shutdown()`. Never rejects. */
  async finish(method: 'forceFlush' | 'shutdown'): Promise<void> {
    await this.settle();
    await Promise.all(this.states.map((state) => this.call(state, method)));
  }

  private async call(state: ExporterState, method: 'forceFlush' | 'shutdown'): Promise<void> {
    try {
      await state.exporter[method]?.();
    } catch (error) {
      this.failure(state, 0, error, `${method}()`);
    }
  }

  private failure(state: ExporterState, count: number, error: unknown, method: string): void {
    state.rejected += count;
    if (state.failing) return;
    state.failing = true;
    const now = Date.now();
    if (state.lastWarningMs !== undefined && now - state.lastWarningMs < EXPORT_WARNING_INTERVAL_MS) return;
    state.lastWarningMs = now;
    const lost = count > 0 ? `${count} span(s) not exported` : 'no span lost';
    process.emitWarning(
      `A span exporter's ${method} failed (${lost}): ${describeError(error)}. provider.stats.exportFailed counts every span an exporter failed to send; this warning repeats only after the exporter has recovered.`,
      { code: 'CLEARSTONE_EXPORT_FAILED' },
    );
  }
}

/** The delivery counts an exporter keeps itself, if it has valid ones. Never throws. */
function ownStats(exporter: SpanExporter): { exported: number; dropped: number } | undefined {
  try {
    const stats = exporter.stats;
    if (stats === undefined || stats === null) return undefined;
    const { exported, dropped } = stats;
    return typeof exported === 'number' && typeof dropped === 'number' ? { exported, dropped } : undefined;
  } catch {
    return undefined;
  }
}
