// The input and output of a recorded tool or model call, reduced to what stays the same when the
// same call is made again: ids that change on every run are dropped, so two runs' calls compare
// equal when they sent and received the same thing.
import { GenAiAttributes, type SpanRecord } from '@clearstone/core';
import { readData } from './run-steps';

/** Keys whose values differ between two runs of the same call (message, tool-call and run ids). */
const VOLATILE_KEYS: ReadonlySet<string> = new Set(['id', 'toolCallId', 'tool_call_id', 'runId', 'run_id']);

const MAX_DEPTH = 40;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function normalise(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return '…';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => normalise(item, depth + 1));
  if (!isRecord(value)) return value === undefined ? null : value;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (VOLATILE_KEYS.has(key) || value[key] === undefined) continue;
    result[key] = normalise(value[key], depth + 1);
  }
  return result;
}

/**
 * Snapshot data that is plain JSON to keep as it is: no key to drop, no type tag or escape that
 * could spell one (the snapshot serializer writes tagged JSON: JSON.stringify output).
 */
const NEEDS_DECODING = /"(?:id|toolCallId|tool_call_id|runId|run_id|__type__)":|\\u/;

function snapshotValue(span: SpanRecord, side: 'input' | 'output'): unknown {
  const snapshot = span[side];
  if (snapshot?.captured !== true) return undefined;
  const value = readData(snapshot.data);
  // Older snapshots wrap plain JSON as { __type__: 'json', value }.
  return isRecord(value) && value.__type__ === 'json' ? value.value : value;
}

/** A snapshot's text as {@link canonicalText} would give it, without decoding plain JSON. */
function snapshotText(span: SpanRecord, side: 'input' | 'output'): string | undefined {
  const snapshot = span[side];
  if (snapshot?.captured !== true) return undefined;
  const data = snapshot.data;
  if (NEEDS_DECODING.test(data)) return canonicalText(snapshotValue(span, side));
  return data.startsWith('"') ? (JSON.parse(data) as string) : data;
}

function attributeValue(span: SpanRecord, key: string): unknown {
  const text = span.attributes[key];
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** JSON text of a value with run-specific ids left out (a string as it is); undefined stays undefined. */
export function canonicalText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(normalise(value, 0));
}

/** The input and output of a tool or model call span, as canonical text (undefined when not recorded). */
export interface CallValues {
  input?: string;
  output?: string;
}

/**
 * What a call sent and got back: its input and output snapshots, else the GenAI attributes that
 * hold them (`gen_ai.tool.call.arguments`/`.result`, `gen_ai.input.messages`/`gen_ai.output.messages`).
 * A LangChain tool's output, recorded as its ToolMessage, is reduced to the message's content.
 */
export function callValuesOf(span: SpanRecord, kind: 'tool' | 'model'): CallValues {
  let input = snapshotText(span, 'input');
  let output: string | undefined;
  if (kind === 'tool') {
    // A LangChain tool's output is recorded as its ToolMessage: compare its content.
    const value = snapshotValue(span, 'output');
    output = canonicalText(isRecord(value) && value.role === 'tool' && 'content' in value ? value.content : value);
  } else {
    output = snapshotText(span, 'output');
  }
  if (input === undefined)
    input = canonicalText(
      attributeValue(span, kind === 'tool' ? GenAiAttributes.TOOL_CALL_ARGUMENTS : GenAiAttributes.INPUT_MESSAGES),
    );
  if (output === undefined)
    output = canonicalText(
      attributeValue(span, kind === 'tool' ? GenAiAttributes.TOOL_CALL_RESULT : GenAiAttributes.OUTPUT_MESSAGES),
    );
  const values: CallValues = {};
  if (input !== undefined) values.input = input;
  if (output !== undefined) values.output = output;
  return values;
}

/** Characters compared at each end of two texts by {@link similarity}. */
const SIMILARITY_WINDOW = 256;

/**
 * How alike two texts are, from 0 to 1: 1 when equal, else how much of their first and last 256
 * characters they share (common prefix plus common suffix), never 1. Cheap enough to run on every
 * pair of steps a comparison considers.
 */
export function similarity(left: string | undefined, right: string | undefined): number {
  if (left === right) return 1;
  if (left === undefined || right === undefined || left.length === 0 || right.length === 0) return 0;
  const shorter = Math.min(left.length, right.length);
  const window = Math.min(SIMILARITY_WINDOW, shorter);
  let prefix = 0;
  while (prefix < window && left.charCodeAt(prefix) === right.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const suffixWindow = Math.min(SIMILARITY_WINDOW, shorter - prefix);
  while (
    suffix < suffixWindow &&
    left.charCodeAt(left.length - 1 - suffix) === right.charCodeAt(right.length - 1 - suffix)
  )
    suffix++;
  const compared = Math.min(Math.max(left.length, right.length), 2 * SIMILARITY_WINDOW);
  // Never 1 for different texts, so an equal input always wins a tie.
  return Math.min(0.99, (prefix + suffix) / compared);
}
