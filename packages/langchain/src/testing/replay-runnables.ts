// Stand-ins that answer from a recording while LangChain runs them like the real model or tool, so
// callbacks (tracing, streaming) see a replayed call as they see a live one.
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AIMessage, BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { tool, type StructuredToolInterface } from '@langchain/core/tools';

/** A chat model that answers once with a recorded message; `bindTools` keeps it as is. */
export class ReplayChatModel extends BaseChatModel {
  /** The recorded model's name, as provider models expose it. */
  model: string;

  readonly #message: AIMessage;

  constructor(message: AIMessage, model: string) {
    super({});
    this.#message = message;
    this.model = model;
  }

  _llmType(): string {
    return 'cassette';
  }

  override invocationParams(): Record<string, unknown> {
    return { model: this.model };
  }

  override bindTools(): this {
    return this;
  }

  async _generate(_messages: BaseMessage[]): Promise<ChatResult> {
    const text = typeof this.#message.content === 'string' ? this.#message.content : '';
    return { generations: [{ text, message: this.#message }] };
  }
}

/** A tool named like the recorded one whose body returns (or throws) the recording. */
export function replayTool(name: string, answer: () => unknown): StructuredToolInterface {
  return tool(async () => answer() as string, {
    name,
    description: `Replays ${name} from a cassette`,
    schema: { type: 'object', properties: {}, additionalProperties: true },
  });
}
