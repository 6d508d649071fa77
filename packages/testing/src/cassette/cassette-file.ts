// The cassette file: `{ "format": "clearstone-cassette", "version": 1, "entries": [...] }`, pretty
// JSON with keys in a fixed order so that reviewers can diff it.
import { CassetteError } from '../errors/cassette-error';
import { sortedJson } from './normalize';
import type {
  CassetteEntry,
  CassetteMessage,
  CassetteModelResponse,
  CassetteRequest,
  CassetteToolResponse,
} from './types';

/** `format` of a cassette file. */
export const CASSETTE_FORMAT = 'clearstone-cassette';
/** The cassette format version this package writes and reads. */
export const CASSETTE_VERSION = 1;

/** The content of a cassette file. */
export interface CassetteFile {
  /** Always `'clearstone-cassette'`. */
  format: typeof CASSETTE_FORMAT;
  /** The format version, `1`. */
  version: typeof CASSETTE_VERSION;
  /** The recorded calls, in recording order. */
  entries: CassetteEntry[];
}

type ToolCall = { name: string; args: unknown };

function orderedToolCalls(toolCalls: readonly ToolCall[] | undefined): ToolCall[] | undefined {
  if (toolCalls === undefined || toolCalls.length === 0) return undefined;
  return toolCalls.map(({ name, args }) => ({ name, args: sortedJson(args) ?? null }));
}

function orderedMessage(message: CassetteMessage): CassetteMessage {
  const ordered: CassetteMessage = { role: message.role, content: sortedJson(message.content) ?? null };
  if (message.name !== undefined) ordered.name = message.name;
  const toolCalls = orderedToolCalls(message.toolCalls);
  if (toolCalls !== undefined) ordered.toolCalls = toolCalls;
  return ordered;
}

function orderedRequest(request: CassetteRequest): CassetteRequest {
  const ordered: CassetteRequest = { kind: request.kind, name: request.name };
  if (request.messages !== undefined) ordered.messages = request.messages.map(orderedMessage);
  if (request.args !== undefined) ordered.args = sortedJson(request.args);
  return ordered;
}

function orderedResponse(
  kind: CassetteRequest['kind'],
  response: CassetteEntry['response'],
): CassetteEntry['response'] {
  if (kind === 'tool') {
    const tool = response as CassetteToolResponse;
    const ordered: CassetteToolResponse = { content: sortedJson(tool.content) ?? null };
    if (tool.error !== undefined) ordered.error = tool.error;
    return ordered;
  }
  const model = response as CassetteModelResponse;
  const ordered: CassetteModelResponse = { content: sortedJson(model.content) ?? null };
  const toolCalls = orderedToolCalls(model.toolCalls);
  if (toolCalls !== undefined) ordered.toolCalls = toolCalls;
  if (model.usage !== undefined) ordered.usage = sortedJson(model.usage) as CassetteModelResponse['usage'];
  if (model.responseModel !== undefined) ordered.responseModel = model.responseModel;
  return ordered;
}

/** A plain-data copy of an entry with keys in the file's fixed order. */
export function orderedEntry(entry: CassetteEntry): CassetteEntry {
  return { request: orderedRequest(entry.request), response: orderedResponse(entry.request.kind, entry.response) };
}

/** The file content of `entries`. */
export function cassetteFileOf(entries: readonly CassetteEntry[]): CassetteFile {
  return { format: CASSETTE_FORMAT, version: CASSETTE_VERSION, entries: entries.map(orderedEntry) };
}

/** The text written to a cassette file: 2-space JSON and a trailing newline. */
export function cassetteFileText(entries: readonly CassetteEntry[]): string {
  return `${JSON.stringify(cassetteFileOf(entries), null, 2)}\n`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function toolCallsProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return '"toolCalls" is not an array';
  const bad = value.findIndex((call) => !isObject(call) || typeof call.name !== 'string');
  return bad >= 0 ? `tool call ${bad} has no "name"` : undefined;
}

function entryProblem(entry: unknown): string | undefined {
  if (!isObject(entry)) return 'is not an object';
  const { request, response } = entry;
  if (!isObject(request)) return 'has no "request" object';
  if (request.kind !== 'model' && request.kind !== 'tool') return `has a request "kind" that is not "model" or "tool"`;
  if (typeof request.name !== 'string' || request.name === '') return 'has a request without a "name"';
  if (request.messages !== undefined) {
    if (!Array.isArray(request.messages)) return 'has request "messages" that are not an array';
    for (const [index, message] of request.messages.entries()) {
      if (!isObject(message) || typeof message.role !== 'string')
        return `has request message ${index} without a "role"`;
      const problem = toolCallsProblem(message.toolCalls);
      if (problem !== undefined) return `has request message ${index} whose ${problem}`;
    }
  }
  if (!isObject(response)) return 'has no "response" object';
  if (!('content' in response)) return 'has a response without "content"';
  const problem = toolCallsProblem(response.toolCalls);
  if (problem !== undefined) return `has a response whose ${problem}`;
  if (response.error !== undefined && typeof response.error !== 'string')
    return 'has a response "error" that is not text';
  if (response.usage !== undefined && !isObject(response.usage)) return 'has a response "usage" that is not an object';
  return undefined;
}

function corrupt(path: string, what: string, cause?: unknown): CassetteError {
  return new CassetteError({
    code: 'CORRUPT_CASSETTE',
    path,
    cause,
    message: `${path} is not a usable cassette: ${what}. Fix or delete the file (then record it again with CLEARSTONE_CASSETTE_MODE=record).`,
  });
}

/** Reads the entries of a cassette file's text; throws `CORRUPT_CASSETTE` or `UNSUPPORTED_VERSION`. */
export function parseCassetteFile(text: string, path: string): CassetteEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw corrupt(path, `it is not JSON (${error instanceof Error ? error.message : String(error)})`, error);
  }
  if (!isObject(parsed) || parsed.format !== CASSETTE_FORMAT) {
    throw corrupt(path, `it is not a Clearstone cassette (expected "format": "${CASSETTE_FORMAT}")`);
  }
  if (parsed.version !== CASSETTE_VERSION) {
    throw new CassetteError({
      code: 'UNSUPPORTED_VERSION',
      path,
      message: `${path} is a cassette of format version ${JSON.stringify(parsed.version)}; this version of @clearstone/testing reads version ${CASSETTE_VERSION}. Upgrade @clearstone/testing or record the cassette again.`,
    });
  }
  if (!Array.isArray(parsed.entries)) throw corrupt(path, '"entries" is not an array');
  for (const [index, entry] of parsed.entries.entries()) {
    const problem = entryProblem(entry);
    if (problem !== undefined) throw corrupt(path, `entry ${index} ${problem}`);
  }
  return parsed.entries as CassetteEntry[];
}
