import type { Attributes, SpanKind, SpanStatusCode } from '@clearstone/core';

/** An event of a span being built; it is recorded at the span's start. */
export interface StepEvent {
  name: string;
  attributes: Attributes;
}

/** One span of a trace being built, before ids and times are assigned. */
export interface StepNode {
  name: string;
  kind: SpanKind;
  durationMs: number;
  attributes: Attributes;
  input?: unknown;
  hasInput: boolean;
  output?: unknown;
  hasOutput: boolean;
  error?: string | Error;
  /** Status when the span has no error; default OK. */
  status?: SpanStatusCode;
  events: StepEvent[];
  children: StepNode[];
}

/** A new node with no children. */
export function stepNode(name: string, kind: SpanKind, durationMs: number, attributes: Attributes): StepNode {
  return { name, kind, durationMs, attributes, hasInput: false, hasOutput: false, events: [], children: [] };
}
