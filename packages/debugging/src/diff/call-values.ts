// The input and output of a recorded tool or model call, reduced to what stays the same when the
// same call is made again: ids that change on every run are dropped and keys are sorted, so two
// runs' calls compare equal when they sent and received the same thing.
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
  for (const key of Object.keys(value).sort()) {
    if (VOLATILE_KEYS.has(key) || value[key] === undefined) continue;
    result[key] = normalise(value[key], depth + 1);
  }
  return result;
}

function snapshotValue(span: SpanRecord, side: 'input' | 'output'): unknown {
  const snapshot = span[side];
  if (snapshot?.captured !== true) return undefined;
  const value = readData(snapshot.data);
  // Older snapshots wrap plain JSON as { __type__: 'json', value }.
  return isRecord(value) && value.__type__ === 'json' ? value.value : value;
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

/** Canonical JSON text of a value: sorted keys, run-specific ids left out; undefined stays undefined. */
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
  let input = snapshotValue(span, 'input');
  let output = snapshotValue(span, 'output');
  if (input === undefined)
    input = attributeValue(
      span,
      kind === 'tool' ? GenAiAttributes.TOOL_CALL_ARGUMENTS : GenAiAttributes.INPUT_MESSAGES,
    );
  if (output === undefined)
    output = attributeValue(span, kind === 'tool' ? GenAiAttributes.TOOL_CALL_RESULT : GenAiAttributes.OUTPUT_MESSAGES);
  if (kind === 'tool' && isRecord(output) && output.role === 'tool' && 'content' in output) output = output.content;
  const values: CallValues = {};
  const inputText = canonicalText(input);
  const outputText = canonicalText(output);
  if (inputText !== undefined) values.input = inputText;
  if (outputText !== undefined) values.output = outputText;
  return values;
}

const SIMILARITY_PREFIX = 400;

function bigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const sample = text.slice(0, SIMILARITY_PREFIX);
  for (let index = 0; index < sample.length - 1; index++) {
    const pair = sample.slice(index, index + 2);
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

/** Precomputed form of a text for {@link similarity}. */
export interface SimilarityKey {
  text: string | undefined;
  pairs: Map<string, number>;
  size: number;
}

/** The key {@link similarity} compares (character pairs of the text's first 400 characters). */
export function similarityKey(text: string | undefined): SimilarityKey {
  const pairs = text === undefined ? new Map<string, number>() : bigrams(text);
  let size = 0;
  for (const count of pairs.values()) size += count;
  return { text, pairs, size };
}

/** How alike two texts are, from 0 to 1: 1 when equal, else the Dice coefficient of their character pairs. */
export function similarity(left: SimilarityKey, right: SimilarityKey): number {
  if (left.text === right.text) return 1;
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const [pair, count] of left.pairs) shared += Math.min(count, right.pairs.get(pair) ?? 0);
  // Never 1 for different texts, so an equal input always wins a tie.
  return Math.min(0.99, (2 * shared) / (left.size + right.size));
}
