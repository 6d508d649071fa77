import type { Attributes, SpanKind } from '@clearstone/core';

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
  children: StepNode[];
}

/** A new node with no children. */
export function stepNode(name: string, kind: SpanKind, durationMs: number, attributes: Attributes): StepNode {
  return { name, kind, durationMs, attributes, hasInput: false, hasOutput: false, children: [] };
}
