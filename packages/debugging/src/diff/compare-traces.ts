import { isDeepStrictEqual } from 'node:util';
import type { SpanRecord, Trace } from '@clearstone/core';
import { formatTraceDiff } from './format-trace-diff';
import { readData, runSteps, type RunStep } from './run-steps';
import { diffSequences, type DiffOperation } from './sequence-diff';

/** A tool call seen in a run. */
export interface ToolCallSummary {
  /** Name of the tool. */
  tool: string;
  /** The tool's input, deserialized from its span. */
  input: unknown;
  /** The tool's output, deserialized from its span. */
  output: unknown;
}

/** A span present in both runs whose output differs. */
export interface OutputChange {
  /** Name of the span. */
  name: string;
  /** Occurrence of that span name in the original run (0-based). */
  occurrence: number;
  /** The span's output in the original run. */
  original: unknown;
  /** The span's output in the forked run. */
  forked: unknown;
}

/** The differences between two runs of an agent. */
export interface TraceDiff {
  /** True when span names, tool calls, outputs and the final output all match. */
  identical: boolean;
  /** The span names of both runs, aligned: kept in both, added in the fork, or removed from it. */
  spanNames: Array<{ op: 'same' | 'added' | 'removed'; name: string }>;
  /** The tool calls of both runs, aligned by tool name and input; `forked` is the fork's call when both have it. */
  toolCalls: Array<{ op: 'same' | 'added' | 'removed'; call: ToolCallSummary; forked?: ToolCallSummary }>;
  /** Spans present in both runs whose outputs differ. */
  outputs: OutputChange[];
  /** Output of the root span in each run, and whether they differ. */
  finalOutput: { original: unknown; forked: unknown; changed: boolean };
  /** A readable report: `-` only in the original, `+` only in the fork, `~` changed. */
  format(): string;
}

function toolCall(step: RunStep): ToolCallSummary {
  return { tool: step.toolName!, input: readData(step.inputData), output: readData(step.outputData) };
}

function nameOps(operations: DiffOperation<RunStep>[]): TraceDiff['spanNames'] {
  return operations.map((operation) => ({
    op: operation.op,
    name: operation.op === 'added' ? operation.forked.name : operation.original.name,
  }));
}

function outputChanges(operations: DiffOperation<RunStep>[]): OutputChange[] {
  const seen = new Map<string, number>();
  const changes: OutputChange[] = [];
  for (const operation of operations) {
    if (operation.op === 'added') continue;
    const occurrence = seen.get(operation.original.name) ?? 0;
    seen.set(operation.original.name, occurrence + 1);
    if (operation.op === 'same' && operation.original.outputData !== operation.forked.outputData) {
      const original = readData(operation.original.outputData);
      const forked = readData(operation.forked.outputData);
      if (!isDeepStrictEqual(original, forked))
        changes.push({ name: operation.original.name, occurrence, original, forked });
    }
  }
  return changes;
}

/**
 * Compares an original run with a replayed or forked one: the sequence of span names, the tool
 * calls (name and input, with their outputs), the outputs of spans present in both, and the final
 * output (the root span's). Accepts traces or span lists.
 *
 * @example
 * ```ts
 * const diff = compareTraces(store.getTrace(originalId)!, store.getTrace(forkedId)!);
 * if (!diff.identical) console.log(diff.format());
 * ```
 */
export function compareTraces(
  original: Trace | readonly SpanRecord[],
  forked: Trace | readonly SpanRecord[],
): TraceDiff {
  const left = runSteps(original);
  const right = runSteps(forked);
  const nameOperations = diffSequences(left, right, (a, b) => a.name === b.name);
  const leftTools = left.filter((step) => step.toolName !== undefined);
  const rightTools = right.filter((step) => step.toolName !== undefined);
  const toolOperations = diffSequences(
    leftTools,
    rightTools,
    (a, b) => a.toolName === b.toolName && isDeepStrictEqual(readData(a.inputData), readData(b.inputData)),
  );
  const toolCalls: TraceDiff['toolCalls'] = toolOperations.map((operation) =>
    operation.op === 'same'
      ? { op: 'same', call: toolCall(operation.original), forked: toolCall(operation.forked) }
      : { op: operation.op, call: toolCall(operation.op === 'added' ? operation.forked : operation.original) },
  );
  const originalFinal = readData(left.find((step) => step.isRoot)?.outputData);
  const forkedFinal = readData(right.find((step) => step.isRoot)?.outputData);
  const outputs = outputChanges(nameOperations);
  const finalOutput = {
    original: originalFinal,
    forked: forkedFinal,
    changed: !isDeepStrictEqual(originalFinal, forkedFinal),
  };
  const identical =
    nameOperations.every((operation) => operation.op === 'same') &&
    toolCalls.every((entry) => entry.op === 'same' && isDeepStrictEqual(entry.call.output, entry.forked?.output)) &&
    outputs.length === 0 &&
    !finalOutput.changed;
  const diff: TraceDiff = {
    identical,
    spanNames: nameOps(nameOperations),
    toolCalls,
    outputs,
    finalOutput,
    format: () => formatTraceDiff(diff),
  };
  return diff;
}
