import type { Snapshot } from './snapshot';

/** How a stored snapshot reads as text: the text and its MIME type. */
export interface SnapshotText {
  /** The snapshot as text: a string value as it is, anything else as its stored JSON. */
  text: string;
  /** `'text/plain'` for a string value, else `'application/json'`. */
  mimeType: 'text/plain' | 'application/json';
}

/**
 * The text a backend or a terminal shows for a captured snapshot: a string value as plain text,
 * any other value as its stored JSON (tagged leaves such as Dates stay tagged in place). Reads
 * snapshots written by earlier versions too (the `{"__type__":"json"}` wrapper is unwrapped).
 * Undefined when nothing was captured.
 *
 * @example
 * ```ts
 * const shown = snapshotText(span.input); // { text: 'refund approved', mimeType: 'text/plain' }
 * ```
 */
export function snapshotText(snapshot: Snapshot | undefined): SnapshotText | undefined {
  if (snapshot?.captured !== true) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(snapshot.data);
  } catch {
    return { text: snapshot.data, mimeType: 'application/json' };
  }
  if (typeof parsed === 'string') return { text: parsed, mimeType: 'text/plain' };
  const wrapper = parsed as { __type__?: unknown; value?: unknown } | null;
  if (wrapper !== null && typeof wrapper === 'object' && wrapper.__type__ === 'json') {
    return typeof wrapper.value === 'string'
      ? { text: wrapper.value, mimeType: 'text/plain' }
      : { text: JSON.stringify(wrapper.value), mimeType: 'application/json' };
  }
  return { text: snapshot.data, mimeType: 'application/json' };
}
