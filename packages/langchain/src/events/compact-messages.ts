import type { BaseMessage } from '@langchain/core/messages';

/** A message as policies see it: role, text and any tool calls. */
export interface CompactMessage {
  /** `user`, `assistant`, `system`, `tool`, or the message type for other messages. */
  role: string;
  /** The text of the message; the text parts joined by newlines for content blocks. */
  content: string;
  /** The message's `name`, when set. */
  name?: string;
  /** Tool calls requested by an assistant message. */
  toolCalls?: Array<{ name: string; args: unknown; id?: string }>;
  /** Id of the tool call a tool message answers. */
  toolCallId?: string;
}

const ROLES: Record<string, string> = {
  human: 'user',
  ai: 'assistant',
  system: 'system',
  tool: 'tool',
  generic: 'user',
};

/** The text of a message's content (string, or the text parts of content blocks). */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content == null ? '' : JSON.stringify(content);
  return content
    .map((part) => (typeof part === 'string' ? part : typeof part?.text === 'string' ? part.text : ''))
    .filter((part) => part !== '')
    .join('\n');
}

/** Policy-friendly form of LangChain messages. */
export function compactMessages(messages: readonly BaseMessage[]): CompactMessage[] {
  return messages.map((message) => {
    const type =
      typeof message.getType === 'function' ? message.getType() : ((message as { type?: string }).type ?? 'generic');
    const compact: CompactMessage = { role: ROLES[type] ?? type, content: messageText(message.content) };
    if (message.name) compact.name = message.name;
    const toolCalls = (message as { tool_calls?: Array<{ name: string; args: unknown; id?: string }> }).tool_calls;
    if (toolCalls?.length) compact.toolCalls = toolCalls.map(({ name, args, id }) => ({ name, args, id }));
    const toolCallId = (message as { tool_call_id?: string }).tool_call_id;
    if (toolCallId) compact.toolCallId = toolCallId;
    return compact;
  });
}
