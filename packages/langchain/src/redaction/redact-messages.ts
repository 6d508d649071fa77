import type { RedactionSpec } from '@clearstone/core';
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';

/** Rewrites a value (string, object, array) so the parts named by `spec` are masked. */
export type Redactor = (value: unknown, spec: RedactionSpec) => unknown;

function looksLikeJson(text: string): boolean {
  const trimmed = text.trim();
  return (trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'));
}

/** Redacts text; JSON text is parsed first so field lists apply, then written back as JSON. */
export function redactText(text: string, spec: RedactionSpec, redact: Redactor): string {
  if (looksLikeJson(text)) {
    try {
      return JSON.stringify(redact(JSON.parse(text) as unknown, spec));
    } catch {
      // not JSON after all: redact as text
    }
  }
  const result = redact(text, spec);
  return typeof result === 'string' ? result : JSON.stringify(result);
}

/** Redacts message content: a string, or the text of each content block. */
export function redactContent<T>(content: T, spec: RedactionSpec, redact: Redactor): T {
  if (typeof content === 'string') return redactText(content, spec, redact) as T;
  if (!Array.isArray(content)) return content;
  return content.map((block) =>
    block && typeof block === 'object' && typeof block.text === 'string'
      ? { ...block, text: redactText(block.text, spec, redact) }
      : block,
  ) as T;
}

/** A copy of `message` with its content (and tool-call arguments) redacted; same message class. */
export function redactMessage(message: BaseMessage, spec: RedactionSpec, redact: Redactor): BaseMessage {
  const content = redactContent(message.content, spec, redact);
  const common = {
    content,
    id: message.id,
    name: message.name,
    additional_kwargs: message.additional_kwargs,
    response_metadata: message.response_metadata,
  };
  if (AIMessage.isInstance(message)) {
    const toolCalls = message.tool_calls?.map((call) => ({
      ...call,
      args: redact(call.args, spec) as Record<string, unknown>,
    }));
    return new AIMessage({
      ...common,
      tool_calls: toolCalls,
      invalid_tool_calls: message.invalid_tool_calls,
      usage_metadata: message.usage_metadata,
    });
  }
  if (ToolMessage.isInstance(message)) return redactToolMessage(message, spec, redact);
  if (HumanMessage.isInstance(message)) return new HumanMessage(common);
  if (SystemMessage.isInstance(message)) return new SystemMessage(common);
  const copy = Object.assign(Object.create(Object.getPrototypeOf(message) as object) as BaseMessage, message);
  copy.content = content;
  return copy;
}

/** A copy of a ToolMessage with its content and artifact redacted. */
export function redactToolMessage(message: ToolMessage, spec: RedactionSpec, redact: Redactor): ToolMessage {
  return new ToolMessage({
    content: redactContent(message.content, spec, redact),
    tool_call_id: message.tool_call_id,
    name: message.name,
    id: message.id,
    status: message.status,
    artifact: message.artifact === undefined ? undefined : redact(message.artifact, spec),
    additional_kwargs: message.additional_kwargs,
    response_metadata: message.response_metadata,
  });
}
