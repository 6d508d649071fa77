// Golden tests: the AIMessages below are built exactly as the provider packages build them from a
// provider's response, so the usage Clearstone reads — and the cost it records with no price table
// given — is what a real call would record.
//
// - @langchain/openai 1.6.0, dist/chat_models/completions.js (Chat Completions, non-streaming):
//   usage_metadata.input_tokens = usage.prompt_tokens (cached tokens INSIDE it);
//   input_token_details = { audio: prompt_tokens_details.audio_tokens, cache_read: …cached_tokens };
//   output_token_details = { audio: …, reasoning: completion_tokens_details.reasoning_tokens }
//   (reasoning INSIDE output_tokens); the message's response_metadata.model_name = the response's
//   model (dist/converters/completions.js), model_provider 'openai'.
// - @langchain/openai 1.6.0, dist/converters/responses.js (Responses API): input_token_details
//   { cache_read } from input_tokens_details.cached_tokens, output_token_details { reasoning },
//   response_metadata.model_name = response.model.
// - @langchain/anthropic 1.5.11, dist/utils/message_outputs.js (buildUsageMetadata, non-streaming):
//   usage_metadata.input_tokens = input_tokens + cache_creation_input_tokens + cache_read_input_tokens
//   (cache reads and writes ADDED to Anthropic's own input_tokens, which excludes them);
//   input_token_details = { cache_creation, cache_read }; the 5-minute / 1-hour split of cache
//   writes is only in the raw usage kept in response_metadata.usage.cache_creation; the model is
//   response_metadata.model (not model_name), model_provider 'anthropic'.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClearstoneAttributes, GenAiAttributes, contextScope, type SpanRecord } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';
import { PolicyEngine } from '@clearstone/policy';
import { SpendLedger } from '@clearstone/policy/ledger';
import { AIMessage } from '@langchain/core/messages';
import { createAgent } from 'langchain';
import { TracingCallbackHandler } from '../src';
import { usageOfMessage } from '../src/events/token-usage';
import { clearstoneMiddleware } from '../src/middleware';
import { ask, blockAdminToolsForGuests, createTools, scriptedModel, userContext } from './fixtures';

/** What @langchain/openai 1.6.0 makes of a Chat Completions response (non-streaming). */
function openAiCompletion(options: {
  model: string;
  content?: string;
  toolCall?: { id: string; name: string; args: Record<string, unknown> };
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  reasoningTokens: number;
}): AIMessage {
  const usage = {
    prompt_tokens: options.promptTokens,
    completion_tokens: options.completionTokens,
    total_tokens: options.promptTokens + options.completionTokens,
    prompt_tokens_details: { cached_tokens: options.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: options.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
  return new AIMessage({
    content: options.content ?? '',
    tool_calls: options.toolCall ? [{ ...options.toolCall, type: 'tool_call' }] : [],
    usage_metadata: {
      input_tokens: usage.prompt_tokens,
      output_tokens: usage.completion_tokens,
      total_tokens: usage.total_tokens,
      input_token_details: { audio: 0, cache_read: options.cachedTokens },
      output_token_details: { audio: 0, reasoning: options.reasoningTokens },
    },
    response_metadata: {
      tokenUsage: {
        promptTokens: usage.prompt_tokens,
        completionTokens: usage.completion_tokens,
        totalTokens: usage.total_tokens,
      },
      finish_reason: options.toolCall ? 'tool_calls' : 'stop',
      model_provider: 'openai',
      model_name: options.model,
      usage,
      system_fingerprint: 'fp_test',
    },
  });
}

/** What @langchain/anthropic 1.5.11 makes of a Messages API response (non-streaming). */
function anthropicMessage(options: {
  model: string;
  content: string;
  inputTokens: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  outputTokens: number;
}): AIMessage {
  const usage = {
    input_tokens: options.inputTokens,
    cache_creation_input_tokens: options.cacheWrite5m + options.cacheWrite1h,
    cache_read_input_tokens: options.cacheRead,
    cache_creation: {
      ephemeral_5m_input_tokens: options.cacheWrite5m,
      ephemeral_1h_input_tokens: options.cacheWrite1h,
    },
    output_tokens: options.outputTokens,
    service_tier: 'standard',
  };
  const additionalKwargs = {
    id: 'msg_01test',
    type: 'message',
    role: 'assistant',
    model: options.model,
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage,
  };
  const totalInput = usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens;
  return new AIMessage({
    content: options.content,
    additional_kwargs: additionalKwargs,
    usage_metadata: {
      input_tokens: totalInput,
      output_tokens: usage.output_tokens,
      total_tokens: totalInput + usage.output_tokens,
      input_token_details: {
        cache_creation: usage.cache_creation_input_tokens,
        cache_read: usage.cache_read_input_tokens,
      },
    },
    response_metadata: { ...additionalKwargs, model_provider: 'anthropic' },
    id: additionalKwargs.id,
  });
}

/** An o4-mini call through the Responses API, as @langchain/openai 1.6.0 converts it. */
function openAiResponses(model: string): AIMessage {
  return new AIMessage({
    content: 'done',
    usage_metadata: {
      input_tokens: 5000,
      output_tokens: 1200,
      total_tokens: 6200,
      input_token_details: { cache_read: 4096 },
      output_token_details: { reasoning: 1024 },
    },
    response_metadata: { model_provider: 'openai', model_name: model, id: 'resp_test', status: 'completed' },
  });
}

describe('usage as the provider packages report it', () => {
  it('OpenAI: cached tokens inside the prompt tokens, reasoning inside the completion tokens', () => {
    const message = openAiCompletion({
      model: 'gpt-4o-2024-08-06',
      content: 'ok',
      promptTokens: 2006,
      cachedTokens: 1920,
      completionTokens: 300,
      reasoningTokens: 0,
    });
    expect(usageOfMessage(message)).toEqual({
      inputTokens: 2006,
      outputTokens: 300,
      totalTokens: 2306,
      cacheReadTokens: 1920,
      reasoningTokens: 0,
      audioInputTokens: 0,
      audioOutputTokens: 0,
    });
    expect(usageOfMessage(openAiResponses('o4-mini-2025-04-16'))).toEqual({
      inputTokens: 5000,
      outputTokens: 1200,
      totalTokens: 6200,
      cacheReadTokens: 4096,
      reasoningTokens: 1024,
    });
  });

  it('Anthropic: cache reads and both kinds of cache writes inside the input tokens', () => {
    const message = anthropicMessage({
      model: 'claude-sonnet-4-5-20250929',
      content: 'ok',
      inputTokens: 1200,
      cacheRead: 20_000,
      cacheWrite5m: 2000,
      cacheWrite1h: 1000,
      outputTokens: 500,
    });
    expect(usageOfMessage(message)).toEqual({
      inputTokens: 24_200,
      outputTokens: 500,
      totalTokens: 24_700,
      cacheReadTokens: 20_000,
      cacheWriteTokens: 3000,
      cacheWrite1hTokens: 1000,
    });
    // A package that reports the split in input_token_details (as langchain-anthropic for Python does).
    const split = new AIMessage({
      content: '',
      usage_metadata: {
        input_tokens: 4200,
        output_tokens: 10,
        total_tokens: 4210,
        input_token_details: {
          cache_read: 0,
          cache_creation: 3000,
          ephemeral_5m_input_tokens: 2000,
          ephemeral_1h_input_tokens: 1000,
        } as Record<string, number>,
      },
    });
    expect(usageOfMessage(split)).toMatchObject({ cacheWriteTokens: 3000, cacheWrite1hTokens: 1000 });
  });
});

describe('a createAgent run records the right cost with no price table', () => {
  let dir: string;
  let provider: TracerProvider;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clearstone-langchain-cost-'));
    provider = new TracerProvider({ dbPath: join(dir, 'traces.db') });
  });

  afterEach(async () => {
    await provider.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  async function modelSpans(): Promise<{ chats: SpanRecord[]; root: SpanRecord }> {
    await provider.forceFlush();
    const [summary] = provider.traceStore.listTraces();
    const trace = provider.traceStore.getTrace(summary.traceId)!;
    return {
      chats: trace.spans.filter((span) => span.attributes[GenAiAttributes.OPERATION_NAME] === 'chat'),
      root: trace.spans.find((span) => span.spanId === trace.rootSpanId)!,
    };
  }

  it('OpenAI: cached input at the cached price, reasoning at the output price, none counted twice', async () => {
    const model = scriptedModel(
      openAiCompletion({
        model: 'o4-mini-2025-04-16',
        toolCall: { id: 'call_1', name: 'search', args: { query: 'cache pricing' } },
        promptTokens: 2006,
        cachedTokens: 1920,
        completionTokens: 300,
        reasoningTokens: 192,
      }),
      openAiCompletion({
        model: 'gpt-4o-2024-08-06',
        content: 'Cached tokens cost less.',
        promptTokens: 3000,
        cachedTokens: 2048,
        completionTokens: 100,
        reasoningTokens: 0,
      }),
    );
    const ledger = new SpendLedger(join(dir, 'spend.db'));
    const agent = createAgent({
      model,
      tools: createTools().all,
      middleware: [
        clearstoneMiddleware({ engine: new PolicyEngine({ policies: [blockAdminToolsForGuests] }), ledger }),
      ],
    });
    await contextScope(userContext('analyst'), () =>
      agent.invoke(ask('How is caching priced?'), { callbacks: [new TracingCallbackHandler(provider)] }),
    );
    const { chats, root } = await modelSpans();
    expect(chats).toHaveLength(2);
    // o4-mini: $1.10 input, $0.275 cached input, $4.40 output (reasoning too) per million.
    expect(chats[0].attributes).toMatchObject({
      [GenAiAttributes.RESPONSE_MODEL]: 'o4-mini-2025-04-16',
      [GenAiAttributes.USAGE_INPUT_TOKENS]: 2006,
      [GenAiAttributes.USAGE_OUTPUT_TOKENS]: 300,
      [GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS]: 1920,
      [GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS]: 192,
    });
    const first = chats[0].attributes;
    expect(first[ClearstoneAttributes.COST_INPUT_USD]).toBeCloseTo(86 * 1.1e-6, 12);
    expect(first[ClearstoneAttributes.COST_CACHE_READ_USD]).toBeCloseTo(1920 * 0.275e-6, 12);
    expect(first[ClearstoneAttributes.COST_OUTPUT_USD]).toBeCloseTo(108 * 4.4e-6, 12);
    expect(first[ClearstoneAttributes.COST_REASONING_USD]).toBeCloseTo(192 * 4.4e-6, 12);
    expect(first[ClearstoneAttributes.COST_USD]).toBeCloseTo(0.0019426, 12);
    // gpt-4o: $2.50 input, $1.25 cached input, $10 output per million.
    expect(chats[1].attributes[ClearstoneAttributes.COST_USD]).toBeCloseTo(
      952 * 2.5e-6 + 2048 * 1.25e-6 + 100 * 10e-6,
      12,
    );
    expect(root.attributes[ClearstoneAttributes.COST_USD]).toBeCloseTo(0.0019426 + 0.00594, 12);
    expect(root.attributes[GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS]).toBe(1920 + 2048);
    // The middleware recorded the same cost in the ledger, for the context's user.
    expect(ledger.userDay('user_analyst')).toMatchObject({ calls: 2, tokens: 2306 + 3100 });
    expect(ledger.userDay('user_analyst').usd).toBeCloseTo(0.0019426 + 0.00594, 12);
    ledger.close();
  });

  it('Anthropic: cache reads at 0.1×, five-minute writes at 1.25×, one-hour writes at 2× the input price', async () => {
    const model = scriptedModel(
      anthropicMessage({
        model: 'claude-sonnet-4-5-20250929',
        content: 'Here is the summary.',
        inputTokens: 1200,
        cacheRead: 20_000,
        cacheWrite5m: 2000,
        cacheWrite1h: 1000,
        outputTokens: 500,
      }),
    );
    const agent = createAgent({ model, tools: [] });
    await agent.invoke(ask('Summarise the document.'), { callbacks: [new TracingCallbackHandler(provider)] });
    const { chats } = await modelSpans();
    const attributes = chats[0].attributes;
    expect(attributes).toMatchObject({
      [GenAiAttributes.RESPONSE_MODEL]: 'claude-sonnet-4-5-20250929',
      [GenAiAttributes.USAGE_INPUT_TOKENS]: 24_200,
      [GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS]: 20_000,
      [GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS]: 3000,
      [ClearstoneAttributes.USAGE_CACHE_CREATION_1H_INPUT_TOKENS]: 1000,
    });
    // claude-sonnet-4-5: $3 input, $0.30 cache read, $3.75 5-minute write, $6 1-hour write, $15 output.
    expect(attributes[ClearstoneAttributes.COST_INPUT_USD]).toBeCloseTo(0.0036, 12);
    expect(attributes[ClearstoneAttributes.COST_CACHE_READ_USD]).toBeCloseTo(0.006, 12);
    expect(attributes[ClearstoneAttributes.COST_CACHE_WRITE_USD]).toBeCloseTo(0.0075 + 0.006, 12);
    expect(attributes[ClearstoneAttributes.COST_OUTPUT_USD]).toBeCloseTo(0.0075, 12);
    expect(attributes[ClearstoneAttributes.COST_USD]).toBeCloseTo(0.0306, 12);
  });

  it('records an unnamed or unknown model as cost unknown, never as free, and a fake model is not priced', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const unknown = new AIMessage({
      content: 'hi',
      usage_metadata: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
      response_metadata: { model_name: 'acme-unreleased-model-7' },
    });
    const unnamed = new AIMessage({
      content: 'hi',
      usage_metadata: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
    });
    const agent = createAgent({ model: scriptedModel(unknown, unnamed), tools: [] });
    const tracing = new TracingCallbackHandler(provider);
    await agent.invoke(ask('hi'), { callbacks: [tracing] });
    const {
      chats: [known],
    } = await modelSpans();
    expect(known.attributes[ClearstoneAttributes.COST_UNKNOWN]).toBe(true);
    expect(known.attributes).not.toHaveProperty(ClearstoneAttributes.COST_USD);
    expect(warn.mock.calls.map(([message]) => String(message)).join('\n')).toContain("'acme-unreleased-model-7'");
    await agent.invoke(ask('again'), { callbacks: [tracing] });
    await provider.forceFlush();
    const fake = provider.traceStore
      .listTraces()
      .map((summary) => provider.traceStore.getTrace(summary.traceId)!)
      .flatMap((trace) => trace.spans)
      .find(
        (span) =>
          span.attributes[GenAiAttributes.OPERATION_NAME] === 'chat' &&
          !span.attributes[GenAiAttributes.RESPONSE_MODEL],
      )!;
    // The fake model's class name is what the span is named after, not what it is priced by.
    expect(fake.attributes[GenAiAttributes.REQUEST_MODEL]).toBe('FakeBuiltModel');
    expect(fake.attributes[ClearstoneAttributes.COST_UNKNOWN]).toBe(true);
    warn.mockRestore();
  });
});
