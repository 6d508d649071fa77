import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALLOW, BLOCK, ContextKeys, createContext, setActiveSpanLocator, type SpanLocation } from '@clearstone/core';
import { AUDIT_CSV_COLUMNS, AuditTrail, PolicyEngine, definePolicy, verifyAuditEntries, verifyAuditFile } from '../src';
import type { AuditEntry } from '../src';

const fixtures = join(__dirname, 'fixtures');
const tempDir = () => mkdtempSync(join(tmpdir(), 'clearstone-audit-links-'));
const readJsonl = (path: string): AuditEntry[] =>
  readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditEntry);

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

afterEach(() => setActiveSpanLocator(undefined));

describe('audit entries written before the trace links existed', () => {
  it('verify as JSONL and as a JSON export', () => {
    expect(verifyAuditFile(join(fixtures, 'audit-v1.jsonl'))).toEqual({ ok: true, checked: 5 });
    expect(verifyAuditFile(join(fixtures, 'audit-v1.json'))).toEqual({ ok: true, checked: 5 });
    const entries = readJsonl(join(fixtures, 'audit-v1.jsonl'));
    expect(Object.keys(entries[0])).not.toContain('traceId');
  });

  it('still detect tampering, including link fields added to an old entry', () => {
    const entries = readJsonl(join(fixtures, 'audit-v1.jsonl'));
    const altered = entries.map((entry, index) => (index === 1 ? { ...entry, decision: 'allow' } : entry));
    expect(verifyAuditEntries(altered)).toMatchObject({ ok: false, firstInvalidIndex: 1 });
    const linked = entries.map((entry, index) =>
      index === 2
        ? { ...entry, traceId: TRACE, spanId: SPAN, eventType: 'tool_call', toolName: 'search', model: null }
        : entry,
    );
    expect(verifyAuditEntries(linked)).toMatchObject({ ok: false, firstInvalidIndex: 2 });
  });

  it('are continued by a new trail: old and new entries verify as one chain', () => {
    const path = join(tempDir(), 'audit.jsonl');
    copyFileSync(join(fixtures, 'audit-v1.jsonl'), path);
    const trail = new AuditTrail({ sinkPath: path });
    const ctx = createContext({
      userId: 'alice',
      agentId: 'support-bot',
      metadata: {
        [ContextKeys.EVENT_TYPE]: 'tool_call',
        [ContextKeys.TOOL_NAME]: 'delete_file',
        [ContextKeys.TRACE_ID]: TRACE,
        [ContextKeys.SPAN_ID]: SPAN,
      },
    });
    trail.recordDecision('no_deletes', ctx, BLOCK('no'));
    trail.close();
    expect(verifyAuditFile(path)).toEqual({ ok: true, checked: 6 });
    const entries = readJsonl(path);
    expect(entries[5]).toMatchObject({
      previousHash: entries[4].hash,
      traceId: TRACE,
      spanId: SPAN,
      eventType: 'tool_call',
      toolName: 'delete_file',
      model: null,
    });
  });
});

describe('audit entry links', () => {
  it('come from the context metadata and are covered by the hash', () => {
    const trail = new AuditTrail();
    const ctx = createContext({
      userId: 'u',
      agentId: 'a',
      metadata: {
        [ContextKeys.EVENT_TYPE]: 'model_call',
        [ContextKeys.MODEL]: 'gpt-4o-mini',
        [ContextKeys.TRACE_ID]: TRACE,
        [ContextKeys.SPAN_ID]: SPAN,
      },
    });
    trail.recordDecision('p', ctx, ALLOW);
    const [entry] = trail.entries();
    expect(entry).toMatchObject({
      traceId: TRACE,
      spanId: SPAN,
      eventType: 'model_call',
      toolName: null,
      model: 'gpt-4o-mini',
    });
    for (const field of ['traceId', 'spanId', 'eventType', 'toolName', 'model'] as const) {
      expect(verifyAuditEntries([{ ...entry, [field]: 'changed' }])).toMatchObject({ ok: false });
    }
    const { model: _model, ...withoutModel } = entry;
    expect(verifyAuditEntries([withoutModel as AuditEntry])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('only some of the fields'),
    });
    expect(trail.verify()).toEqual({ ok: true, checked: 1 });
  });

  it('are null outside a trace', () => {
    const trail = new AuditTrail();
    trail.recordDecision('p', createContext({ userId: 'u', agentId: 'a' }), ALLOW);
    expect(trail.entries()[0]).toMatchObject({
      traceId: null,
      spanId: null,
      eventType: null,
      toolName: null,
      model: null,
    });
  });

  it('fall back to the active span when the context names none; the context wins otherwise', () => {
    let active: SpanLocation | undefined = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) };
    setActiveSpanLocator(() => active);
    const auditTrail = new AuditTrail();
    const engine = new PolicyEngine({
      auditTrail,
      policies: [
        definePolicy({ name: 'p1', priority: 1 }, () => ALLOW),
        definePolicy({ name: 'p2' }, async () => ALLOW),
      ],
    });
    const plain = createContext({ userId: 'u', agentId: 'a', metadata: { [ContextKeys.TOOL_NAME]: 'search' } });
    engine.evaluateSync(createContext({ userId: 'u', agentId: 'a', metadata: { [ContextKeys.TRACE_ID]: TRACE } }));
    const pending = engine.evaluate(plain);
    active = undefined; // the span ends while the async policy runs: the evaluation keeps the span it started in
    return pending.then(() => {
      engine.evaluateSync(plain);
      expect(
        auditTrail.entries().map((entry) => [entry.policyName, entry.traceId, entry.spanId, entry.toolName]),
      ).toEqual([
        ['p1', TRACE, null, null],
        ['p2', TRACE, null, null],
        ['p1', 'a'.repeat(32), 'b'.repeat(16), 'search'],
        ['p2', 'a'.repeat(32), 'b'.repeat(16), 'search'],
        ['p1', null, null, 'search'],
        ['p2', null, null, 'search'],
      ]);
    });
  });

  it('are exported as CSV columns and in JSON', () => {
    const dir = tempDir();
    const trail = new AuditTrail();
    trail.recordDecision(
      'p',
      createContext({
        userId: 'u',
        agentId: 'a',
        metadata: { [ContextKeys.TRACE_ID]: TRACE, [ContextKeys.SPAN_ID]: SPAN, [ContextKeys.TOOL_NAME]: 'search' },
      }),
      ALLOW,
    );
    trail.toCSV(join(dir, 'audit.csv'));
    const [header, row] = readFileSync(join(dir, 'audit.csv'), 'utf8').split('\r\n');
    expect(header.split(',')).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(AUDIT_CSV_COLUMNS).toEqual(expect.arrayContaining(['traceId', 'spanId', 'eventType', 'toolName', 'model']));
    const cells = row.split(',');
    expect(cells[header.split(',').indexOf('traceId')]).toBe(TRACE);
    expect(cells[header.split(',').indexOf('toolName')]).toBe('search');
    trail.toJSON(join(dir, 'audit.json'));
    expect(JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'))[0]).toMatchObject({
      traceId: TRACE,
      spanId: SPAN,
    });
    expect(verifyAuditFile(join(dir, 'audit.json'))).toEqual({ ok: true, checked: 1 });
  });

  it('leave summary() as it was', () => {
    const trail = new AuditTrail();
    trail.recordDecision('p', createContext({ userId: 'u', agentId: 'a', metadata: { traceId: TRACE } }), BLOCK('x'));
    expect(trail.summary()).toEqual({
      totalDecisions: 1,
      blocks: 1,
      alerts: 0,
      pauses: 0,
      redactions: 0,
      blockRate: 1,
    });
  });
});
