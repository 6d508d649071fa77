// Crash safety: a child process writing at full speed is killed with SIGKILL at seeded random
// points; what it reported as durable must be there, complete, and readable.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ALLOW, createContext, deserialize } from '@clearstone/core';
import { CheckpointManager } from '@clearstone/debugging';
import { AuditTrail, verifyAuditFile } from '@clearstone/policy';
import { checkDatabase, isCompleteSpan } from './support/check-database';
import { startChild } from './support/run-child';
import { seededRandom, suiteSeed } from './support/seeded-random';
import { spanChecksum } from './support/span-checksum';
import { makeTempDir } from './support/temp-dir';
import { testTimeout } from './support/test-timeout';

const RUNS = Number(process.env.RELIABILITY_CRASH_RUNS ?? 20);
const random = seededRandom(suiteSeed(20260101));
const temp = makeTempDir('crash');
jest.setTimeout(testTimeout(180_000));
afterAll(() => temp.remove());

/** Starts the child, waits until it is ready, lets it work for a seeded random time, then SIGKILLs it. */
async function killAtRandomPoint(script: string, args: string[], minMs: number, maxMs: number): Promise<string[]> {
  const child = startChild(script, args);
  await child.waitForLine((line) => line === 'ready');
  const delay = minMs + Math.floor(random() * (maxMs - minMs));
  await new Promise((resolve) => setTimeout(resolve, delay));
  child.process.kill('SIGKILL');
  expect(await child.exited).toBe('SIGKILL');
  await new Promise((resolve) => setImmediate(resolve));
  return child.lines;
}

/** Runs `count` jobs, two at a time (the CI machine has two cores). */
async function inPairs(count: number, job: (run: number) => Promise<void>): Promise<void> {
  for (let run = 0; run < count; run += 2) await Promise.all([job(run), ...(run + 1 < count ? [job(run + 1)] : [])]);
}

const figures = {
  traceKills: 0,
  spansChecked: 0,
  flushedSpansConfirmed: 0,
  auditKills: 0,
  auditEntries: 0,
  auditTornTails: 0,
  checkpointKills: 0,
  checkpointsLoaded: 0,
  leftoverTempFiles: 0,
};

function parses(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/** Opens the sink as the next process would, records `count` decisions, and returns the codes of the warnings emitted. */
function continueSink(sinkPath: string, count: number): unknown[] {
  const codes: unknown[] = [];
  const spy = jest.spyOn(process, 'emitWarning').mockImplementation((_warning: string | Error, options?: unknown) => {
    codes.push((options as { code?: unknown } | undefined)?.code);
  });
  try {
    const trail = new AuditTrail({ sinkPath, maxEntries: 10 });
    for (let index = 0; index < count; index++)
      trail.recordDecision('after-crash', createContext({ userId: 'u', agentId: 'crash-agent' }), ALLOW);
    trail.close();
  } finally {
    spy.mockRestore();
  }
  return codes;
}
afterAll(() => console.log(`crash figures: ${JSON.stringify(figures)}`));

describe('SIGKILL while tracing to SQLite', () => {
  it(`keeps every flushed span, complete, in an intact database (${RUNS} kills)`, async () => {
    await inPairs(RUNS, async (run) => {
      const dbPath = path.join(temp.path, `traces-${run}.db`);
      const lines = await killAtRandomPoint('trace-writer.ts', [dbPath, String(run + 1)], 100, 700);
      const flushed = lines.filter((line) => line.startsWith('flushed ')).flatMap((line) => line.slice(8).split(','));
      const { integrity, rowCount, spans } = checkDatabase(dbPath);
      expect(integrity).toBe('ok');
      expect(spans).toHaveLength(rowCount);
      // Plain checks collected into one assertion: tens of thousands of spans per run.
      const stored = new Set<string>();
      const problems: string[] = [];
      for (const span of spans) {
        stored.add(span.spanId);
        if (!isCompleteSpan(span)) problems.push(`incomplete span ${span.spanId}`);
        if (span.name === 'batch') continue;
        const { seq, payload, check } = span.attributes as { seq: number; payload: string; check: string };
        if (check !== spanChecksum(span.name, seq, payload))
          problems.push(`attributes of ${span.spanId} do not match their checksum`);
        const input = span.input?.captured
          ? (deserialize(span.input.data) as { current: number; payload: string })
          : undefined;
        if (input?.current !== seq || input.payload !== payload)
          problems.push(`input snapshot of ${span.spanId} is wrong`);
        if (!span.output?.captured || deserialize(span.output.data) !== seq)
          problems.push(`output snapshot of ${span.spanId} is wrong`);
      }
      expect(problems.slice(0, 5)).toEqual([]);
      const missing = flushed.filter((spanId) => !stored.has(spanId));
      expect(missing).toEqual([]);
      figures.traceKills += 1;
      figures.spansChecked += spans.length;
      figures.flushedSpansConfirmed += flushed.length;
    });
    expect(figures.flushedSpansConfirmed).toBeGreaterThan(0);
  });
});

describe('SIGKILL while appending to the audit JSONL sink', () => {
  it(`leaves a file whose chain verifies and holds every entry reported written (${RUNS} kills)`, async () => {
    await inPairs(RUNS, async (run) => {
      const sinkPath = path.join(temp.path, `audit-${run}`, 'decisions.jsonl');
      const lines = await killAtRandomPoint('audit-writer.ts', [sinkPath], 100, 700);
      const reports = lines.filter((line) => line.startsWith('written ')).map((line) => line.split(' '));
      const text = readFileSync(sinkPath, 'utf8');
      const fileLines = text.split('\n');
      if (fileLines[fileLines.length - 1] === '') fileLines.pop();
      // Torn: the write stopped inside the last line (a whole entry merely missing its newline is not torn).
      const tornTail = !text.endsWith('\n') && !parses(fileLines[fileLines.length - 1]);
      const verification = verifyAuditFile(sinkPath);
      if (tornTail) {
        // A partial last line is reported as a torn tail at its own index, and nothing before it.
        expect(verification).toMatchObject({ ok: false, firstInvalidIndex: fileLines.length - 1, tornTail: true });
        figures.auditTornTails += 1;
      } else {
        expect(verification).toMatchObject({ ok: true, checked: fileLines.length });
      }
      // The next process continues the file on the same chain, torn tail or not, and the whole file verifies.
      const complete = tornTail ? fileLines.length - 1 : fileLines.length;
      const warnings = continueSink(sinkPath, 5);
      expect(warnings).toEqual(tornTail ? ['CLEARSTONE_AUDIT_TAIL_RECOVERED'] : []);
      expect(verifyAuditFile(sinkPath)).toEqual({ ok: true, checked: complete + 5 });
      const last = reports[reports.length - 1];
      if (last !== undefined) {
        const count = Number(last[1]);
        expect(complete).toBeGreaterThanOrEqual(count);
        expect((JSON.parse(fileLines[count - 1]) as { hash: string }).hash).toBe(last[2]);
      }
      figures.auditKills += 1;
      figures.auditEntries += complete;
    });
  });

  it('recovers a truncated last line (as after a torn write): moved aside, chain continued, whole file verifies', async () => {
    const dir = makeTempDir('audit-torn');
    try {
      const sinkPath = path.join(dir.path, 'decisions.jsonl');
      const lines = await killAtRandomPoint('audit-writer.ts', [sinkPath], 300, 301);
      expect(lines.some((line) => line.startsWith('written '))).toBe(true);
      const text = readFileSync(sinkPath, 'utf8').trimEnd();
      const complete = text.split('\n');
      const torn = text.slice(0, text.length - 40);
      writeFileSync(sinkPath, torn);
      expect(verifyAuditFile(sinkPath)).toEqual({
        ok: false,
        checked: complete.length,
        firstInvalidIndex: complete.length - 1,
        reason: `line ${complete.length} is incomplete (a write cut short, e.g. by a crash); the ${complete.length - 1} entries before it verify`,
        tornTail: true,
      });
      expect(continueSink(sinkPath, 3)).toEqual(['CLEARSTONE_AUDIT_TAIL_RECOVERED']);
      expect(readFileSync(`${sinkPath}.torn`, 'utf8')).toBe(`${complete[complete.length - 1].slice(0, -40)}\n`);
      expect(verifyAuditFile(sinkPath)).toEqual({ ok: true, checked: complete.length - 1 + 3 });

      // Damage anywhere else is still refused, torn tail or not.
      const intact = readFileSync(sinkPath, 'utf8').split('\n');
      const damaged = [intact[0], intact[2], ...intact.slice(3)].join('\n').slice(0, -30);
      writeFileSync(sinkPath, damaged);
      expect(() => new AuditTrail({ sinkPath })).toThrow(expect.objectContaining({ code: 'AUDIT_SINK_INVALID' }));
      expect(readFileSync(sinkPath, 'utf8')).toBe(damaged);
    } finally {
      dir.remove();
    }
  });
});

describe('SIGKILL while writing checkpoints', () => {
  it(`never exposes a truncated .ckpt file, and every reported checkpoint loads (${RUNS} kills)`, async () => {
    await inPairs(RUNS, async (run) => {
      const dir = path.join(temp.path, `checkpoints-${run}`);
      const lines = await killAtRandomPoint('checkpoint-writer.ts', [dir], 50, 1200);
      const created = lines.filter((line) => line.startsWith('created ')).map((line) => line.slice(8));
      const manager = new CheckpointManager({ dir });
      const files = readdirSync(dir);
      const visible = files.filter((name) => name.endsWith('.ckpt'));
      for (const name of visible) {
        const checkpoint = manager.loadCheckpoint(path.join(dir, name));
        expect((checkpoint.state as { messages: string[] }).messages.length).toBeGreaterThanOrEqual(1000);
      }
      const listed = new Set(manager.listCheckpoints().map((summary) => summary.checkpointId));
      expect(listed.size).toBe(visible.length);
      expect(created.filter((id) => !listed.has(id))).toEqual([]);
      figures.checkpointKills += 1;
      figures.checkpointsLoaded += visible.length;
      figures.leftoverTempFiles += files.filter((name) => name.endsWith('.tmp')).length;
    });
  });
});
