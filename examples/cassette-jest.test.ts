// Testing an agent offline with a cassette, in Jest: the committed cassette is replayed in strict
// mode (every recorded call must be used, none may be missing), with a model and tools that throw
// if called — so the test runs in CI with no model, no network and the same answer every time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cassette } from '@clearstone/testing';
import type { AIMessage } from '@langchain/core/messages';
import {
  QUESTION,
  WEATHER_CASSETTE,
  recordingModel,
  throwingWeatherTool,
  weatherAgent,
  weatherTool,
} from './cassette-agent';

const ask = (content: string) => ({ messages: [{ role: 'user', content }] });

describe('the weather agent, replayed from a cassette', () => {
  it('answers from the committed cassette without calling the model or the tool', async () => {
    const cassette = await Cassette.open(WEATHER_CASSETTE, { mode: 'strict', redact: true });
    const result = await weatherAgent(cassette).invoke(ask(QUESTION));

    const answer = result.messages.at(-1) as AIMessage;
    expect(answer.content).toBe('It is sunny and 21°C in Paris.');
    expect(answer.usage_metadata).toMatchObject({ input_tokens: 160, output_tokens: 12 });
    expect(result.messages.find((message) => message.getType() === 'tool')?.content).toBe('Sunny and 21°C in Paris');
    cassette.assertAllUsed(); // strict: a recording the run no longer makes fails the test
  });

  it('fails with a readable difference when the prompt changes', async () => {
    const cassette = await Cassette.open(WEATHER_CASSETTE, { mode: 'strict', redact: true });
    await expect(weatherAgent(cassette).invoke(ask('What is the weather in Rome?'))).rejects.toThrow(
      /No recording .* answers this model call/,
    );
  });

  it('records on the first run and replays on the next', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'clearstone-cassette-example-'));
    try {
      const path = join(directory, 'weather.json');
      // First run: live (here a scripted fake model; in your project, the real one), recorded.
      const recording = await Cassette.open(path, { mode: 'record', redact: true });
      await weatherAgent(recording, recordingModel(), [weatherTool]).invoke(ask(QUESTION));
      await recording.save();

      // Next runs: replayed; the model and the tool would throw if they were called.
      const replay = await Cassette.open(path, { mode: 'replay', redact: true });
      const result = await weatherAgent(replay, undefined, [throwingWeatherTool]).invoke(ask(QUESTION));
      expect(result.messages.at(-1)?.content).toBe('It is sunny and 21°C in Paris.');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
