import { ActionType, ClearstoneAttributes, InvalidArgumentError, SpanStatusCode } from '@clearstone/core';
import type { Trace } from '@clearstone/core';
import { traceBuilder } from '../trace-builder';
import { assertLlmCostIsLessThan } from './assert-llm-cost-is-less-than';
import { assertMaxDuration } from './assert-max-duration';
import { assertMaxLlmCalls } from './assert-max-llm-calls';
import { assertMaxTokens } from './assert-max-tokens';
import { assertNoErrorsInTrace } from './assert-no-errors-in-trace';
import { assertSpanOrder } from './assert-span-order';
import { assertToolNotCalled } from './assert-tool-not-called';
import { assertToolWasCalled } from './assert-tool-was-called';
import { assertTrajectory } from './assert-trajectory';
import { checkTrace } from './check-trace';

const researchRun = (): Trace =>
  traceBuilder({ agentId: 'researcher' })
    .span('plan')
    .tool('web_search', { input: { query: 'a' } })
    .tool('web_search', { input: { query: 'b' } })
    .llm('gpt-4o', { inputTokens: 1000, outputTokens: 200, costUsd: 0.02 })
    .span('synthesize')
    .llm('gpt-4o', { inputTokens: 500, outputTokens: 300, costUsd: 0.02 })
    .build();

/** A trace as the Python SDK recorded it: `tool.name` and `llm.cost` attributes, plain span names. */
const legacyRun = (): Trace =>
  traceBuilder()
    .span('think')
    .span('search_tool', { attributes: { 'tool.name': 'web_search' } })
    .span('llm_1', { attributes: { 'llm.cost': 0.02 } })
    .span('llm_2', { attributes: { 'llm.cost_usd': 0.02 } })
    .span('act')
    .build();

describe('assertToolWasCalled', () => {
  it('passes when the tool was called and blocks, naming the tools called, when it was not', () => {
    expect(assertToolWasCalled('web_search')(researchRun()).action).toBe(ActionType.ALLOW);
    const decision = assertToolWasCalled('calculator')(researchRun());
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toBe(
      "Expected tool 'calculator' to be called at least once, but it was not. Tools called: 'web_search'.",
    );
  });

  it('checks an exact count: 2 passes, 1 and 3 fail with the offending spans named', () => {
    const trace = researchRun();
    expect(assertToolWasCalled('web_search', { times: 2 })(trace).action).toBe(ActionType.ALLOW);
    const once = assertToolWasCalled('web_search', { times: 1 })(trace);
    expect(once.action).toBe(ActionType.BLOCK);
    const calls = trace.spans.filter((span) => span.name === 'execute_tool web_search');
    expect(once.reason).toBe(
      `Expected tool 'web_search' to be called 1 time(s), but it was called 2 time(s): 'execute_tool web_search' [${calls[0].spanId.slice(0, 8)}], 'execute_tool web_search' [${calls[1].spanId.slice(0, 8)}]`,
    );
    expect(once.metadata.spanIds).toEqual(calls.map((span) => span.spanId));
    expect(assertToolWasCalled('web_search', { times: 3 })(trace).action).toBe(ActionType.BLOCK);
  });

  it('treats times: 0 as "never called", and reads the Python SDK tool.name attribute', () => {
    expect(assertToolWasCalled('calculator', { times: 0 })(researchRun()).action).toBe(ActionType.ALLOW);
    expect(assertToolWasCalled('web_search', { times: 1 })(legacyRun()).action).toBe(ActionType.ALLOW);
  });

  it('uses a custom reason and is named after the assertion (not "policy")', () => {
    const assertion = assertToolWasCalled('calculator', { reason: 'The agent must compute.' });
    expect(assertion(researchRun()).reason).toBe('The agent must compute.');
    expect(assertion.name).toBe('assertToolWasCalled("calculator")');
    expect(assertToolWasCalled('web_search', { times: 2 }).name).toBe('assertToolWasCalled("web_search", {"times":2})');
  });

  it('rejects bad arguments with an InvalidArgumentError', () => {
    expect(() => assertToolWasCalled('')).toThrow(InvalidArgumentError);
    expect(() => assertToolWasCalled('x', { times: -1 })).toThrow(/times must be a non-negative integer/);
    expect(() => assertToolWasCalled('x', { times: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => assertToolWasCalled('x', { reason: '' })).toThrow(/reason must be a non-empty string/);
  });
});

describe('assertToolNotCalled', () => {
  it('passes when the tool never ran and names every call otherwise', () => {
    expect(assertToolNotCalled('delete_database')(researchRun()).action).toBe(ActionType.ALLOW);
    const decision = assertToolNotCalled('web_search')(researchRun());
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toMatch(
      /^Expected tool 'web_search' never to be called, but it was called 2 time\(s\): 'execute_tool web_search' \[[0-9a-f]{8}\], 'execute_tool web_search' \[[0-9a-f]{8}\]$/,
    );
  });
});

describe('assertLlmCostIsLessThan', () => {
  it('sums clearstone.cost.usd: 0.02 + 0.02 passes < 0.05 and fails < 0.04 (strictly less)', () => {
    expect(assertLlmCostIsLessThan(0.05)(researchRun()).action).toBe(ActionType.ALLOW);
    const decision = assertLlmCostIsLessThan(0.04)(researchRun());
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toMatch(
      /^Total LLM cost \$0\.0400 is not less than the limit of \$0\.0400; costliest spans: 'chat gpt-4o' \[[0-9a-f]{8}\] \$0\.0200, 'chat gpt-4o' \[[0-9a-f]{8}\] \$0\.0200$/,
    );
    expect(decision.metadata.totalCostUsd).toBeCloseTo(0.04);
  });

  it('reads the Python SDK attributes llm.cost and llm.cost_usd (§14.25)', () => {
    expect(assertLlmCostIsLessThan(0.05)(legacyRun()).action).toBe(ActionType.ALLOW);
    expect(assertLlmCostIsLessThan(0.04)(legacyRun()).action).toBe(ActionType.BLOCK);
  });

  it('fails, naming the models, when a call used tokens but its cost is unknown', () => {
    const unknown = { [ClearstoneAttributes.COST_UNKNOWN]: true };
    const trace = traceBuilder()
      .llm('gpt-4o', { inputTokens: 100, outputTokens: 20, costUsd: 0.0005 })
      .llm('acme-private-1', { inputTokens: 5000, outputTokens: 800, attributes: unknown })
      .llm('acme-private-1', { inputTokens: 5000, outputTokens: 800, attributes: unknown })
      .llm('FakeBuiltModel', { inputTokens: 10, outputTokens: 5, attributes: unknown })
      .build();
    const decision = assertLlmCostIsLessThan(0.05)(trace);
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toMatch(
      /^The trace's cost is unknown: no price for model 'acme-private-1', 'FakeBuiltModel' \(3 calls: 'chat acme-private-1' \[[0-9a-f]{8}\], .*\), so it cannot be shown to cost less than \$0\.0500; give the prices/,
    );
    expect(decision.metadata.unknownCostModels).toEqual(['acme-private-1', 'FakeBuiltModel']);
  });

  it('passes a trace that recorded no cost, and rejects a negative limit', () => {
    expect(assertLlmCostIsLessThan(0.01)(traceBuilder().tool('x').build()).action).toBe(ActionType.ALLOW);
    expect(() => assertLlmCostIsLessThan(-1)).toThrow(InvalidArgumentError);
    expect(() => assertLlmCostIsLessThan(Number.NaN)).toThrow(InvalidArgumentError);
  });
});

describe('assertNoErrorsInTrace', () => {
  it('passes a clean trace and blocks naming the failed span and its message', () => {
    expect(assertNoErrorsInTrace()(researchRun()).action).toBe(ActionType.ALLOW);
    const trace = traceBuilder()
      .tool('web_search')
      .error('rate limited')
      .tool('fetch')
      .error(new Error('timeout'))
      .build();
    const decision = assertNoErrorsInTrace()(trace);
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toMatch(
      /^Span 'execute_tool web_search' \[[0-9a-f]{8}\] failed: rate limited \(and 1 more failed span\(s\): 'execute_tool fetch' \[[0-9a-f]{8}\]\)$/,
    );
    expect(trace.spans.filter((span) => span.status === SpanStatusCode.ERROR)).toHaveLength(2);
  });
});

describe('assertSpanOrder', () => {
  const trace = traceBuilder().span('think').span('plan').span('act').build();

  it('accepts a subsequence, not necessarily adjacent (think, act)', () => {
    expect(assertSpanOrder(['think', 'act'])(trace).action).toBe(ActionType.ALLOW);
    expect(assertSpanOrder(['think', 'plan', 'act'])(trace).action).toBe(ActionType.ALLOW);
    expect(assertSpanOrder([])(trace).action).toBe(ActionType.ALLOW);
  });

  it('blocks the wrong order and a missing span, saying which step failed', () => {
    const reversed = assertSpanOrder(['act', 'think'])(trace);
    expect(reversed.action).toBe(ActionType.BLOCK);
    expect(reversed.reason).toMatch(
      /^Expected span sequence 'act' → 'think' was not found in order: matched 1 of 2, then no 'think' after 'act' \[[0-9a-f]{8}\]\. Spans in order: agent_run, think, plan, act$/,
    );
    expect(assertSpanOrder(['think', 'reflect'])(trace).reason).toContain("then no span is named 'reflect'");
  });
});

describe('assertMaxLlmCalls and assertMaxTokens', () => {
  it('count model calls (by operation or model attribute)', () => {
    expect(assertMaxLlmCalls(2)(researchRun()).action).toBe(ActionType.ALLOW);
    const decision = assertMaxLlmCalls(1)(researchRun());
    expect(decision.reason).toMatch(/^Expected at most 1 LLM call\(s\), but there were 2: 'chat gpt-4o'/);
    const byModelAttribute = traceBuilder()
      .span('call', { attributes: { 'gen_ai.request.model': 'llama3' } })
      .build();
    expect(assertMaxLlmCalls(0)(byModelAttribute).action).toBe(ActionType.BLOCK);
  });

  it('sum input and output tokens', () => {
    expect(assertMaxTokens(2000)(researchRun()).action).toBe(ActionType.ALLOW);
    const decision = assertMaxTokens(1999)(researchRun());
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toMatch(
      /^Used 2000 tokens, more than the limit of 1999; largest spans: 'chat gpt-4o' \[[0-9a-f]{8}\] 1200, 'chat gpt-4o' \[[0-9a-f]{8}\] 800$/,
    );
  });
});

describe('assertMaxDuration', () => {
  it('compares the root duration with the limit and names the slowest spans', () => {
    const trace = traceBuilder().llm('gpt-4o', { durationMs: 2000 }).tool('web_search', { durationMs: 300 }).build();
    expect(Number(trace.durationNs) / 1e6).toBe(2303);
    expect(assertMaxDuration(2303)(trace).action).toBe(ActionType.ALLOW);
    const decision = assertMaxDuration(1000)(trace);
    expect(decision.reason).toMatch(
      /^Trace took 2303\.0 ms, more than the limit of 1000 ms; slowest spans: 'chat gpt-4o' \[[0-9a-f]{8}\] 2000\.0 ms, 'execute_tool web_search' \[[0-9a-f]{8}\] 300\.0 ms$/,
    );
  });

  it('fails closed when no span of the trace has ended', () => {
    const trace = traceBuilder().build();
    const open: Trace = {
      ...trace,
      endTimeNs: undefined,
      durationNs: undefined,
      spans: trace.spans.map(({ endTimeNs: _end, durationNs: _duration, ...span }) => span),
    };
    expect(assertMaxDuration(1000)(open).reason).toBe('Trace duration is unknown: no span of the trace has ended.');
  });
});

describe('assertTrajectory', () => {
  const trace = traceBuilder().tool('search').tool('fetch').tool('search').build();

  it.each([
    ['strict', ['search', 'fetch', 'search'], true],
    ['strict', ['search', 'search', 'fetch'], false],
    ['unordered', ['search', 'search', 'fetch'], true],
    ['unordered', ['search', 'fetch'], false],
    ['subset', ['search', 'fetch', 'search', 'summarize'], true],
    ['subset', ['search', 'fetch'], false],
    ['superset', ['search', 'fetch'], true],
    ['superset', ['search', 'summarize'], false],
  ] as const)('%s %j → %s', (mode, expected, passes) => {
    expect(assertTrajectory(expected, { mode })(trace).action).toBe(passes ? ActionType.ALLOW : ActionType.BLOCK);
  });

  it('explains what is missing, unexpected or out of order', () => {
    expect(assertTrajectory(['search', 'search', 'fetch'])(trace).reason).toBe(
      'Tool trajectory does not match (strict): expected [search, search, fetch], got [search, fetch, search]; same calls in a different order.',
    );
    expect(assertTrajectory(['search', 'summarize'], { mode: 'superset' })(trace).reason).toBe(
      'Tool trajectory does not match (superset): expected [search, summarize], got [search, fetch, search]; missing [summarize].',
    );
    expect(assertTrajectory(['search'], { mode: 'subset' })(trace).reason).toBe(
      'Tool trajectory does not match (subset): expected [search], got [search, fetch, search]; unexpected [search, fetch].',
    );
    expect(() => assertTrajectory(['search'], { mode: 'loose' as never })).toThrow(
      /mode must be one of strict, unordered, subset, superset/,
    );
  });
});

describe('checkTrace', () => {
  it('returns one failure per failing assertion, named after it', () => {
    const failures = checkTrace(
      researchRun(),
      assertToolWasCalled('web_search'),
      assertToolNotCalled('web_search'),
      assertMaxLlmCalls(1),
      assertNoErrorsInTrace(),
    );
    expect(failures.map((failure) => failure.assertion)).toEqual([
      'assertToolNotCalled("web_search")',
      'assertMaxLlmCalls(1)',
    ]);
    expect(failures[1].reason).toMatch(/^Expected at most 1 LLM call/);
    expect(checkTrace(researchRun(), assertToolWasCalled('web_search'))).toEqual([]);
  });

  it('fails closed on an assertion that throws or returns a non-decision', () => {
    const broken = function brokenAssertion(): never {
      throw new Error('no spans table');
    };
    const failures = checkTrace(researchRun(), broken, (() => 'yes') as never);
    expect(failures.map((failure) => failure.reason)).toEqual([
      "Policy 'brokenAssertion' raised an exception: no spans table",
      "Policy 'anonymous_policy' returned string instead of a Decision (trace and span policies are synchronous)",
    ]);
  });
});
