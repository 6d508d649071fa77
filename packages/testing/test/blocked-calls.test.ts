// Governed calls that did not run: blockedCalls, toHaveBlockedTool / assertToolWasBlocked, what
// counts as "called", what counts as an error, and how the trace tree shows them.
import { join } from 'node:path';
import {
  ActionType,
  ClearstoneAttributes,
  ClearstoneEvents,
  GenAiAttributes,
  GovernedOutcomes,
  InvalidArgumentError,
  PolicyViolationError,
  BLOCK,
  SpanStatusCode,
  policyContextOf,
  policyDecisionsOf,
} from '@clearstone/core';
import type { SpanRecord, Trace } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';
import {
  assertMaxLlmCalls,
  assertNoErrorsInTrace,
  assertToolNotCalled,
  assertToolWasBlocked,
  assertToolWasCalled,
  assertTrajectory,
  blockedCallOf,
  blockedCalls,
  checkTrace,
  formatTraceTree,
  isBlockedCall,
  toolTrajectory,
  traceBuilder,
} from '../src';
import '../src/jest';
import { temporaryDirectory } from './support/trace-files';

/** The message of the failed expectation, with random ids replaced so it can be snapshot. */
function failureOf(check: () => void): string {
  try {
    check();
  } catch (error) {
    return (error as Error).message
      .replace(/[0-9a-f]{32}/g, '<trace-id>')
      .replace(/\[[0-9a-f]{8}\]/g, '[<span>]')
      .replace(/int_\d{4}/g, 'int_<n>');
  }
  throw new Error('the expectation passed');
}

const spanNamed = (trace: Trace, name: string): SpanRecord => {
  const span = trace.spans.find((candidate) => candidate.name === name);
  if (span === undefined) throw new Error(`no span ${name}`);
  return span;
};

/** An agent that searched, had a delete blocked, an email rejected and a model call blocked. */
const governedRun = (): Trace =>
  traceBuilder({ agentId: 'ops', userId: 'u1', sessionId: 's1' })
    .llm('gpt-4o', { inputTokens: 100, outputTokens: 20, decisions: [{ action: 'allow' }] })
    .span('tools', (step) =>
      step
        .tool('web_search', { decisions: [{ action: 'allow', policy: 'block_dangerous_tools' }] })
        .blockedTool('delete_database', {
          policy: 'block_dangerous_tools',
          reason: "Dangerous tool blocked: 'delete_database'",
          input: { name: 'prod' },
          policyContext: { userRole: 'guest' },
        }),
    )
    .blockedTool('send_email', { policy: 'approve_emails', reason: 'Emails need approval', outcome: 'rejected' })
    .blockedLlm('gpt-4o', { policy: 'token_limit', reason: 'Token limit exceeded' })
    .build();

describe('traceBuilder records governed calls the way the integration does', () => {
  it('a blocked tool: execute_tool span, not an error, with decision event, attributes, outcome and context', () => {
    const trace = governedRun();
    const span = spanNamed(trace, 'execute_tool delete_database');
    expect(span.status).toBe(SpanStatusCode.UNSET);
    expect(span.durationNs).toBe(1_000_000n);
    expect(span.attributes).toMatchObject({
      [GenAiAttributes.OPERATION_NAME]: 'execute_tool',
      [GenAiAttributes.TOOL_NAME]: 'delete_database',
      [ClearstoneAttributes.GOVERNED_OUTCOME]: GovernedOutcomes.BLOCKED,
      [ClearstoneAttributes.POLICY_ACTION]: ActionType.BLOCK,
      [ClearstoneAttributes.POLICY_NAME]: 'block_dangerous_tools',
      [ClearstoneAttributes.POLICY_EVENT_TYPE]: 'tool_call',
    });
    expect(span.attributes[GenAiAttributes.TOOL_CALL_ID]).toBe(
      span.attributes[ClearstoneAttributes.POLICY_TOOL_CALL_ID],
    );
    expect(span.events.map((event) => event.name)).toEqual([ClearstoneEvents.POLICY_DECISION]);
    expect(span.input?.captured).toBe(true);
    expect(policyContextOf(span)).toEqual({
      userId: 'u1',
      agentId: 'ops',
      sessionId: 's1',
      metadata: {
        eventType: 'tool_call',
        toolName: 'delete_database',
        toolCallId: span.attributes[GenAiAttributes.TOOL_CALL_ID],
        toolInput: { name: 'prod' },
        userRole: 'guest',
      },
    });
  });

  it('a rejected call records the PAUSE and the BLOCK that replaced it; an allowed call is executed', () => {
    const trace = governedRun();
    const email = spanNamed(trace, 'execute_tool send_email');
    expect(policyDecisionsOf(email).map((decision) => decision.action)).toEqual(['pause', 'block']);
    expect(email.attributes[ClearstoneAttributes.GOVERNED_OUTCOME]).toBe(GovernedOutcomes.REJECTED);
    expect(spanNamed(trace, 'execute_tool web_search').attributes[ClearstoneAttributes.GOVERNED_OUTCOME]).toBe(
      GovernedOutcomes.EXECUTED,
    );
    expect(spanNamed(trace, 'execute_tool web_search').status).toBe(SpanStatusCode.OK);
  });

  it('rejects bad governance options', () => {
    expect(() => traceBuilder().tool('x', { outcome: 'exploded' as never })).toThrow(InvalidArgumentError);
    expect(() => traceBuilder().tool('x', { decisions: [{ action: 'nope' as never }] })).toThrow(/decisions must be/);
    expect(() => traceBuilder().blockedTool('x', { outcome: 'executed' as never })).toThrow(/outcome must be one of/);
  });
});

describe('blockedCalls', () => {
  it('lists every governed call that did not run, in start order, with policy, reason and outcome', () => {
    const trace = governedRun();
    const id = (name: string) => spanNamed(trace, name).spanId;
    expect(blockedCalls(trace)).toEqual([
      {
        spanId: id('execute_tool delete_database'),
        eventType: 'tool_call',
        toolName: 'delete_database',
        policyName: 'block_dangerous_tools',
        reason: "Dangerous tool blocked: 'delete_database'",
        outcome: 'blocked',
      },
      {
        spanId: id('execute_tool send_email'),
        eventType: 'tool_call',
        toolName: 'send_email',
        policyName: 'approve_emails',
        reason: expect.stringMatching(
          /^Intervention int_\d+ was not approved \(rejected by reviewer\): Emails need approval$/,
        ),
        outcome: 'rejected',
      },
      {
        spanId: trace.spans[trace.spans.length - 1].spanId,
        eventType: 'model_call',
        model: 'gpt-4o',
        policyName: 'token_limit',
        reason: 'Token limit exceeded',
        outcome: 'blocked',
      },
    ]);
  });

  it('includes timed-out and paused calls, and nothing for a trace without governance', () => {
    const trace = traceBuilder()
      .blockedTool('send_email', { policy: 'approve_emails', outcome: 'timed_out' })
      .blockedTool('wire_money', { policy: 'approve_payments', reason: 'Payments need approval', outcome: 'paused' })
      .build();
    expect(blockedCalls(trace).map(({ toolName, outcome, reason }) => ({ toolName, outcome, reason }))).toEqual([
      {
        toolName: 'send_email',
        outcome: 'timed_out',
        reason: expect.stringContaining("approval timed out): Tool 'send_email' needs approval"),
      },
      { toolName: 'wire_money', outcome: 'paused', reason: 'Payments need approval' },
    ]);
    expect(blockedCalls(traceBuilder().tool('web_search').llm('gpt-4o').build())).toEqual([]);
  });

  it('reads older traces: a tool or model span whose final decision is a BLOCK, from attributes or events', () => {
    // Older traces have no outcome attribute (outcome: null).
    const legacy = traceBuilder()
      .tool('delete_database', {
        decisions: [{ action: 'block', policy: 'no_delete', reason: 'No deletes' }],
        outcome: null,
      })
      .error("Policy blocked tool call 'delete_database': No deletes")
      .tool('search', { decisions: [{ action: 'pause', policy: 'review' }], outcome: null })
      .llm('gpt-4o', { decisions: [{ action: 'alert', policy: 'cost', reason: 'pricey' }], outcome: null })
      .build();
    expect(legacy.spans.some((span) => ClearstoneAttributes.GOVERNED_OUTCOME in span.attributes)).toBe(false);
    const blocked = spanNamed(legacy, 'execute_tool delete_database');
    expect(blockedCalls(legacy)).toEqual([
      {
        spanId: blocked.spanId,
        eventType: 'tool_call',
        toolName: 'delete_database',
        policyName: 'no_delete',
        reason: 'No deletes',
        outcome: 'blocked',
      },
    ]);
    // The same decision recorded only as an event (no clearstone.policy.* attributes) counts too.
    const policyKeys = [
      ClearstoneAttributes.POLICY_ACTION,
      ClearstoneAttributes.POLICY_NAME,
      ClearstoneAttributes.POLICY_REASON,
      ClearstoneAttributes.POLICY_EVENT_TYPE,
      ClearstoneAttributes.POLICY_TOOL_NAME,
      ClearstoneAttributes.POLICY_TOOL_CALL_ID,
    ];
    for (const key of policyKeys) delete blocked.attributes[key];
    expect(policyDecisionsOf(blocked)).toEqual([expect.objectContaining({ action: 'block', policyName: 'no_delete' })]);
    expect(blockedCallOf(blocked)).toMatchObject({ policyName: 'no_delete', outcome: 'blocked' });
    // ... and only as attributes (no event).
    blocked.events = [];
    blocked.attributes[ClearstoneAttributes.POLICY_ACTION] = ActionType.BLOCK;
    expect(blockedCallOf(blocked)).toMatchObject({ policyName: '', reason: blocked.errorMessage, outcome: 'blocked' });
  });

  it('the recorded outcome wins over the decisions; a decision on a span that is no call is not a blocked call', () => {
    const trace = traceBuilder()
      .tool('search', { decisions: [{ action: 'block', reason: 'stale' }], outcome: 'executed' })
      .span('tools', { attributes: { [ClearstoneAttributes.POLICY_ACTION]: ActionType.BLOCK } })
      .build();
    expect(blockedCalls(trace)).toEqual([]);
    expect(trace.spans.some(isBlockedCall)).toBe(false);
  });
});

describe('toHaveBlockedTool and assertToolWasBlocked', () => {
  it('pass and fail on the tool, policy, outcome and count; .not works', () => {
    const trace = governedRun();
    expect(trace).toHaveBlockedTool('delete_database');
    expect(trace).toHaveBlockedTool('delete_database', { policy: 'block_dangerous_tools', times: 1 });
    expect(trace).toHaveBlockedTool('send_email', { outcome: 'rejected' });
    expect(trace).toHaveBlockedTool('send_email', { outcome: ['blocked', 'rejected'], policy: 'approve_emails' });
    expect(trace).not.toHaveBlockedTool('send_email', { outcome: 'blocked' });
    expect(trace).not.toHaveBlockedTool('delete_database', { policy: 'another_policy' });
    expect(trace).not.toHaveBlockedTool('delete_database', { times: 2 });
    expect(trace).not.toHaveBlockedTool('web_search');
    expect(trace).toHaveBlockedTool('web_search', { times: 0 });
    expect(traceBuilder().tool('web_search').build()).not.toHaveBlockedTool('web_search');
  });

  it('the assertion form returns a Decision naming the calls', () => {
    const trace = governedRun();
    expect(assertToolWasBlocked('delete_database', { policy: 'block_dangerous_tools' })(trace).action).toBe('allow');
    const decision = assertToolWasBlocked('web_search')(trace);
    expect(decision.action).toBe('block');
    expect(decision.metadata).toMatchObject({ toolName: 'web_search', blocked: 0 });
    expect(decision.metadata.spanIds).toEqual([spanNamed(trace, 'execute_tool web_search').spanId]);
    expect(assertToolWasBlocked('delete_database', { times: 1 }).name).toBe(
      'assertToolWasBlocked("delete_database", {"times":1})',
    );
    expect(checkTrace(trace, assertToolWasBlocked('web_search', { reason: 'search must be blocked' }))).toEqual([
      expect.objectContaining({ reason: 'search must be blocked' }),
    ]);
  });

  it('validates its arguments', () => {
    expect(() => assertToolWasBlocked('')).toThrow(InvalidArgumentError);
    expect(() => assertToolWasBlocked('x', { policy: '' })).toThrow(/policy must be a non-empty string/);
    expect(() => assertToolWasBlocked('x', { times: -1 })).toThrow(/times must be a non-negative integer/);
    expect(() => assertToolWasBlocked('x', { outcome: 'executed' as never })).toThrow(/outcome must be one of/);
    expect(() => assertToolWasBlocked('x', { outcome: [] })).toThrow(/outcome must be one of/);
  });

  it('a failure lists the blocked calls found, says where the tool ran, and shows the tree', () => {
    expect(failureOf(() => expect(governedRun()).toHaveBlockedTool('web_search', { policy: 'block_dangerous_tools' })))
      .toMatchInlineSnapshot(`
"expect(trace).toHaveBlockedTool("web_search", {"policy":"block_dangerous_tools"})

Expected tool 'web_search' by policy 'block_dangerous_tools' to be blocked, but it was not. It ran 1 time(s): 'execute_tool web_search' [<span>]. Blocked calls in the trace: 'execute_tool delete_database' [<span>] blocked by block_dangerous_tools: Dangerous tool blocked: 'delete_database'; 'execute_tool send_email' [<span>] rejected (paused by approve_emails): Intervention int_<n> was not approved (rejected by reviewer): Emails need approval; 'chat gpt-4o' [<span>] blocked by token_limit: Token limit exceeded.

Trace <trace-id>:
invoke_agent ops  OK  961.0 ms
├─ chat gpt-4o  OK  800.0 ms  model=gpt-4o tokens=100+20
├─ tools  OK  154.0 ms
│  ├─ execute_tool web_search  OK  150.0 ms  tool=web_search  ◀
│  └─ execute_tool delete_database  UNSET  1.0 ms  tool=delete_database  ⛔ blocked by block_dangerous_tools: Dangerous tool blocked: 'delete_database'
├─ execute_tool send_email  UNSET  1.0 ms  tool=send_email  ⛔ rejected (paused by approve_emails): Intervention int_<n> was not approved (rejected by reviewer): Emails need approval
└─ chat gpt-4o  UNSET  1.0 ms  model=gpt-4o  ⛔ blocked by token_limit: Token limit exceeded"
`);
  });

  it('a count mismatch and a .not failure list the matching calls, marked in the tree', () => {
    const trace = traceBuilder()
      .blockedTool('delete_database', { policy: 'block_dangerous_tools', reason: 'Dangerous tool' })
      .blockedTool('delete_database', { policy: 'block_dangerous_tools', reason: 'Dangerous tool' })
      .build();
    expect(failureOf(() => expect(trace).toHaveBlockedTool('delete_database', { times: 1 }))).toMatchInlineSnapshot(`
"expect(trace).toHaveBlockedTool("delete_database", {"times":1})

Expected tool 'delete_database' to be blocked 1 time(s), but it was blocked 2 time(s): 'execute_tool delete_database' [<span>] blocked by block_dangerous_tools: Dangerous tool; 'execute_tool delete_database' [<span>] blocked by block_dangerous_tools: Dangerous tool.

Trace <trace-id>:
agent_run  OK  5.0 ms
├─ execute_tool delete_database  UNSET  1.0 ms  tool=delete_database  ⛔ blocked by block_dangerous_tools: Dangerous tool  ◀
└─ execute_tool delete_database  UNSET  1.0 ms  tool=delete_database  ⛔ blocked by block_dangerous_tools: Dangerous tool  ◀"
`);
    expect(failureOf(() => expect(trace).not.toHaveBlockedTool('delete_database', { policy: 'block_dangerous_tools' })))
      .toMatchInlineSnapshot(`
"expect(trace).not.toHaveBlockedTool("delete_database", {"policy":"block_dangerous_tools"})

Expected tool 'delete_database' not to be blocked by policy 'block_dangerous_tools', but it was blocked 2 time(s): 'execute_tool delete_database' [<span>] blocked by block_dangerous_tools: Dangerous tool; 'execute_tool delete_database' [<span>] blocked by block_dangerous_tools: Dangerous tool.

Trace <trace-id>:
agent_run  OK  5.0 ms
├─ execute_tool delete_database  UNSET  1.0 ms  tool=delete_database  ⛔ blocked by block_dangerous_tools: Dangerous tool  ◀
└─ execute_tool delete_database  UNSET  1.0 ms  tool=delete_database  ⛔ blocked by block_dangerous_tools: Dangerous tool  ◀"
`);
    expect(failureOf(() => expect(traceBuilder().build()).toHaveBlockedTool('x')).split('\n\n')[1]).toBe(
      "Expected tool 'x' to be blocked, but it was not. No call of the trace was blocked.",
    );
  });
});

describe('a call that did not run is not a call', () => {
  const trace = traceBuilder()
    .tool('web_search')
    .blockedTool('delete_database', { policy: 'block_dangerous_tools', reason: 'Dangerous tool' })
    .blockedLlm('gpt-4o')
    .build();

  it('toHaveCalledTool / assertToolWasCalled do not count it, unless includeBlocked', () => {
    expect(trace).not.toHaveCalledTool('delete_database');
    expect(trace).toHaveCalledTool('delete_database', { includeBlocked: true });
    expect(trace).toHaveCalledTool('delete_database', { times: 1, includeBlocked: true });
    expect(trace).toHaveCalledTool('delete_database', { times: 0 });
    expect(assertToolWasCalled('delete_database')(trace).action).toBe('block');
    expect(assertToolWasCalled('delete_database', { includeBlocked: true })(trace).action).toBe('allow');
    expect(() => assertToolWasCalled('x', { includeBlocked: 'yes' as never })).toThrow(
      /includeBlocked must be a boolean/,
    );
    expect(() => expect(trace).toHaveCalledTool('x', { includeBlocked: 'yes' as never })).toThrow(
      /includeBlocked must be a boolean/,
    );
  });

  it('the failure explains that the tool was governed and did not run', () => {
    expect(failureOf(() => expect(trace).toHaveCalledTool('delete_database')).split('\n\n')[1]).toBe(
      "Expected tool 'delete_database' to be called at least once, but it was not. 1 call(s) of it did not run: 'execute_tool delete_database' [<span>] blocked by block_dangerous_tools: Dangerous tool (calls that did not run do not count; pass { includeBlocked: true } to count them). Tools called: 'web_search'.",
    );
    expect(
      failureOf(() => expect(trace).toHaveCalledTool('delete_database', { times: 2, includeBlocked: true })).split(
        '\n\n',
      )[1],
    ).toBe(
      "Expected tool 'delete_database' to be called 2 time(s), but it was called 1 time(s): 'execute_tool delete_database' [<span>]",
    );
  });

  it('toNotHaveCalledTool / assertToolNotCalled pass, unless includeBlocked (never even attempted)', () => {
    expect(trace).toNotHaveCalledTool('delete_database');
    expect(trace).not.toNotHaveCalledTool('delete_database', { includeBlocked: true });
    expect(assertToolNotCalled('delete_database', { includeBlocked: true })(trace).reason).toMatch(
      /^Expected tool 'delete_database' never to be called or attempted, but it was attempted 1 time\(s\): 'execute_tool delete_database'/,
    );
  });

  it('trajectories and model-call counts leave it out, unless includeBlocked', () => {
    expect(toolTrajectory(trace)).toEqual(['web_search']);
    expect(toolTrajectory(trace, { includeBlocked: true })).toEqual(['web_search', 'delete_database']);
    expect(trace).toMatchTrajectory(['web_search']);
    expect(trace).toMatchTrajectory(['web_search', 'delete_database'], { includeBlocked: true });
    expect(assertTrajectory(['web_search', 'delete_database'])(trace).action).toBe('block');
    expect(assertMaxLlmCalls(0)(trace).action).toBe('allow');
  });
});

describe('a policy block is not an error', () => {
  it('a prevented span is not an error, even when an older trace marked it ERROR', () => {
    const trace = governedRun();
    expect(trace).toHaveNoErrors();
    const legacy = traceBuilder()
      .tool('delete_database', {
        decisions: [{ action: 'block', policy: 'no_delete', reason: 'No deletes' }],
        outcome: null,
      })
      .error('something unrelated went wrong')
      .build();
    expect(assertNoErrorsInTrace()(legacy).action).toBe('allow');
  });

  it('nor is a chain span that failed only because the policy error propagated', () => {
    const trace = traceBuilder({ agentId: 'ops' })
      .span('job', (job) =>
        job
          .span('tools', (tools) =>
            tools.blockedTool('delete_database', { policy: 'no_delete', reason: 'Deleting databases is not allowed' }),
          )
          .error(
            new PolicyViolationError({
              message: "Policy blocked tool call 'delete_database': Deleting databases is not allowed",
              decision: BLOCK('Deleting databases is not allowed'),
            }),
          ),
      )
      .error('MiddlewareError: middleware failed: Deleting databases is not allowed')
      .build();
    expect(trace).toHaveNoErrors();
    expect(failureOf(() => expect(trace).not.toHaveNoErrors()).split('\n\n')[1]).toBe(
      "Expected a span of the trace to have failed, but none did (2 span(s) stopped by a policy are not errors: 'job' [<span>], 'tools' [<span>]).",
    );
  });

  it('a chain span with the BLOCK decision itself (older middleware traces) is not an error either', () => {
    const trace = traceBuilder()
      .span('tools', {
        attributes: {
          [ClearstoneAttributes.POLICY_ACTION]: ActionType.BLOCK,
          [ClearstoneAttributes.POLICY_REASON]: 'No deletes',
        },
        error: new PolicyViolationError({ message: 'blocked', decision: BLOCK('No deletes') }),
      })
      .build();
    expect(trace.spans[1].errorStack?.split('\n')[0]).toBe('PolicyViolationError: blocked');
    expect(trace).toHaveNoErrors();
  });

  it('other errors still count: an unrelated failure above a block, a policy-looking error with no stop below', () => {
    const unrelated = traceBuilder()
      .span('job', (job) => job.blockedTool('delete_database', { policy: 'no_delete', reason: 'No deletes' }))
      .error('TypeError: cannot read properties of undefined')
      .build();
    expect(failureOf(() => expect(unrelated).toHaveNoErrors())).toMatchInlineSnapshot(`
"expect(trace).toHaveNoErrors()

Span 'job' [<span>] failed: TypeError: cannot read properties of undefined

Trace <trace-id>:
agent_run  OK  22.0 ms
└─ job  ERROR  20.0 ms  error="TypeError: cannot read properties of undefined"  ◀
   └─ execute_tool delete_database  UNSET  1.0 ms  tool=delete_database  ⛔ blocked by no_delete: No deletes"
`);
    const noStop = traceBuilder().span('job').error("Policy blocked tool call 'x': made up").build();
    expect(assertNoErrorsInTrace()(noStop).action).toBe('block');
    const sibling = traceBuilder()
      .blockedTool('delete_database', { reason: 'No deletes here' })
      .span('other')
      .error("Policy blocked tool call 'x': No deletes here")
      .build();
    expect(assertNoErrorsInTrace()(sibling).action).toBe('block');
  });
});

describe('the trace tree marks calls that did not run', () => {
  it('with what stopped them', () => {
    const trace = traceBuilder()
      .blockedTool('delete_database', { policy: 'block_dangerous_tools', reason: 'Dangerous\ntool' })
      .blockedTool('send_email', { policy: 'approve_emails', reason: 'Emails need approval', outcome: 'paused' })
      .blockedTool('wire_money', { outcome: 'timed_out', decisions: [{ action: 'pause', reason: 'Needs approval' }] })
      .blockedLlm('gpt-4o', { decisions: [] })
      .build();
    expect(formatTraceTree(trace).split('\n').slice(1)).toEqual([
      '├─ execute_tool delete_database  UNSET  1.0 ms  tool=delete_database  ⛔ blocked by block_dangerous_tools: Dangerous tool',
      '├─ execute_tool send_email  UNSET  1.0 ms  tool=send_email  ⏸ paused by approve_emails: Emails need approval',
      '├─ execute_tool wire_money  UNSET  1.0 ms  tool=wire_money  ⛔ timed out: Needs approval',
      '└─ chat gpt-4o  UNSET  1.0 ms  model=gpt-4o  ⛔ blocked',
    ]);
    const long = traceBuilder()
      .blockedTool('x', { reason: 'r'.repeat(500) })
      .build();
    expect(formatTraceTree(long).split('\n')[1]).toMatch(/⛔ blocked: r+…$/);
    expect(formatTraceTree(long).split('\n')[1].length).toBeLessThan(220);
  });
});

describe('a trace recorded through TraceStore', () => {
  it('reads back with its blocked calls, and the propagated policy error is not an error', async () => {
    const { directory, cleanup } = temporaryDirectory();
    const provider = new TracerProvider({ dbPath: join(directory, 'traces.db') });
    try {
      const tracer = provider.getTracer('@clearstone/langchain');
      const violation = new PolicyViolationError({
        message: "Policy blocked tool call 'delete_database': Dangerous tool",
        decision: BLOCK('Dangerous tool', { policyName: 'block_dangerous_tools' }),
      });
      const decision = {
        [ClearstoneAttributes.POLICY_ACTION]: ActionType.BLOCK,
        [ClearstoneAttributes.POLICY_NAME]: 'block_dangerous_tools',
        [ClearstoneAttributes.POLICY_REASON]: 'Dangerous tool',
        [ClearstoneAttributes.POLICY_EVENT_TYPE]: 'tool_call',
      };
      let traceId = '';
      await expect(
        tracer.span('invoke_agent ops', async (root) => {
          traceId = root.traceId;
          await tracer.span(
            'execute_tool web_search',
            { attributes: { [GenAiAttributes.TOOL_NAME]: 'web_search' } },
            () => Promise.resolve(['result']),
          );
          await tracer.span('tools', async () => {
            tracer.span(
              'execute_tool delete_database',
              {
                attributes: {
                  [GenAiAttributes.OPERATION_NAME]: 'execute_tool',
                  [GenAiAttributes.TOOL_NAME]: 'delete_database',
                  [GenAiAttributes.TOOL_CALL_ID]: 'call_1',
                  [ClearstoneAttributes.GOVERNED_OUTCOME]: GovernedOutcomes.BLOCKED,
                  ...decision,
                },
                input: { name: 'prod' },
              },
              (span) => span.addEvent(ClearstoneEvents.POLICY_DECISION, decision),
            );
            await Promise.resolve();
            throw violation;
          });
        }),
      ).rejects.toBe(violation);
      await provider.forceFlush();
      const trace = provider.traceStore.getTrace(traceId)!;
      expect(trace.spans.filter((span) => span.status === SpanStatusCode.ERROR).map((span) => span.name)).toEqual([
        'invoke_agent ops',
        'tools',
      ]);
      expect(blockedCalls(trace)).toEqual([
        {
          spanId: spanNamed(trace, 'execute_tool delete_database').spanId,
          eventType: 'tool_call',
          toolName: 'delete_database',
          policyName: 'block_dangerous_tools',
          reason: 'Dangerous tool',
          outcome: 'blocked',
        },
      ]);
      expect(trace).toHaveBlockedTool('delete_database', { policy: 'block_dangerous_tools', times: 1 });
      expect(trace).toHaveNoErrors();
      expect(trace).toHaveCalledTool('web_search');
      expect(trace).not.toHaveCalledTool('delete_database');
      expect(formatTraceTree(trace)).toContain('⛔ blocked by block_dangerous_tools: Dangerous tool');
    } finally {
      await provider.shutdown();
      provider.traceStore.close();
      cleanup();
    }
  });
});
