import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..');

describe('examples/otlp-export.ts', () => {
  it('exports the agent run, including the span of the HTTP tool service, as one trace to the local OTLP endpoint', async () => {
    const { stdout } = await run(join(root, 'node_modules/.bin/tsx'), [join(__dirname, 'otlp-export.ts')], {
      cwd: root,
    });
    const lines = stdout.trim().split('\n');
    expect(lines.filter((line) => line.startsWith('collector: '))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^collector: application\/json request with \d span\(s\) so far, authorization: Bearer demo-token$/,
        ),
      ]),
    );
    expect(lines.filter((line) => !line.startsWith('collector: '))).toEqual([
      "received 4 spans from service weather-bot in 1 trace(s); trace matches the root's",
      'invoke_agent weather-bot [INTERNAL] OK gen_ai.operation.name=invoke_agent gen_ai.agent.name=weather-bot',
      '  chat gpt-4o [CLIENT] OK gen_ai.operation.name=chat gen_ai.provider.name=openai gen_ai.request.model=gpt-4o gen_ai.usage.input_tokens=42 gen_ai.usage.output_tokens=12',
      '  GET /weather [CLIENT] OK',
      '    execute_tool get_weather [SERVER] OK gen_ai.operation.name=execute_tool gen_ai.tool.name=get_weather',
    ]);
  }, 60_000);
});
