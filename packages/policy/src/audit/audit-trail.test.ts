import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALERT, ALLOW, BLOCK, PAUSE, REDACT, createContext } from '@clearstone/core';
import { AuditTrail } from './audit-trail';
import { verifyAuditEntries } from './hash-chain';
import { verifyAuditFile } from './verify-audit-file';
import type { AuditEntry } from './types';

const ctx = createContext({ userId: 'alice', agentId: 'agent-7', sessionId: 'session-1' });
const tempDir = () => mkdtempSync(join(tmpdir(), 'clearstone-audit-'));

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') { cell += '"'; index++; }
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') { row.push(cell); cell = ''; }
    else if (char === '\r' && text[index + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; index++; }
    else cell += char;
  }
  return rows;
}

describe('AuditTrail', () => {
  it('records entries in order with policy, decision, reason, ids, error and timestamp', () => {
    const trail = new AuditTrail();
    trail.recordDecision('p1', ctx, ALLOW);
    trail.recordDecision('p2', ctx, BLOCK('denied'), 'boom');
    const [first, second] = trail.entries();
    expect(first).toMatchObject({ policyName: 'p1', decision: 'allow', reason: '', userId: 'alice', agentId: 'agent-7', sessionId: 'session-1', requestId: ctx.requestId, error: null });
    expect(second).toMatchObject({ policyName: 'p2', decision: 'block', reason: 'denied', error: 'boom' });
    expect(new Date(first.timestamp).toISOString()).toBe(first.timestamp);
  });

  it('returns the last `limit` entries, oldest first', () => {
    const trail = new AuditTrail();
    for (let index = 0; index < 10; index++) trail.recordDecision(`policy${index}`, ctx, ALLOW);
    expect(trail.entries(3).map((entry) => entry.policyName)).toEqual(['policy7', 'policy8', 'policy9']);
  });

  it('summarises blocks, alerts, pauses and redactions', () => {
    const trail = new AuditTrail();
    expect(trail.summary()).toEqual({ totalDecisions: 0, blocks: 0, alerts: 0, pauses: 0, redactions: 0, blockRate: 0 });
    for (const decision of [BLOCK('a'), BLOCK('b'), ALERT('c'), ALLOW, PAUSE('d'), REDACT({ fields: ['x'] })]) trail.recordDecision('p', ctx, decision);
    expect(trail.summary()).toEqual({ totalDecisions: 6, blocks: 2, alerts: 1, pauses: 1, redactions: 1, blockRate: 2 / 6 });
    const allBlocks = new AuditTrail();
    allBlocks.recordDecision('p', ctx, BLOCK('a'));
    expect(allBlocks.summary().blockRate).toBe(1);
  });

  it('holds at most maxEntries but summarises everything recorded, and its chain still verifies', () => {
    const trail = new AuditTrail({ maxEntries: 5 });
    for (let index = 0; index < 12; index++) trail.recordDecision(`p${index}`, ctx, index % 2 ? BLOCK('b') : ALLOW);
    expect(trail.size).toBe(5);
    expect(trail.entries().map((entry) => entry.policyName)).toEqual(['p7', 'p8', 'p9', 'p10', 'p11']);
    expect(trail.summary()).toMatchObject({ totalDecisions: 12, blocks: 6 });
    expect(trail.verify()).toEqual({ ok: true, checked: 5 });
    const counting = new AuditTrail({ maxEntries: 0 });
    counting.recordDecision('p', ctx, BLOCK('b'));
    expect(counting.entries()).toEqual([]);
    expect(counting.summary().blocks).toBe(1);
  });

  it('exports a JSON array and a CSV that a reader parses back', () => {
    const dir = tempDir();
    const trail = new AuditTrail();
    trail.recordDecision('p1', createContext({ userId: 'u1', agentId: 'a' }), BLOCK('has, comma and "quotes"\nand a newline'));
    trail.recordDecision('p2', createContext({ userId: 'u2', agentId: 'a' }), ALERT('plain'));
    trail.toJSON(join(dir, 'audit.json'));
    const json = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8')) as AuditEntry[];
    expect(json.map((entry) => [entry.policyName, entry.userId, entry.agentId, entry.decision])).toEqual([['p1', 'u1', 'a', 'block'], ['p2', 'u2', 'a', 'alert']]);
    trail.toCSV(join(dir, 'audit.csv'));
    const text = readFileSync(join(dir, 'audit.csv'), 'utf8');
    const [header, ...rows] = parseCsv(text);
    expect(header.slice(0, 5)).toEqual(['timestamp', 'policyName', 'decision', 'reason', 'userId']);
    expect(rows.map((row) => [row[1], row[2], row[3], row[4]])).toEqual([
      ['p1', 'block', 'has, comma and "quotes"\nand a newline', 'u1'],
      ['p2', 'alert', 'plain', 'u2'],
    ]);
  });

  it('neutralises spreadsheet formulas in CSV cells', () => {
    const dir = tempDir();
    const trail = new AuditTrail();
    for (const reason of ['=HYPERLINK("http://x","y")', '+1+2', '-3', '@SUM(A1)', '\tTAB', 'safe=text']) trail.recordDecision('p', ctx, BLOCK(reason));
    trail.toCSV(join(dir, 'audit.csv'));
    const reasons = parseCsv(readFileSync(join(dir, 'audit.csv'), 'utf8')).slice(1).map((row) => row[3]);
    expect(reasons).toEqual([`'=HYPERLINK("http://x","y")`, "'+1+2", "'-3", "'@SUM(A1)", "'\tTAB", 'safe=text']);
  });

  it('writes a header-only CSV and an empty JSON array for an empty trail', () => {
    const dir = tempDir();
    const trail = new AuditTrail();
    trail.toCSV(join(dir, 'empty.csv'));
    trail.toJSON(join(dir, 'empty.json'));
    expect(parseCsv(readFileSync(join(dir, 'empty.csv'), 'utf8'))).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, 'empty.json'), 'utf8'))).toEqual([]);
  });

  it('reports an export it cannot write with a coded error', () => {
    const trail = new AuditTrail();
    expect(() => trail.toJSON(join(tempDir(), 'missing-dir', 'x.json'))).toThrow(expect.objectContaining({ code: 'AUDIT_WRITE_FAILED' }));
    expect(() => trail.toCSV('')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('audit hash chain', () => {
  function sampleEntries(): AuditEntry[] {
    const trail = new AuditTrail();
    for (let index = 0; index < 5; index++) trail.recordDecision(`p${index}`, ctx, index === 2 ? BLOCK('blocked') : ALLOW);
    return trail.entries();
  }

  it('verifies an untouched trail', () => {
    const trail = new AuditTrail();
    trail.recordDecision('p', ctx, ALLOW);
    expect(trail.verify()).toEqual({ ok: true, checked: 1 });
  });

  it('finds the first altered, removed or reordered entry', () => {
    const entries = sampleEntries();
    const altered = entries.map((entry, index) => (index === 2 ? { ...entry, decision: 'allow' } : entry));
    expect(verifyAuditEntries(altered)).toMatchObject({ ok: false, firstInvalidIndex: 2, reason: expect.stringContaining('altered') });
    const removed = entries.filter((_, index) => index !== 1);
    expect(verifyAuditEntries(removed)).toMatchObject({ ok: false, firstInvalidIndex: 1 });
    const reordered = [entries[0], entries[2], entries[1], entries[3], entries[4]];
    expect(verifyAuditEntries(reordered)).toMatchObject({ ok: false, firstInvalidIndex: 1 });
    expect(verifyAuditEntries(entries.slice(1))).toMatchObject({ ok: false, firstInvalidIndex: 0 });
    expect(verifyAuditEntries(entries.slice(1), { requireGenesis: false })).toMatchObject({ ok: true });
  });

  it('appends to a JSONL sink, continues the chain across trails, and detects tampering in the file', () => {
    const path = join(tempDir(), 'nested', 'audit.jsonl');
    const first = new AuditTrail({ sinkPath: path });
    first.recordDecision('p1', ctx, ALLOW);
    first.recordDecision('p2', ctx, BLOCK('no'));
    first.close();
    const second = new AuditTrail({ sinkPath: path });
    second.recordDecision('p3', ctx, ALERT('hm'));
    second.close();
    expect(second.verify()).toMatchObject({ ok: true });
    expect(verifyAuditFile(path)).toEqual({ ok: true, checked: 3 });

    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    writeFileSync(path, `${lines.map((line, index) => (index === 1 ? line.replace('"reason":"no"', '"reason":"yes"') : line)).join('\n')}\n`);
    expect(verifyAuditFile(path)).toMatchObject({ ok: false, firstInvalidIndex: 1 });
    writeFileSync(path, `${[lines[0], lines[2]].join('\n')}\n`);
    expect(verifyAuditFile(path)).toMatchObject({ ok: false, firstInvalidIndex: 1 });
    writeFileSync(path, `${[lines[0], '{not json', lines[2]].join('\n')}\n`);
    expect(verifyAuditFile(path)).toMatchObject({ ok: false, firstInvalidIndex: 1, reason: 'line 2 is not valid JSON' });
  });

  it('verifies a toJSON export and refuses to continue a corrupt sink', () => {
    const dir = tempDir();
    const trail = new AuditTrail();
    trail.recordDecision('p', ctx, ALLOW);
    trail.toJSON(join(dir, 'audit.json'));
    expect(verifyAuditFile(join(dir, 'audit.json'))).toEqual({ ok: true, checked: 1 });
    writeFileSync(join(dir, 'bad.jsonl'), 'garbage\n');
    expect(() => new AuditTrail({ sinkPath: join(dir, 'bad.jsonl') })).toThrow(expect.objectContaining({ code: 'AUDIT_SINK_INVALID' }));
    expect(() => verifyAuditFile(join(dir, 'nope.jsonl'))).toThrow(expect.objectContaining({ code: 'AUDIT_FILE_UNREADABLE' }));
    expect(existsSync(join(dir, 'nope.jsonl'))).toBe(false);
  });
});
