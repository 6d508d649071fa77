import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALLOW, BLOCK, ContextKeys, createContext } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';
import { AUDIT_CSV_COLUMNS, AuditTrail, PolicyEngine, definePolicy } from '@clearstone/policy';
import { cliIn, requireBuiltCli, temporaryDirectory, type CliRun } from './helpers/run-cli-process';

// Each test runs the built CLI as child processes; a loaded machine needs more than Jest's default 5 s.
jest.setTimeout(60_000);

let project: string;
let cli: (...args: string[]) => Promise<CliRun>;
let tracedTraceId: string;
let tracedSpanId: string;
const RECORDED_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const RECORDED_SPAN = '00f067aa0ba902b7';

beforeAll(async () => {
  requireBuiltCli();
  project = temporaryDirectory();
  cli = cliIn(project);
  const auditTrail = new AuditTrail({ sinkPath: join(project, 'audit/decisions.jsonl') });
  const noDeletes = definePolicy({ name: 'no_deletes' }, (ctx) =>
    ctx.metadata[ContextKeys.TOOL_NAME] === 'delete_file' ? BLOCK('Deletes need a ticket') : ALLOW,
  );
  const engine = new PolicyEngine({ policies: [noDeletes], auditTrail });
  // Outside any trace.
  engine.evaluateSync(createContext({ userId: 'u1', agentId: 'bot', metadata: { [ContextKeys.TOOL_NAME]: 'search' } }));
  // Inside a span of tracer.span: linked to it through the active span.
  const provider = new TracerProvider({ dbPath: join(project, 'traces.db') });
  await provider.getTracer('audit-show-test').span('agent run', async (span) => {
    tracedTraceId = span.traceId;
    tracedSpanId = span.spanId;
    await engine.evaluate(
      createContext({
        userId: 'u1',
        agentId: 'bot',
        metadata: { [ContextKeys.EVENT_TYPE]: 'tool_call', [ContextKeys.TOOL_NAME]: 'delete_file' },
      }),
    );
  });
  await provider.shutdown();
  // A context that names the call's trace and span itself, as the integration fills it.
  engine.evaluateSync(
    createContext({
      userId: 'u2',
      agentId: 'bot',
      metadata: {
        [ContextKeys.EVENT_TYPE]: 'model_call',
        [ContextKeys.MODEL]: 'gpt-4o-mini',
        [ContextKeys.TRACE_ID]: RECORDED_TRACE,
        [ContextKeys.SPAN_ID]: RECORDED_SPAN,
      },
    }),
  );
  auditTrail.close();
  mkdirSync(join(project, 'old'), { recursive: true });
  copyFileSync(join(__dirname, '../../policy/test/fixtures/audit-v1.jsonl'), join(project, 'old/audit-v1.jsonl'));
});

describe('clearstone audit show', () => {
  it('shows the trace, span and call of each entry, and says when an entry was outside a trace', async () => {
    const result = await cli('audit', 'show', 'audit/decisions.jsonl');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+POLICY\s+DECISION\s+CALL\s+TRACE\s+SPAN\s+REASON$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('tool search');
    expect(lines[1]).toContain('(no trace)');
    expect(lines[2]).toContain('tool delete_file');
    expect(lines[2]).toContain(`${tracedTraceId}  ${tracedSpanId}`);
    expect(lines[2]).toContain('Deletes need a ticket');
    expect(lines[3]).toContain('model gpt-4o-mini');
    expect(lines[3]).toContain(`${RECORDED_TRACE}  ${RECORDED_SPAN}`);
  });

  it('filters by --trace, limits with --limit and prints JSON with --json', async () => {
    const one = await cli('audit', 'show', 'audit/decisions.jsonl', '--trace', tracedTraceId.toUpperCase(), '--json');
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual([
      expect.objectContaining({
        policyName: 'no_deletes',
        decision: 'block',
        traceId: tracedTraceId,
        spanId: tracedSpanId,
        eventType: 'tool_call',
        toolName: 'delete_file',
        model: null,
      }),
    ]);
    const latest = await cli('audit', 'show', 'audit/decisions.jsonl', '--limit', '1');
    expect(latest.stdout).toContain('model gpt-4o-mini');
    expect(latest.stdout).not.toContain('tool search');
    expect(latest.stdout).toContain('Showing the latest 1 of 3 entries');
    const none = await cli('audit', 'show', 'audit/decisions.jsonl', '--trace', 'a'.repeat(32));
    expect(none.stdout).toContain(`No audit entries about trace ${'a'.repeat(32)}.`);
    expect((await cli('audit', 'show', 'audit/decisions.jsonl', '--trace', 'nope')).code).toBe(2);
    expect((await cli('audit', 'show', 'audit/decisions.jsonl', '--limit', '0')).code).toBe(2);
  });

  it('reads files written before entries recorded their trace, which still verify', async () => {
    const shown = await cli('audit', 'show', 'old/audit-v1.jsonl');
    expect(shown.code).toBe(0);
    expect(shown.stderr).toBe('');
    expect(shown.stdout).toContain('(not recorded)');
    expect((await cli('audit', 'verify', 'old/audit-v1.jsonl')).stdout).toContain('5 entries, hash chain intact');
  });
});

describe('clearstone audit export with trace links', () => {
  it('writes the trace, span, event, tool and model columns', async () => {
    const result = await cli('audit', 'export', 'audit/decisions.jsonl', '--format', 'csv');
    const [header, , traced] = result.stdout.split('\r\n').map((row) => row.split(','));
    expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
    const cell = (name: string) => traced[header.indexOf(name)];
    expect([cell('traceId'), cell('spanId'), cell('eventType'), cell('toolName'), cell('model')]).toEqual([
      tracedTraceId,
      tracedSpanId,
      'tool_call',
      'delete_file',
      '',
    ]);
  });
});
