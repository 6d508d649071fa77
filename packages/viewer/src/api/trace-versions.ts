import type { TraceDetail } from '../trace-view';
import { entityTag, toJsonText } from '../server/send-json';

/** Versions kept per trace, and traces kept: enough for a few pages polling the same traces. */
const VERSIONS_PER_TRACE = 4;
const TRACES_KEPT = 32;

/** One answer of a trace: its tag, a fingerprint of each span's view, and when it was built. */
interface TraceVersion {
  tag: string;
  spans: Map<string, string>;
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

/** A 32-bit FNV-1a hash of `text` and its length: a fingerprint for change detection, not security. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${(hash >>> 0).toString(36)}.${text.length.toString(36)}`;
}

/**
 * The recent versions of the traces the API answered, so that a poll naming the version it holds
 * (`?since=<tag>`) gets only what changed. A version is tagged by a hash of the whole answer, which
 * is also the answer's `ETag`.
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

  /**
   * Serializes `detail` (each span once), tags and remembers it, and returns its JSON text and tag,
   * with the changes since version `since` when that version is known.
   */
  record(detail: TraceDetail, since: string | undefined): { tag: string; body: string; delta?: TraceDelta } {
    const { spans: views, ...header } = detail;
    const texts = views.map((span) => toJsonText(span));
    const body = `${toJsonText(header).slice(0, -1)},"spans":[${texts.join(',')}]}`;
    const tag = entityTag(body);
    const spans = new Map<string, string>();
    views.forEach((span, index) => spans.set(span.spanId, fingerprint(texts[index])));
    const versions = this.traces.get(detail.traceId) ?? [];
    const base = since === undefined ? undefined : versions.find((version) => version.tag === `"${since}"`);
    const existing = versions.findIndex((version) => version.tag === tag);
    if (existing >= 0) versions.splice(existing, 1);
    versions.push({ tag, spans, builtAt: Date.now() });
    while (versions.length > VERSIONS_PER_TRACE) versions.shift();
    this.traces.delete(detail.traceId);
    this.traces.set(detail.traceId, versions);
    if (this.traces.size > TRACES_KEPT) this.traces.delete(this.traces.keys().next().value as string);
    if (base === undefined || base.tag === tag) return { tag, body };
    const changed = views.filter((span) => base.spans.get(span.spanId) !== spans.get(span.spanId));
    const removed = [...base.spans.keys()].filter((spanId) => !spans.has(spanId));
    return { tag, body, delta: { since: since!, spans: changed, removed } };
  }
}
