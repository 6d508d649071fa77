import { describeType, serialize } from './serialize';

/** Default snapshot size limit: 1 MiB of serialized text. */
export const DEFAULT_SNAPSHOT_MAX_BYTES = 1_048_576;

/** A captured value, or why it was not captured. `data` is a `serialize` envelope. */
export type Snapshot =
  | { captured: true; data: string; sizeBytes: number }
  | { captured: false; reason: string; type: string; sizeBytes?: number };

/**
 * Serializes `value` for storage on a span or in a checkpoint, refusing values whose serialized
 * form exceeds `maxBytes` (UTF-8 bytes of the envelope; default 1 MiB; equal to the limit is kept).
 *
 * @example
 * ```ts
 * const snapshot = captureSnapshot(toolInput, { maxBytes: 64 * 1024 });
 * if (snapshot.captured) console.log(deserialize(snapshot.data));
 * ```
 */
export function captureSnapshot(value: unknown, options: { maxBytes?: number } = {}): Snapshot {
  const limit = options.maxBytes !== undefined && options.maxBytes > 0 ? options.maxBytes : DEFAULT_SNAPSHOT_MAX_BYTES;
  const type = describeType(value);
  const data = serialize(value);
  if (data.startsWith('{"__type__":"error"')) {
    const { reason } = JSON.parse(data) as { reason: string };
    return { captured: false, reason, type };
  }
  const sizeBytes = Buffer.byteLength(data, 'utf8');
  if (sizeBytes > limit) {
    return {
      captured: false,
      reason: `Snapshot size (${sizeBytes} bytes) exceeds limit of ${limit} bytes.`,
      type,
      sizeBytes,
    };
  }
  return { captured: true, data, sizeBytes };
}
