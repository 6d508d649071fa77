import type { Snapshot } from '../serialization/snapshot';

/** The role of a span in a trace (OpenTelemetry span kinds, as strings). */
export enum SpanKind {
  INTERNAL = 'INTERNAL',
  CLIENT = 'CLIENT',
  SERVER = 'SERVER',
  PRODUCER = 'PRODUCER',
  CONSUMER = 'CONSUMER',
}

/** Outcome of a span: unset, OK or ERROR (as strings). */
export enum SpanStatusCode {
  UNSET = 'UNSET',
  OK = 'OK',
  ERROR = 'ERROR',
}

/** A span attribute value, as in OpenTelemetry: a primitive or a homogeneous array of primitives. */
export type AttributeValue =
  | string
  | number
  | boolean
  | Array<null | undefined | string>
  | Array<null | undefined | number>
  | Array<null | undefined | boolean>;

/** Attributes of a span, event or link. */
export type Attributes = Record<string, AttributeValue>;

/** Something that happened at a point in time during a span. */
export interface SpanEvent {
  /** What happened, e.g. `exception`. */
  name: string;
  /** Nanoseconds since the Unix epoch. */
  timeNs: bigint;
  /** Details of the event. */
  attributes: Attributes;
}

/** A reference from a span to a span of another (or the same) trace. */
export interface SpanLink {
  /** Trace of the linked span; 32 lowercase hex characters. */
  traceId: string;
  /** The linked span; 16 lowercase hex characters. */
  spanId: string;
  /** Details of the link. */
  attributes: Attributes;
}

/** A finished (or in-flight) span as stored and read back. */
export interface SpanRecord {
  /** Trace the span belongs to; 32 lowercase hex characters. */
  traceId: string;
  /** Id of the span; 16 lowercase hex characters. */
  spanId: string;
  /** The parent span; absent for a root span. */
  parentSpanId?: string;
  /** What the span measures, e.g. `agent.run` or `tool.search`. */
  name: string;
  /** The role of the span in the trace. */
  kind: SpanKind;
  /** Start time, in nanoseconds since the Unix epoch. */
  startTimeNs: bigint;
  /** End time, in nanoseconds since the Unix epoch; absent while the span is in flight. */
  endTimeNs?: bigint;
  /** `endTimeNs - startTimeNs`; absent while the span is in flight. */
  durationNs?: bigint;
  /** Attributes set on the span. */
  attributes: Attributes;
  /** Outcome of the span. */
  status: SpanStatusCode;
  /** The status description, or the message of the recorded error. */
  errorMessage?: string;
  /** Stack trace of the recorded error, when there is one. */
  errorStack?: string;
  /** Events recorded during the span, in time order. */
  events: SpanEvent[];
  /** Links to other spans. */
  links: SpanLink[];
  /** Snapshot of the span's input, when one was captured. */
  input?: Snapshot;
  /** Snapshot of the span's output, when one was captured. */
  output?: Snapshot;
  /** Name of the tracer (instrumentation scope) that created the span. */
  instrumentationName: string;
  /** Version of the tracer that created the span, when it has one. */
  instrumentationVersion?: string;
}

/** A whole trace: its spans in start order, with the root's timing and status. */
export interface Trace {
  /** Id of the trace; 32 lowercase hex characters. */
  traceId: string;
  /** The root span: the earliest span whose parent is not part of the trace. */
  rootSpanId: string;
  /** Every stored span of the trace, in start order. */
  spans: SpanRecord[];
  /** Start of the root span, in nanoseconds since the Unix epoch. */
  startTimeNs: bigint;
  /** End of the root span; absent while it is in flight. */
  endTimeNs?: bigint;
  /** Duration of the root span; absent while it is in flight. */
  durationNs?: bigint;
  /** Status of the root span. */
  status: SpanStatusCode;
}

/** One line of a trace listing. */
export interface TraceSummary {
  /** Id of the trace; 32 lowercase hex characters. */
  traceId: string;
  /** The root span of the trace. */
  rootSpanId: string;
  /** Name of the root span. */
  name: string;
  /** Start of the root span, in nanoseconds since the Unix epoch. */
  startTimeNs: bigint;
  /** End of the root span; absent while it is in flight. */
  endTimeNs?: bigint;
  /** Duration of the root span; absent while it is in flight. */
  durationNs?: bigint;
  /** ERROR when any span of the trace failed, else the root's status. */
  status: SpanStatusCode;
  /** Number of stored spans in the trace. */
  spanCount: number;
  /** True when a policy blocked (or a human rejected) at least one call recorded in the trace. */
  blocked?: boolean;
  /** True when at least one call recorded in the trace was paused for a human's approval. */
  paused?: boolean;
}
