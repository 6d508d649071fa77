import { deserialize, toolNameOf, type Snapshot, type SpanRecord, type Trace } from '@clearstone/core';

/** A span reduced to what a run comparison looks at. */
export interface RunStep {
  name: string;
  spanId: string;
  /** Tool name when the span is a tool call (`toolNameOf` of `@clearstone/core`, else a `tool.`/`tool:` name prefix). */
  toolName?: string;
  /** Serialized input/output envelopes, compared as text. */
  inputData?: string;
  outputData?: string;
  isRoot: boolean;
}

const TOOL_PREFIX = /^tools?[.:/ ]\s*(.+)$/i;

function data(snapshot: Snapshot | undefined): string | undefined {
  return snapshot?.captured === true ? snapshot.data : undefined;
}

/** The steps of a trace (or span list) in start order. */
export function runSteps(run: Trace | readonly SpanRecord[]): RunStep[] {
  const spans = [...(Array.isArray(run) ? (run as readonly SpanRecord[]) : (run as Trace).spans)].sort((left, right) =>
    left.startTimeNs < right.startTimeNs ? -1 : left.startTimeNs > right.startTimeNs ? 1 : 0,
  );
  const ids = new Set(spans.map((span) => span.spanId));
  return spans.map((span) => {
    // Spans read back from older checkpoints may lack attributes.
    const attributeTool = span.attributes === undefined ? undefined : toolNameOf(span);
    const toolName = attributeTool ?? TOOL_PREFIX.exec(span.name)?.[1];
    const step: RunStep = {
      name: span.name,
      spanId: span.spanId,
      isRoot: span.parentSpanId === undefined || !ids.has(span.parentSpanId),
    };
    if (toolName !== undefined) step.toolName = toolName;
    const input = data(span.input);
    const output = data(span.output);
    if (input !== undefined) step.inputData = input;
    if (output !== undefined) step.outputData = output;
    return step;
  });
}

/** Restores a serialized envelope for display; unreadable data is shown as text. */
export function readData(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return deserialize(text, { onUnknownClass: 'plain' });
  } catch {
    return text;
  }
}
