import { BaseChatModel, type BaseChatModelParams } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage, type ToolMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';

/** One step of a scripted conversation: a tool call to make, or the final answer. */
export type ScriptStep =
  { tool: string; args: Record<string, unknown> } | { answer: (toolResults: string[]) => string };

/** Scripts keyed by the exact user request they answer. */
export type Scripts = Record<string, ScriptStep[]>;

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function textOf(message: BaseMessage): string {
  return typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
}

/**
 * A deterministic offline chat model. For the latest user request it follows that request's
 * script: each tool step becomes a tool call (one per model turn) and the answer step reads the
 * tool results the agent fed back. When a policy stops a tool, the error message it returned
 * counts as that step's result, so the conversation still ends cleanly. Token usage is estimated
 * from the text (≈ 4 characters per token) and reported as `usage_metadata`, as real providers do.
 */
export class ScriptedChatModel extends BaseChatModel {
  readonly scripts: Scripts;
  readonly modelName = 'clearstone-demo-scripted';
  private callCounter = 0;

  constructor(scripts: Scripts, params: BaseChatModelParams = {}) {
    super(params);
    this.scripts = scripts;
  }

  _llmType(): string {
    return 'scripted';
  }

  override bindTools(): this {
    return this;
  }

  override invocationParams(): Record<string, unknown> {
    return { model: this.modelName };
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    let lastHumanIndex = messages.length - 1;
    while (lastHumanIndex >= 0 && messages[lastHumanIndex].getType() !== 'human') lastHumanIndex -= 1;
    const request = lastHumanIndex >= 0 ? textOf(messages[lastHumanIndex]) : '';
    const script = this.scripts[request] ?? [{ answer: () => "I don't have a script for that request." }];
    const toolResults = messages
      .slice(lastHumanIndex + 1)
      .filter((message): message is ToolMessage => message.getType() === 'tool')
      .map(textOf);
    const step = script[Math.min(toolResults.length, script.length - 1)];
    const inputTokens = messages.reduce((sum, message) => sum + estimateTokens(textOf(message)), 0);
    let message: AIMessage;
    if ('tool' in step) {
      this.callCounter += 1;
      message = new AIMessage({
        content: '',
        tool_calls: [{ id: `call_${this.callCounter}`, name: step.tool, args: step.args, type: 'tool_call' }],
        usage_metadata: { input_tokens: inputTokens, output_tokens: 24, total_tokens: inputTokens + 24 },
        response_metadata: { model_name: this.modelName },
      });
    } else {
      const content = step.answer(toolResults);
      const outputTokens = estimateTokens(content);
      message = new AIMessage({
        content,
        usage_metadata: {
          input_tokens: inputTokens,
          output_tokens: outputTokens,
          total_tokens: inputTokens + outputTokens,
        },
        response_metadata: { model_name: this.modelName },
      });
    }
    return { generations: [{ text: typeof message.content === 'string' ? message.content : '', message }] };
  }
}
