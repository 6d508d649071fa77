import type { OtlpSerializer } from './load-transformer';

/**
 * Spans an endpoint refused in a successful response (OTLP `partial_success.rejected_spans`), read
 * from the protobuf or JSON body; none when the body is empty or unreadable.
 */
export function readPartialSuccess(
  serializer: OtlpSerializer,
  body: Buffer,
  contentType: string | undefined,
  batchSize: number,
): { count: number; message?: string } {
  if (body.length === 0) return { count: 0 };
  try {
    const isJson = contentType?.includes('json') === true;
    const response = isJson
      ? (JSON.parse(body.toString('utf8')) as ReturnType<OtlpSerializer['deserializeResponse']>)
      : serializer.deserializeResponse(body);
    const rejected = response.partialSuccess?.rejectedSpans;
    const count = typeof rejected === 'object' && rejected !== null ? rejected.toNumber() : Number(rejected ?? 0);
    if (!Number.isFinite(count) || count <= 0) return { count: 0 };
    return { count: Math.min(count, batchSize), message: response.partialSuccess?.errorMessage || undefined };
  } catch {
    return { count: 0 };
  }
}
