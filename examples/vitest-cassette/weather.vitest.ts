// Testing an agent offline with a cassette, in Vitest: the same committed cassette as the Jest
// example, replayed in strict mode with a model and tools that throw if called.
import { Cassette } from '@clearstone/testing';
import { QUESTION, WEATHER_CASSETTE, weatherAgent } from '../cassette-agent';

describe('the weather agent under Vitest', () => {
  it('answers from the committed cassette without calling the model or the tool', async () => {
    const cassette = await Cassette.open(WEATHER_CASSETTE, { mode: 'strict', redact: true });
    const result = await weatherAgent(cassette).invoke({ messages: [{ role: 'user', content: QUESTION }] });
    expect(result.messages.at(-1)?.content).toBe('It is sunny and 21°C in Paris.');
    cassette.assertAllUsed();
  });
});
