/**
 * The agent the cassette examples test: a weather assistant built with `createAgent`, answering
 * from `cassetteMiddleware`. `cassette-jest.test.ts` and `vitest-cassette/` replay the committed
 * `cassettes/weather-agent.json` with a model and tools that throw if called.
 *
 * Re-record the cassette (here against a scripted `fakeModel`; in a real project, your real
 * chat model) with:
 *   node_modules/.bin/tsx examples/cassette-agent.ts record
 */
import { dirname, join } from 'node:path';
import { cassetteMiddleware, type CassetteSource } from '@clearstone/langchain/testing';
import { Cassette } from '@clearstone/testing';
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import type { StructuredToolInterface } from '@langchain/core/tools';
import { createAgent, tool } from 'langchain';
import { z } from 'zod';

/** The committed cassette the examples replay. */
// `__dirname` under Jest and Vitest; the script's own folder when run with tsx (ES module).
const here = typeof __dirname === 'string' ? __dirname : dirname(process.argv[1] ?? '.');
export const WEATHER_CASSETTE = join(here, 'cassettes', 'weather-agent.json');

/** The question the tests ask; the address is redacted in the cassette file. */
export const QUESTION = 'What is the weather in Paris? I am alice@example.com.';

const weatherSchema = z.object({ city: z.string() });
const description = 'Current weather of a city';

/** The live tool: what the recording ran. */
export const weatherTool = tool(async ({ city }) => `Sunny and 21°C in ${city}`, {
  name: 'weather',
  description,
  schema: weatherSchema,
});

/** A tool with the same name and schema that fails if it ever runs: replays must not run tools. */
export const throwingWeatherTool = tool(
  async () => {
    throw new Error('weather must not run during a replay');
  },
  { name: 'weather', description, schema: weatherSchema },
);

/** The scripted model the cassette was recorded from: a tool call, then the answer. */
export function recordingModel() {
  return fakeModel()
    .respond(
      new AIMessage({
        content: '',
        tool_calls: [{ id: 'call_1', name: 'weather', args: { city: 'Paris' }, type: 'tool_call' }],
        usage_metadata: { input_tokens: 120, output_tokens: 18, total_tokens: 138 },
        response_metadata: { model_name: 'acme-weather-1' },
      }),
    )
    .respond(
      new AIMessage({
        content: 'It is sunny and 21°C in Paris.',
        usage_metadata: { input_tokens: 160, output_tokens: 12, total_tokens: 172 },
        response_metadata: { model_name: 'acme-weather-1' },
      }),
    );
}

/** A model that fails if it is ever called: replays must not call the model. */
export function throwingModel() {
  return fakeModel().alwaysThrow(new Error('the model must not be called during a replay'));
}

/** The weather agent, answering from `cassette`. */
export function weatherAgent(
  cassette: CassetteSource,
  model = throwingModel(),
  tools: StructuredToolInterface[] = [throwingWeatherTool],
) {
  return createAgent({
    model,
    tools,
    systemPrompt: 'You are a weather assistant.',
    middleware: [cassetteMiddleware(cassette)],
  });
}

async function record(): Promise<void> {
  const cassette = await Cassette.open(WEATHER_CASSETTE, { mode: 'record', redact: true });
  await weatherAgent(cassette, recordingModel(), [weatherTool]).invoke({
    messages: [{ role: 'user', content: QUESTION }],
  });
  await cassette.save();
  console.log(`recorded ${cassette.entries.length} calls into ${WEATHER_CASSETTE}`);
}

if (process.argv[2] === 'record') void record();
