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
  name: string;
  /** Nanoseconds since the Unix epoch. */
  timeNs: bigint;
  attributes: Attributes;
}

/** A reference from a span to a span of another (or the same) trace. */
export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

/** A finished (or in-flight) span as stored and read back. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKind;
  startTimeNs: bigint;
  endTimeNs?: bigint;
  durationNs?: bigint;
  attributes: Attributes;
  status: SpanStatusCode;
  /** The status description, or the message of the recorded error. */
  errorMessage?: string;
  errorStack?: string;
  events: SpanEvent[];
  links: SpanLink[];
  input?: Snapshot;
  output?: Snapshot;
  instrumentationName: string;
  instrumentationVersion?: string;
}

/** A whole trace: its spans in start order, with the root's timing and status. */
export interface Trace {
  traceId: string;
  rootSpanId: string;
  spans: SpanRecord[];
  startTimeNs: bigint;
  endTimeNs?: bigint;
  durationNs?: bigint;
  status: SpanStatusCode;
}

/** One line of a trace listing. */
export interface TraceSummary {
  traceId: string;
  rootSpanId: string;
  /** Name of the root span. */
  name: string;
  startTimeNs: bigint;
  endTimeNs?: bigint;
  durationNs?: bigint;
  /** ERROR when any span of the trace failed, else the root's status. */
  status: SpanStatusCode;
  spanCount: number;
}
