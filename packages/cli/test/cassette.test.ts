import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpanKind } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';
import { cliIn, requireBuiltCli, temporaryDirectory, type CliRun } from './helpers/run-cli-process';

// Each test runs the built CLI as child processes; a loaded machine needs more than Jest's default 5 s.
jest.setTimeout(60_000);

let project: string;
let traceId: string;
let cli: (...args: string[]) => Promise<CliRun>;

/** One agent run: a model call asking for `charge`, the tool, a blocked `delete_database`, and the answer. */
async function recordRun(dbPath: string): Promise<string> {
  const provider = new TracerProvider({ dbPath });
  const tracer = provider.getTracer('support-agent', '1.0.0');
  const id = await tracer.span(
    'invoke_agent billing',
    { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'billing' } },
    async (root) => {
      await tracer.span(
        'chat gpt-4o',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': 'gpt-4o',
            'gen_ai.response.model': 'gpt-4o-2024-08-06',
            'gen_ai.usage.input_tokens': 900,
            'gen_ai.usage.output_tokens': 120,
          },
          input: [{ role: 'user', content: 'Charge card 4111 1111 1111 1111 and mail alice@example.com' }],
        },
        async (span) => {
          span.setOutput({
            role: 'assistant',
            content: '',
            toolCalls: [{ name: 'charge', args: { card: '4111 1111 1111 1111' }, id: 'call_1' }],
          });
        },
      );
      await tracer.span(
        'execute_tool charge',
        {
          attributes: {
            'gen_ai.operation.name': 'execute_tool',
            'gen_ai.tool.name': 'charge',
            'gen_ai.tool.call.id': 'call_1',
          },
          input: { card: '4111 1111 1111 1111' },
        },
        async (span) => {
          span.setOutput({ role: 'tool', content: 'charged', name: 'charge', toolCallId: 'call_1' });
        },
      );
      await tracer.span(
        'execute_tool delete_database',
        {
          attributes: {
            'gen_ai.operation.name': 'execute_tool',
            'gen_ai.tool.name': 'delete_database',
            'clearstone.governed.outcome': 'blocked',
          },
        },
        async () => undefined,
      );
      await tracer.span(
        'chat gpt-4o',
        {
          kind: SpanKind.CLIENT,
          attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' },
          input: [{ role: 'user', content: 'Charge it' }],
        },
        async (span) => {
          span.setOutput({ role: 'assistant', content: 'Done.' });
        },
      );
      return root.traceId;
    },
  );
  await provider.shutdown();
  return id;
}

interface CassetteFileShape {
  format: string;
  version: number;
  entries: Array<{ request: { kind: string; name: string; args?: unknown }; response: Record<string, unknown> }>;
}

beforeAll(async () => {
  requireBuiltCli();
  project = temporaryDirectory();
  traceId = await recordRun(join(project, 'traces.db'));
  cli = cliIn(project);
});

describe('clearstone cassette from-trace', () => {
  it('writes the calls that ran as a cassette: model calls with usage, tool calls, blocked ones left out', async () => {
    const result = await cli('cassette', 'from-trace', traceId, '--db', 'traces.db', '--out', 'cassettes/run.json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const path = join(project, 'cassettes', 'run.json');
    expect(result.stdout).toContain(`Wrote ${path}: 2 model calls and 1 tool call from trace ${traceId}.`);
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const file = JSON.parse(text) as CassetteFileShape;
    expect(file.format).toBe('clearstone-cassette');
    expect(file.version).toBe(1);
    expect(file.entries.map((entry) => `${entry.request.kind} ${entry.request.name}`)).toEqual([
      'model gpt-4o',
      'tool charge',
      'model gpt-4o',
    ]);
    expect(file.entries[0].response).toEqual({
      content: '',
      toolCalls: [{ name: 'charge', args: { card: '4111 1111 1111 1111' } }],
      usage: { inputTokens: 900, outputTokens: 120, totalTokens: 1020 },
      responseModel: 'gpt-4o-2024-08-06',
    });
    expect(file.entries[1]).toEqual({
      request: { kind: 'tool', name: 'charge', args: { card: '4111 1111 1111 1111' } },
      response: { content: 'charged' },
    });
    expect(text).not.toContain('call_1');
  });

  it('--redact keeps card numbers and emails out of the file', async () => {
    const result = await cli(
      'cassette',
      'from-trace',
      traceId,
      '--db',
      'traces.db',
      '--out',
      'redacted.json',
      '--redact',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(redacted)');
    const text = readFileSync(join(project, 'redacted.json'), 'utf8');
    expect(text).not.toContain('4111 1111 1111 1111');
    expect(text).not.toContain('alice@example.com');
    expect(text).toContain('[CREDIT_CARD]');
  });

  it('refuses to overwrite a file without --force (exit code 1, like new-policy)', async () => {
    const path = join(project, 'existing.json');
    writeFileSync(path, 'keep me');
    const refused = await cli('cassette', 'from-trace', traceId, '--db', 'traces.db', '--out', 'existing.json');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${path} already exists; pass --force to overwrite it.`);
    expect(readFileSync(path, 'utf8')).toBe('keep me');
    const forced = await cli(
      'cassette',
      'from-trace',
      traceId,
      '--db',
      'traces.db',
      '--out',
      'existing.json',
      '--force',
    );
    expect(forced.code).toBe(0);
    expect((JSON.parse(readFileSync(path, 'utf8')) as CassetteFileShape).entries).toHaveLength(3);
  });

  it('reports bad usage and a missing trace with exit code 2', async () => {
    const missing = await cli('cassette', 'from-trace', 'f'.repeat(32), '--db', 'traces.db', '--out', 'none.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`No trace ${'f'.repeat(32)} in traces.db`);
    expect(existsSync(join(project, 'none.json'))).toBe(false);

    const badId = await cli('cassette', 'from-trace', 'nope', '--db', 'traces.db', '--out', 'none.json');
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain("'nope' is not a trace id");

    const noOut = await cli('cassette', 'from-trace', traceId, '--db', 'traces.db');
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out is required');

    const noCommand = await cli('cassette');
    expect(noCommand.code).toBe(2);
    expect(noCommand.stderr).toContain('Choose from-trace.');
  });

  it('is listed in --help', async () => {
    const help = await cli('--help');
    expect(help.stdout).toContain('clearstone cassette');
    const own = await cli('cassette', 'from-trace', '--help');
    expect(own.code).toBe(0);
    expect(own.stdout).toContain('clearstone cassette from-trace <traceId>');
    expect(own.stdout).toContain('--redact');
  });
});
