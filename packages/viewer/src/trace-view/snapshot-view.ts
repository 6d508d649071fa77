import { deserialize } from '@clearstone/core';
import { toDisplayValue } from './display-value';

const MAX_RAW_CHARACTERS = 65_536;

/** A stored input/output snapshot, ready to show. */
export type SnapshotView =
  /** The value, restored and printed as indented JSON. */
  | { captured: true; json: string; sizeBytes?: number }
  /** The value was not captured (too large, unserializable). */
  | { captured: false; reason: string; type?: string; sizeBytes?: number }
  /** The stored data could not be restored; `raw` is (the start of) the stored text. */
  | { captured: true; error: string; raw: string };

function truncate(text: string): string {
  return text.length > MAX_RAW_CHARACTERS ? `${text.slice(0, MAX_RAW_CHARACTERS)}… (${text.length} characters)` : text;
}

/** Restores a stored snapshot for display. Never throws: damaged data is shown raw with the error. */
export function snapshotView(snapshot: unknown): SnapshotView {
  const record = snapshot as Record<string, unknown> | null;
  if (record === null || typeof record !== 'object' || typeof record.captured !== 'boolean') {
    return {
      captured: true,
      error: 'Not a snapshot envelope.',
      raw: truncate(JSON.stringify(snapshot) ?? String(snapshot)),
    };
  }
  if (!record.captured) {
    const view: SnapshotView = { captured: false, reason: String(record.reason ?? 'not captured') };
    if (typeof record.type === 'string') view.type = record.type;
    if (typeof record.sizeBytes === 'number') view.sizeBytes = record.sizeBytes;
    return view;
  }
  if (typeof record.data !== 'string')
    return { captured: true, error: 'The snapshot has no data.', raw: truncate(JSON.stringify(snapshot)) };
  try {
    const value = deserialize(record.data, { onUnknownClass: 'plain' });
    const json = JSON.stringify(toDisplayValue(value), null, 2) ?? 'undefined';
    return typeof record.sizeBytes === 'number'
      ? { captured: true, json, sizeBytes: record.sizeBytes }
      : { captured: true, json };
  } catch (error) {
    return {
      captured: true,
      error: error instanceof Error ? error.message : String(error),
      raw: truncate(record.data),
    };
  }
}
