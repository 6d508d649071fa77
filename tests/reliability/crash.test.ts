// Crash safety: a child process writing at full speed is killed with SIGKILL at seeded random
// points; what it reported as durable must be there, complete, and readable.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { deserialize } from '@clearstone/core';
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

const figures = { traceKills: 0, spansChecked: 0, flushedSpansConfirmed: 0, auditKills: 0, auditEntries: 0, checkpointKills: 0, checkpointsLoaded: 0, leftoverTempFiles: 0 };
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
        if (check !== spanChecksum(span.name, seq, payload)) problems.push(`attributes of ${span.spanId} do not match their checksum`);
        const input = span.input?.captured ? (deserialize(span.input.data) as { current: number; payload: string }) : undefined;
        if (input?.current !== seq || input.payload !== payload) problems.push(`input snapshot of ${span.spanId} is wrong`);
        if (!span.output?.captured || deserialize(span.output.data) !== seq) problems.push(`output snapshot of ${span.spanId} is wrong`);
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
      const tornTail = !text.endsWith('\n');
      if (fileLines[fileLines.length - 1] === '') fileLines.pop();
      const verification = verifyAuditFile(sinkPath);
      if (tornTail) {
        // A partial last line is damage: it is reported at its own index, and nothing before it.
        expect(verification).toMatchObject({ ok: false, firstInvalidIndex: fileLines.length - 1 });
      } else {
        expect(verification).toMatchObject({ ok: true, checked: fileLines.length });
        // An intact file is continued by the next process, on the same chain.
        const reopened = new AuditTrail({ sinkPath, maxEntries: 10 });
        reopened.close();
      }
      const last = reports[reports.length - 1];
      if (last !== undefined) {
        const count = Number(last[1]);
        expect(fileLines.length).toBeGreaterThanOrEqual(count);
        expect((JSON.parse(fileLines[count - 1]!) as { hash: string }).hash).toBe(last[2]);
      }
      figures.auditKills += 1;
      figures.auditEntries += fileLines.length;
    });
  });

  it('reports a truncated last line (as after a torn write) at its index, and keeps the entries before it', async () => {
    const dir = makeTempDir('audit-torn');
    try {
      const sinkPath = path.join(dir.path, 'decisions.jsonl');
      const lines = await killAtRandomPoint('audit-writer.ts', [sinkPath], 300, 301);
      expect(lines.some((line) => line.startsWith('written '))).toBe(true);
      const text = readFileSync(sinkPath, 'utf8').trimEnd();
      const complete = text.split('\n');
      const torn = `${text.slice(0, text.length - 40)}`;
      const { writeFileSync } = await import('node:fs');
      writeFileSync(sinkPath, torn);
      expect(verifyAuditFile(sinkPath)).toEqual({ ok: false, checked: complete.length, firstInvalidIndex: complete.length - 1, reason: `line ${complete.length} is not valid JSON` });
      // Continuing a chain whose tail cannot be read is refused with a coded error.
      expect(() => new AuditTrail({ sinkPath })).toThrow(expect.objectContaining({ code: 'AUDIT_SINK_INVALID' }));
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
