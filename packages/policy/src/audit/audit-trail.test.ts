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
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index++;
    } else cell += char;
  }
  return rows;
}

describe('AuditTrail', () => {
  it('records entries in order with policy, decision, reason, ids, error and timestamp', () => {
    const trail = new AuditTrail();
    trail.recordDecision('p1', ctx, ALLOW);
    trail.recordDecision('p2', ctx, BLOCK('denied'), 'boom');
    const [first, second] = trail.entries();
    expect(first).toMatchObject({
      policyName: 'p1',
      decision: 'allow',
      reason: '',
      userId: 'alice',
      agentId: 'agent-7',
      sessionId: 'session-1',
      requestId: ctx.requestId,
      error: null,
    });
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
    expect(trail.summary()).toEqual({
      totalDecisions: 0,
      blocks: 0,
      alerts: 0,
      pauses: 0,
      redactions: 0,
      blockRate: 0,
    });
    for (const decision of [BLOCK('a'), BLOCK('b'), ALERT('c'), ALLOW, PAUSE('d'), REDACT({ fields: ['x'] })])
      trail.recordDecision('p', ctx, decision);
    expect(trail.summary()).toEqual({
      totalDecisions: 6,
      blocks: 2,
      alerts: 1,
      pauses: 1,
      redactions: 1,
      blockRate: 2 / 6,
    });
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
    trail.recordDecision(
      'p1',
      createContext({ userId: 'u1', agentId: 'a' }),
      BLOCK('has, comma and "quotes"\nand a newline'),
    );
    trail.recordDecision('p2', createContext({ userId: 'u2', agentId: 'a' }), ALERT('plain'));
    trail.toJSON(join(dir, 'audit.json'));
    const json = JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8')) as AuditEntry[];
    expect(json.map((entry) => [entry.policyName, entry.userId, entry.agentId, entry.decision])).toEqual([
      ['p1', 'u1', 'a', 'block'],
      ['p2', 'u2', 'a', 'alert'],
    ]);
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
    for (const reason of ['=HYPERLINK("http://x","y")', '+1+2', '-3', '@SUM(A1)', '\tTAB', 'safe=text'])
      trail.recordDecision('p', ctx, BLOCK(reason));
    trail.toCSV(join(dir, 'audit.csv'));
    const reasons = parseCsv(readFileSync(join(dir, 'audit.csv'), 'utf8'))
      .slice(1)
      .map((row) => row[3]);
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
    expect(() => trail.toJSON(join(tempDir(), 'missing-dir', 'x.json'))).toThrow(
      expect.objectContaining({ code: 'AUDIT_WRITE_FAILED' }),
    );
    expect(() => trail.toCSV('')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('audit hash chain', () => {
  function sampleEntries(): AuditEntry[] {
    const trail = new AuditTrail();
    for (let index = 0; index < 5; index++)
      trail.recordDecision(`p${index}`, ctx, index === 2 ? BLOCK('blocked') : ALLOW);
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
    expect(verifyAuditEntries(altered)).toMatchObject({
      ok: false,
      firstInvalidIndex: 2,
      reason: expect.stringContaining('altered'),
    });
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
    writeFileSync(
      path,
      `${lines.map((line, index) => (index === 1 ? line.replace('"reason":"no"', '"reason":"yes"') : line)).join('\n')}\n`,
    );
    expect(verifyAuditFile(path)).toMatchObject({ ok: false, firstInvalidIndex: 1 });
    writeFileSync(path, `${[lines[0], lines[2]].join('\n')}\n`);
    expect(verifyAuditFile(path)).toMatchObject({ ok: false, firstInvalidIndex: 1 });
    writeFileSync(path, `${[lines[0], '{not json', lines[2]].join('\n')}\n`);
    expect(verifyAuditFile(path)).toMatchObject({
      ok: false,
      firstInvalidIndex: 1,
      reason: 'line 2 is not valid JSON',
    });
  });

  it('verifies a toJSON export and refuses to continue a corrupt sink', () => {
    const dir = tempDir();
    const trail = new AuditTrail();
    trail.recordDecision('p', ctx, ALLOW);
    trail.toJSON(join(dir, 'audit.json'));
    expect(verifyAuditFile(join(dir, 'audit.json'))).toEqual({ ok: true, checked: 1 });
    writeFileSync(join(dir, 'bad.jsonl'), 'garbage\n');
    expect(() => new AuditTrail({ sinkPath: join(dir, 'bad.jsonl') })).toThrow(
      expect.objectContaining({ code: 'AUDIT_SINK_INVALID' }),
    );
    expect(() => verifyAuditFile(join(dir, 'nope.jsonl'))).toThrow(
      expect.objectContaining({ code: 'AUDIT_FILE_UNREADABLE' }),
    );
    expect(existsSync(join(dir, 'nope.jsonl'))).toBe(false);
  });

  describe('a sink whose last line was cut short (a crash mid-write)', () => {
    /** A sink holding `count` entries, returned with its complete lines. */
    function sinkWith(count: number): { path: string; lines: string[] } {
      const path = join(tempDir(), 'audit.jsonl');
      const trail = new AuditTrail({ sinkPath: path });
      for (let index = 0; index < count; index++)
        trail.recordDecision(`p${index}`, ctx, index % 2 === 0 ? ALLOW : BLOCK('no'));
      trail.close();
      return { path, lines: readFileSync(path, 'utf8').trimEnd().split('\n') };
    }

    /** Runs `fn` and returns the warnings it emitted. */
    function warningsOf(fn: () => void): Array<{ message: string; code: unknown }> {
      const warnings: Array<{ message: string; code: unknown }> = [];
      const spy = jest
        .spyOn(process, 'emitWarning')
        .mockImplementation((warning: string | Error, options?: unknown) => {
          warnings.push({ message: String(warning), code: (options as { code?: unknown } | undefined)?.code });
        });
      try {
        fn();
      } finally {
        spy.mockRestore();
      }
      return warnings;
    }

    it('is reported by verifyAuditFile as a torn tail, distinct from tampering', () => {
      const { path, lines } = sinkWith(3);
      writeFileSync(path, `${lines.slice(0, 2).join('\n')}\n${lines[2].slice(0, 25)}`);
      expect(verifyAuditFile(path)).toEqual({
        ok: false,
        checked: 3,
        firstInvalidIndex: 2,
        reason: 'line 3 is incomplete (a write cut short, e.g. by a crash); the 2 entries before it verify',
        tornTail: true,
      });
      // Tampering before a torn tail is reported as tampering.
      writeFileSync(
        path,
        `${lines[0].replace('"policyName":"p0"', '"policyName":"px"')}\n${lines[1]}\n${lines[2].slice(0, 25)}`,
      );
      const tampered = verifyAuditFile(path);
      expect(tampered).toMatchObject({ ok: false, firstInvalidIndex: 0 });
      expect(tampered.tornTail).toBeUndefined();
      // A broken line that is not the last one is not a torn tail.
      writeFileSync(path, `${lines[0]}\n${lines[1].slice(0, 25)}\n${lines[2]}\n`);
      expect(verifyAuditFile(path)).toEqual({
        ok: false,
        checked: 2,
        firstInvalidIndex: 1,
        reason: 'line 2 is not valid JSON',
      });
    });

    it('is moved to <sink>.torn on open, with one warning, and the chain continues', () => {
      const { path, lines } = sinkWith(3);
      const torn = lines[2].slice(0, 40);
      writeFileSync(path, `${lines.slice(0, 2).join('\n')}\n${torn}`);
      let trail: AuditTrail | undefined;
      const warnings = warningsOf(() => (trail = new AuditTrail({ sinkPath: path })));
      expect(warnings).toHaveLength(1);
      expect(warnings[0].code).toBe('CLEARSTONE_AUDIT_TAIL_RECOVERED');
      expect(warnings[0].message).toContain(`${path}.torn`);
      expect(readFileSync(`${path}.torn`, 'utf8')).toBe(`${torn}\n`);
      expect(readFileSync(path, 'utf8')).toBe(`${lines.slice(0, 2).join('\n')}\n`);
      trail!.recordDecision('after', ctx, ALERT('continued'));
      trail!.close();
      expect(verifyAuditFile(path)).toEqual({ ok: true, checked: 3 });
      expect(JSON.parse(readFileSync(path, 'utf8').trimEnd().split('\n')[2]).previousHash).toBe(
        JSON.parse(lines[1]).hash,
      );
      // A second crash appends to the same side file; nothing there is overwritten.
      const again = readFileSync(path, 'utf8');
      writeFileSync(path, `${again}{"timestamp":"20`);
      expect(warningsOf(() => new AuditTrail({ sinkPath: path }).close())).toHaveLength(1);
      expect(readFileSync(`${path}.torn`, 'utf8')).toBe(`${torn}\n{"timestamp":"20\n`);
      expect(verifyAuditFile(path)).toEqual({ ok: true, checked: 3 });
    });

    it('starts a new chain when the only line was torn', () => {
      const { path, lines } = sinkWith(1);
      writeFileSync(path, lines[0].slice(0, 30));
      expect(
        warningsOf(() => {
          const trail = new AuditTrail({ sinkPath: path });
          trail.recordDecision('first', ctx, ALLOW);
          trail.close();
        }),
      ).toHaveLength(1);
      expect(verifyAuditFile(path)).toEqual({ ok: true, checked: 1 });
    });

    it('finishes a last entry that was written whole but without its newline', () => {
      const { path, lines } = sinkWith(2);
      writeFileSync(path, lines.join('\n'));
      expect(
        warningsOf(() => {
          const trail = new AuditTrail({ sinkPath: path });
          trail.recordDecision('next', ctx, ALLOW);
          trail.close();
        }),
      ).toEqual([]);
      expect(verifyAuditFile(path)).toEqual({ ok: true, checked: 3 });
      expect(existsSync(`${path}.torn`)).toBe(false);
    });

    it.each([
      [
        'an altered entry before it',
        (lines: string[]) =>
          `${lines[0].replace('"policyName":"p0"', '"policyName":"px"')}\n${lines[1]}\n${lines[2].slice(0, 30)}`,
      ],
      ['a removed entry before it', (lines: string[]) => `${lines[0]}\n${lines[2]}\n${lines[3].slice(0, 30)}`],
      ['a broken line before it', (lines: string[]) => `${lines[0]}\n{not json\n${lines[2]}\n${lines[3].slice(0, 30)}`],
      [
        'a chain that does not start at genesis',
        (lines: string[]) => `${lines[1]}\n${lines[2]}\n${lines[3].slice(0, 30)}`,
      ],
      ['a last line that is JSON but not an entry', (lines: string[]) => `${lines[0]}\n{"hash":"nope"}`],
    ])('still refuses to continue (AUDIT_SINK_INVALID) and changes nothing with %s', (_label, damage) => {
      const { path, lines } = sinkWith(4);
      const damaged = damage(lines);
      writeFileSync(path, damaged);
      expect(
        warningsOf(() =>
          expect(() => new AuditTrail({ sinkPath: path })).toThrow(
            expect.objectContaining({ code: 'AUDIT_SINK_INVALID' }),
          ),
        ),
      ).toEqual([]);
      expect(readFileSync(path, 'utf8')).toBe(damaged);
      expect(existsSync(`${path}.torn`)).toBe(false);
    });
  });
});
