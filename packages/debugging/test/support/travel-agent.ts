import { randomUUID } from 'node:crypto';
import { SpanKind } from '@clearstone/core';
import type { SpanRecorder } from './span-recorder';

export interface Message {
  role: 'user' | 'assistant' | 'tool';
  content: string;
  at: number;
}

export type ModelReply = { toolCall: { name: string; args: Record<string, unknown> } } | { answer: string };

/** A rule-based offline model: asks for the weather, then for a packing list, then answers. */
export class RuleModel {
  async invoke(messages: readonly Message[]): Promise<ModelReply> {
    const tools = messages
      .filter((message) => message.role === 'tool')
      .map((message) => JSON.parse(message.content) as Record<string, unknown>);
    if (tools.length === 0) return { toolCall: { name: 'weather', args: { city: 'Paris' } } };
    if (tools.length === 1) return { toolCall: { name: 'packing', args: { temperature: tools[0].temperature } } };
    const weather = tools[0];
    return {
      answer: `${weather.temperature}°${weather.units === 'celsius' ? 'C' : 'F'} in Paris (report ${String(weather.reportId).slice(0, 8)}); pack: ${(tools[1].items as string[]).join(', ')}`,
    };
  }
}

/** Tools whose outputs are not reproducible on their own (random ids, wall-clock times). */
export function createTools() {
  return {
    weather: {
      async invoke(args: { city: string; units: string }) {
        const temperature = args.units === 'celsius' ? 18 : 64;
        return {
          city: args.city,
          temperature,
          units: args.units,
          reportId: randomUUID(),
          observedAt: new Date().toISOString(),
          confidence: Math.random(),
        };
      },
    },
    packing: {
      async invoke(args: { temperature: number }) {
        return {
          items: args.temperature > 50 || args.temperature < 20 ? ['umbrella', 'light jacket'] : ['coat'],
          listId: Math.floor(Math.random() * 1e9),
        };
      },
    },
  };
}

export class TravelAgent {
  messages: Message[] = [];
  units = 'celsius';
  steps = 0;
  done = false;
  answer: string | undefined;
  llm = new RuleModel();
  tools = createTools();
  recorder: SpanRecorder;
  onStepStart: ((agent: TravelAgent, spanId: string) => void) | undefined;

  constructor(recorder: SpanRecorder) {
    this.recorder = recorder;
  }

  getState() {
    return { messages: this.messages, units: this.units, steps: this.steps, done: this.done, answer: this.answer };
  }

  loadState(state: ReturnType<TravelAgent['getState']>) {
    Object.assign(this, state);
  }

  run(question: string): Promise<string | undefined> {
    return this.recorder.span('agent.run', { input: question }, async () => {
      this.messages.push({ role: 'user', content: question, at: Date.now() });
      return this.resume();
    });
  }

  async resume(): Promise<string | undefined> {
    while (!this.done && this.steps < 6) await this.step();
    return this.answer;
  }

  step(): Promise<void> {
    return this.recorder.span('agent.step', { attributes: { step: this.steps + 1 } }, async (spanId) => {
      this.onStepStart?.(this, spanId);
      this.steps++;
      const reply = await this.recorder.span('llm.invoke', { kind: SpanKind.CLIENT, input: this.messages }, () =>
        this.llm.invoke(this.messages),
      );
      if ('answer' in reply) {
        this.done = true;
        this.answer = reply.answer;
        return;
      }
      const { name, args } = reply.toolCall;
      const toolArgs = name === 'weather' ? { ...args, units: this.units } : args;
      const tool = (this.tools as Record<string, { invoke(input: unknown): Promise<unknown> }>)[name];
      const result = await this.recorder.span(
        `tool.${name}`,
        { kind: SpanKind.CLIENT, input: toolArgs, attributes: { 'gen_ai.tool.name': name } },
        () => tool.invoke(toolArgs),
      );
      this.messages.push({ role: 'tool', content: JSON.stringify(result), at: Date.now() });
    });
  }
}
