/**
 * Replay speed of a cassette: a 20-step `createAgent` run (20 tool calls, each followed by another
 * model call, then the answer: 21 model calls and 20 tool calls) replayed from a cassette by
 * `cassetteMiddleware` — with a model and tools that throw if called — against the same agent run
 * live on `fakeModel` (the baseline: the cheapest possible live run, no network), in ms per run
 * and as a ratio. The cassette is the `Cassette` of @clearstone/testing when it is built, else a
 * minimal in-memory one with the same interface (what the run prints says which).
 *
 * Run (after building core, policy, testing and langchain with tsup):
 *   node_modules/.bin/tsx benchmarks/cassette.bench.ts [runs]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cassetteMiddleware, type CassetteRequest, type CassetteSource } from '@clearstone/langchain/testing';
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { createAgent, tool } from 'langchain';
import { z } from 'zod';

const RUNS = Number(process.argv[2] ?? 200);
const STEPS = 20;

type Response = Parameters<CassetteSource['record']>[1];

/** Recordings matched in order by their JSON (used when @clearstone/testing has no `Cassette` yet). */
class MemoryCassette implements CassetteSource {
  private readonly entries: Array<{ key: string; response: Response }> = [];
  private used = new Set<number>();
  constructor(public mode: 'record' | 'replay') {}
  replay(request: CassetteRequest): Response | undefined {
    const key = JSON.stringify(request);
    const index = this.entries.findIndex((entry, i) => !this.used.has(i) && entry.key === key);
    if (index >= 0) {
      this.used.add(index);
      return this.entries[index].response;
    }
    if (this.mode === 'replay') throw new Error(`UNRECORDED_CALL ${key}`);
    return undefined;
  }
  record(request: CassetteRequest, response: Response): void {
    this.entries.push({ key: JSON.stringify(request), response });
  }
  replaying(): MemoryCassette {
    const copy = new MemoryCassette('replay');
    copy.entries.push(...this.entries);
    return copy;
  }
}

const schema = z.object({ step: z.number() });

function liveAgent(middleware: ReturnType<typeof cassetteMiddleware>[] = []) {
  let model = fakeModel();
  for (let step = 0; step < STEPS; step += 1)
    model = model.respond(
      new AIMessage({
        content: '',
        tool_calls: [{ id: `call_${step}`, name: 'lookup', args: { step }, type: 'tool_call' }],
        usage_metadata: { input_tokens: 100 + step, output_tokens: 10, total_tokens: 110 + step },
      }),
    );
  model = model.respond(
    new AIMessage({
      content: 'All 20 steps done.',
      usage_metadata: { input_tokens: 200, output_tokens: 8, total_tokens: 208 },
    }),
  );
  const lookup = tool(async ({ step }) => `result of step ${step}`, {
    name: 'lookup',
    description: 'Looks up a step',
    schema,
  });
  return createAgent({ model, tools: [lookup], middleware });
}

function throwingAgent(middleware: ReturnType<typeof cassetteMiddleware>[]) {
  const lookup = tool(
    async () => {
      throw new Error('the tool must not run during replay');
    },
    { name: 'lookup', description: 'Looks up a step', schema },
  );
  return createAgent({
    model: fakeModel().alwaysThrow(new Error('the model must not be called')),
    tools: [lookup],
    middleware,
  });
}

const input = { messages: [{ role: 'user', content: 'Run the 20 steps.' }] };
// 20 steps take 42 graph steps, above LangGraph's default limit of 25.
const config = { recursionLimit: 100 };

async function timeRuns(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 10; i += 1) await run(); // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < RUNS; i += 1) await run();
  return Number(process.hrtime.bigint() - started) / 1e6 / RUNS;
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'clearstone-cassette-bench-'));
  const testing = (await import('@clearstone/testing')) as Record<string, unknown>;
  const Cassette = testing.Cassette as
    { open(path: string, options: { mode: string }): Promise<CassetteSource & { save(): Promise<void> }> } | undefined;
  try {
    let recording: CassetteSource & { save?: () => Promise<void> };
    let openReplay: () => Promise<CassetteSource>;
    const path = join(directory, 'twenty-steps.json');
    if (Cassette) {
      recording = await Cassette.open(path, { mode: 'record' });
      openReplay = () => Cassette.open(path, { mode: 'replay' });
    } else {
      const memory = new MemoryCassette('record');
      recording = memory;
      openReplay = async () => memory.replaying();
    }
    const recorded = await liveAgent([cassetteMiddleware(recording)]).invoke(input, config);
    await recording.save?.();
    const check = await throwingAgent([cassetteMiddleware(await openReplay())]).invoke(input, config);
    if (check.messages.at(-1)?.content !== recorded.messages.at(-1)?.content)
      throw new Error('the replay differs from the recording');

    const live = await timeRuns(() => liveAgent().invoke(input, config));
    const replay = await timeRuns(async () =>
      throwingAgent([cassetteMiddleware(await openReplay())]).invoke(input, config),
    );
    const recordRun = await timeRuns(() =>
      liveAgent([cassetteMiddleware(new MemoryCassette('record'))]).invoke(input, config),
    );
    console.log(
      `20-step agent (21 model calls, 20 tool calls), ${RUNS} runs each; cassette: ${Cassette ? 'Cassette (@clearstone/testing, opened from its file every run)' : 'in-memory'}`,
    );
    console.log('| Run | ms / run | Ratio to live |');
    console.log('|---|---:|---|');
    console.log(`| live on fakeModel (baseline) | ${live.toFixed(2)} | 1× |`);
    console.log(`| replayed by cassetteMiddleware | ${replay.toFixed(2)} | ${(replay / live).toFixed(2)}× |`);
    console.log(
      `| live and recorded (in-memory cassette) | ${recordRun.toFixed(2)} | ${(recordRun / live).toFixed(2)}× |`,
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

await main();
