import { ALLOW, BLOCK, ClearstoneAttributes } from '@clearstone/core';
import type { Trace } from '@clearstone/core';
import { definePolicy } from '@clearstone/policy';
import { assertMaxLlmCalls } from '../assertions';
import { traceBuilder } from '../trace-builder';
import { clearstoneMatchers } from './index';

/** The message of the failed expectation, with random ids replaced so it can be snapshot. */
function failureOf(check: () => void): string {
  try {
    check();
  } catch (error) {
    return (error as Error).message.replace(/[0-9a-f]{32}/g, '<trace-id>').replace(/\[[0-9a-f]{8}\]/g, '[<span>]');
  }
  throw new Error('the expectation passed');
}

const researchRun = (): Trace =>
  traceBuilder({ agentId: 'researcher' })
    .llm('gpt-4o', { inputTokens: 900, outputTokens: 120, costUsd: 0.03 })
    .span('research', (step) => step.tool('web_search').tool('web_search'))
    .tool('send_email')
    .error('SMTP timeout')
    .build();

const dropsTables = definePolicy({ name: 'block_dangerous_tools', priority: 100 }, (ctx) =>
  ctx.metadata.toolName === 'drop_table' ? BLOCK("Dangerous tool blocked: 'drop_table'") : ALLOW,
);

describe('registration', () => {
  it('registers the matchers on the global expect when the entry is imported', () => {
    expect(typeof (expect(researchRun()) as unknown as Record<string, unknown>).toHaveCalledTool).toBe('function');
    expect(Object.keys(clearstoneMatchers).sort()).toEqual([
      'toCostLessThan',
      'toHaveBlockedTool',
      'toHaveCalledTool',
      'toHaveNoErrors',
      'toHaveSpanOrder',
      'toMatchTrajectory',
      'toNotHaveCalledTool',
      'toPassPolicy',
    ]);
  });
});

describe('passing expectations', () => {
  it('pass for a trace that behaves, and .not passes for one that does not', () => {
    const trace = researchRun();
    expect(trace).toHaveCalledTool('web_search');
    expect(trace).toHaveCalledTool('web_search', { times: 2 });
    expect(trace).not.toHaveCalledTool('web_search', { times: 1 });
    expect(trace).toNotHaveCalledTool('drop_table');
    expect(trace).not.toHaveNoErrors();
    expect(trace).toHaveSpanOrder(['chat gpt-4o', 'research', 'execute_tool send_email']);
    expect(trace).toCostLessThan(0.05);
    expect(trace).not.toCostLessThan(0.03);
    expect(trace).toPassPolicy(assertMaxLlmCalls(1));
    expect(trace).toPassPolicy(dropsTables);
    expect(trace).toMatchTrajectory(['web_search', 'web_search', 'send_email']);
    expect(trace).toMatchTrajectory(['send_email'], { mode: 'superset' });
    expect(traceBuilder().tool('drop_table').build()).not.toPassPolicy([dropsTables]);
  });
});

describe('failure messages show the reason and the trace as a tree, offending spans marked', () => {
  it('toHaveCalledTool', () => {
    expect(failureOf(() => expect(researchRun()).toHaveCalledTool('web_search', { times: 1 }))).toMatchInlineSnapshot(`
"expect(trace).toHaveCalledTool("web_search", {"times":1})

Expected tool 'web_search' to be called 1 time(s), but it was called 2 time(s): 'execute_tool web_search' [<span>], 'execute_tool web_search' [<span>]

Trace <trace-id>:
invoke_agent researcher  OK  1.26 s
├─ chat gpt-4o  OK  800.0 ms  model=gpt-4o tokens=900+120 cost=$0.0300
├─ research  OK  303.0 ms
│  ├─ execute_tool web_search  OK  150.0 ms  tool=web_search  ◀
│  └─ execute_tool web_search  OK  150.0 ms  tool=web_search  ◀
└─ execute_tool send_email  ERROR  150.0 ms  tool=send_email error="SMTP timeout""
`);
  });

  it('.not.toHaveCalledTool', () => {
    expect(failureOf(() => expect(researchRun()).not.toHaveCalledTool('send_email'))).toMatchInlineSnapshot(`
"expect(trace).not.toHaveCalledTool("send_email")

Expected tool 'send_email' not to be called, but it was called 1 time(s): 'execute_tool send_email' [<span>]

Trace <trace-id>:
invoke_agent researcher  OK  1.26 s
├─ chat gpt-4o  OK  800.0 ms  model=gpt-4o tokens=900+120 cost=$0.0300
├─ research  OK  303.0 ms
│  ├─ execute_tool web_search  OK  150.0 ms  tool=web_search
│  └─ execute_tool web_search  OK  150.0 ms  tool=web_search
└─ execute_tool send_email  ERROR  150.0 ms  tool=send_email error="SMTP timeout"  ◀"
`);
  });

  it('toHaveNoErrors', () => {
    expect(failureOf(() => expect(researchRun()).toHaveNoErrors())).toMatchInlineSnapshot(`
"expect(trace).toHaveNoErrors()

Span 'execute_tool send_email' [<span>] failed: SMTP timeout

Trace <trace-id>:
invoke_agent researcher  OK  1.26 s
├─ chat gpt-4o  OK  800.0 ms  model=gpt-4o tokens=900+120 cost=$0.0300
├─ research  OK  303.0 ms
│  ├─ execute_tool web_search  OK  150.0 ms  tool=web_search
│  └─ execute_tool web_search  OK  150.0 ms  tool=web_search
└─ execute_tool send_email  ERROR  150.0 ms  tool=send_email error="SMTP timeout"  ◀"
`);
  });

  it('toNotHaveCalledTool, toHaveSpanOrder, toCostLessThan and toMatchTrajectory', () => {
    const reasons = [
      () => expect(researchRun()).toNotHaveCalledTool('send_email'),
      () => expect(researchRun()).toHaveSpanOrder(['research', 'chat gpt-4o']),
      () => expect(researchRun()).toCostLessThan(0.01),
      () => expect(researchRun()).toMatchTrajectory(['web_search', 'summarize'], { mode: 'superset' }),
    ].map((check) => failureOf(check).split('\n\n').slice(0, 2).join('\n'));
    expect(reasons).toMatchInlineSnapshot(`
[
  "expect(trace).toNotHaveCalledTool("send_email")
Expected tool 'send_email' never to be called, but it was called 1 time(s): 'execute_tool send_email' [<span>]",
  "expect(trace).toHaveSpanOrder(["research","chat gpt-4o"])
Expected span sequence 'research' → 'chat gpt-4o' was not found in order: matched 1 of 2, then no 'chat gpt-4o' after 'research' [<span>]. Spans in order: invoke_agent researcher, chat gpt-4o, research, execute_tool web_search, execute_tool web_search, execute_tool send_email",
  "expect(trace).toCostLessThan(0.01)
Total LLM cost $0.0300 is not less than the limit of $0.0100; costliest spans: 'chat gpt-4o' [<span>] $0.0300",
  "expect(trace).toMatchTrajectory(["web_search","summarize"], {"mode":"superset"})
Tool trajectory does not match (superset): expected [web_search, summarize], got [web_search, web_search, send_email]; missing [summarize].",
]
`);
  });

  it('toCostLessThan fails, saying the cost is unknown, when a model has no price', () => {
    const trace = traceBuilder()
      .llm('acme-private-1', {
        inputTokens: 5000,
        outputTokens: 800,
        attributes: { [ClearstoneAttributes.COST_UNKNOWN]: true },
      })
      .build();
    expect(
      failureOf(() => expect(trace).toCostLessThan(0.05))
        .split('\n\n')
        .slice(0, 2)
        .join('\n'),
    ).toMatchInlineSnapshot(`
"expect(trace).toCostLessThan(0.05)
The trace's cost is unknown: no price for model 'acme-private-1' (1 call: 'chat acme-private-1' [<span>]), so it cannot be shown to cost less than $0.0500; give the prices (prices: { '<model>': { inputPerMillion, outputPerMillion } })."
`);
  });

  it('toPassPolicy with a context policy names the blocked call and the policy', () => {
    const trace = traceBuilder({ userId: 'u1' })
      .llm('gpt-4o')
      .tool('drop_table', { input: { table: 'orders' } })
      .build();
    expect(failureOf(() => expect(trace).toPassPolicy(dropsTables))).toMatchInlineSnapshot(`
"expect(trace).toPassPolicy(block_dangerous_tools)

Policy 'block_dangerous_tools' would have blocked tool call 'execute_tool drop_table' [<span>]: Dangerous tool blocked: 'drop_table'

Trace <trace-id>:
agent_run  OK  953.0 ms
├─ chat gpt-4o  OK  800.0 ms  model=gpt-4o
└─ execute_tool drop_table  OK  150.0 ms  tool=drop_table  ◀"
`);
    expect(failureOf(() => expect(trace).toPassPolicy(assertMaxLlmCalls(0))).split('\n\n')[1]).toMatch(
      /^Expected at most 0 LLM call\(s\), but there were 1: 'chat gpt-4o' \[<span>\]$/,
    );
    expect(
      failureOf(() => expect(traceBuilder().tool('lookup').build()).not.toPassPolicy([dropsTables])).split('\n\n')[1],
    ).toBe(
      'Expected PolicyEngine(block_dangerous_tools) to block or pause a call, but it allowed all 1 recorded tool and model call(s).',
    );
  });

  it('throws a clear error when the received value is not a trace', () => {
    expect(() => expect({ spans: [] }).toHaveNoErrors()).toThrow(
      /toHaveNoErrors: expected a Clearstone Trace .* received object\./,
    );
    expect(() => expect(undefined).toHaveCalledTool('x')).toThrow(/received undefined/);
  });
});
