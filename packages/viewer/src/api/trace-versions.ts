import { createHash } from 'node:crypto';
import type { TraceDetail } from '../trace-view';
import { toJsonText } from '../server/send-json';

/** Versions kept per trace, and traces kept: enough for a few pages polling the same traces. */
const VERSIONS_PER_TRACE = 4;
const TRACES_KEPT = 32;

/** One answer of a trace: its tag, and a hash of each span's view. */
interface TraceVersion {
  tag: string;
  spans: Map<string, string>;
  /** When it was built (ms since epoch). */
  builtAt: number;
}

/**
 * What changed in a trace since a version a client holds: the spans that are new or whose view
 * changed (their depth or offset included), and the ids of the spans that are gone.
 */
export interface TraceDelta {
  /** The version the changes apply to. */
  since: string;
  /** New and changed spans, in waterfall order. */
  spans: TraceDetail['spans'];
  /** Ids of spans no longer in the trace. */
  removed: string[];
}

const hash = (text: string): string => createHash('sha1').update(text).digest('base64url');

/**
 * The recent versions of the traces the API answered, so that a poll naming the version it holds
 * (`?since=<tag>`) gets only what changed. Versions are tagged by a hash of the whole answer,
 * which is also the answer's `ETag`.
 */
export class TraceVersions {
  private readonly traces = new Map<string, TraceVersion[]>();

  /** The newest version of a trace: its tag, span count and when it was built; undefined when none is kept. */
  latest(traceId: string): { tag: string; spanCount: number; builtAt: number } | undefined {
    const version = this.traces.get(traceId)?.at(-1);
    return version === undefined
      ? undefined
      : { tag: version.tag, spanCount: version.spans.size, builtAt: version.builtAt };
  }

  /** Tags `detail`, remembers it, and returns the tag with the changes since `since` when that version is known. */
  record(detail: TraceDetail, since: string | undefined): { tag: string; delta?: TraceDelta } {
    const texts = detail.spans.map((span) => toJsonText(span));
    const spans = new Map<string, string>();
    detail.spans.forEach((span, index) => spans.set(span.spanId, hash(texts[index])));
    const { spans: _spans, ...header } = detail;
    const tag = `"${hash(`${toJsonText(header)}\n${[...spans.values()].join('\n')}`)}"`;
    const versions = this.traces.get(detail.traceId) ?? [];
    const base = since === undefined ? undefined : versions.find((version) => version.tag === `"${since}"`);
    const existing = versions.findIndex((version) => version.tag === tag);
    if (existing >= 0) versions.splice(existing, 1);
    versions.push({ tag, spans, builtAt: Date.now() });
    while (versions.length > VERSIONS_PER_TRACE) versions.shift();
    this.traces.delete(detail.traceId);
    this.traces.set(detail.traceId, versions);
    if (this.traces.size > TRACES_KEPT) this.traces.delete(this.traces.keys().next().value as string);
    if (base === undefined || base.tag === tag) return { tag };
    const changed = detail.spans.filter((span) => base.spans.get(span.spanId) !== spans.get(span.spanId));
    const removed = [...base.spans.keys()].filter((spanId) => !spans.has(spanId));
    return { tag, delta: { since: since!, spans: changed, removed } };
  }
}
