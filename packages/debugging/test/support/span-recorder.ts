import {
  SpanKind,
  SpanStatusCode,
  captureSnapshot,
  generateSpanId,
  generateTraceId,
  nowNs,
  type Attributes,
  type SpanRecord,
  type Trace,
} from '@clearstone/core';

/** Records sequential spans with the core span model, the way the tracer stores them. */
export class SpanRecorder {
  readonly spans: SpanRecord[] = [];
  readonly traceId = generateTraceId();
  readonly #stack: string[] = [];

  async span<T>(
    name: string,
    options: { input?: unknown; attributes?: Attributes; kind?: SpanKind },
    fn: (spanId: string) => Promise<T>,
  ): Promise<T> {
    const record: SpanRecord = {
      traceId: this.traceId,
      spanId: generateSpanId(),
      name,
      kind: options.kind ?? SpanKind.INTERNAL,
      startTimeNs: nowNs(),
      attributes: options.attributes ?? {},
      status: SpanStatusCode.UNSET,
      events: [],
      links: [],
      instrumentationName: 'test-recorder',
    };
    const parent = this.#stack.at(-1);
    if (parent !== undefined) record.parentSpanId = parent;
    if (options.input !== undefined) record.input = captureSnapshot(options.input);
    this.spans.push(record);
    this.#stack.push(record.spanId);
    try {
      const output = await fn(record.spanId);
      record.output = captureSnapshot(output);
      record.status = SpanStatusCode.OK;
      return output;
    } catch (error) {
      record.status = SpanStatusCode.ERROR;
      record.errorMessage = (error as Error).message;
      throw error;
    } finally {
      this.#stack.pop();
      record.endTimeNs = nowNs();
      record.durationNs = record.endTimeNs - record.startTimeNs;
    }
  }

  trace(): Trace {
    const root = this.spans.find((span) => span.parentSpanId === undefined)!;
    return {
      traceId: this.traceId,
      rootSpanId: root.spanId,
      spans: [...this.spans],
      startTimeNs: root.startTimeNs,
      endTimeNs: root.endTimeNs,
      durationNs: root.durationNs,
      status: root.status,
    };
  }
}
