import { SpanKind, SpanStatusCode } from '@clearstone/core';
import type { Attributes, SpanEvent, SpanRecord } from '@clearstone/core';
import { traceTotals } from './trace-totals';

function span(
  spanId: string,
  parentSpanId: string | undefined,
  attributes: Attributes = {},
  events: SpanEvent[] = [],
): SpanRecord {
  return {
    traceId: 'a'.repeat(32),
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: spanId,
    kind: SpanKind.INTERNAL,
    startTimeNs: 1n,
    attributes,
    status: SpanStatusCode.OK,
    events,
    links: [],
    instrumentationName: 'test',
  };
}

const decision = (action: string, reason: string, timeNs?: bigint): SpanEvent => ({
  name: 'clearstone.policy.decision',
  timeNs: timeNs ?? 5n,
  attributes: {
    'clearstone.policy.action': action,
    'clearstone.policy.reason': reason,
    'clearstone.policy.tool_call_id': 'call_1',
  },
});

describe('traceTotals', () => {
  it('sums the innermost usage reports so run totals on ancestors are not counted twice', () => {
    const totals = traceTotals([
      span('root', undefined, {
        'gen_ai.usage.input_tokens': 30,
        'gen_ai.usage.output_tokens': 7,
        'clearstone.cost.usd': 0.3,
      }),
      span('chain', 'root'),
      span('llm1', 'chain', {
        'gen_ai.usage.input_tokens': 10,
        'gen_ai.usage.output_tokens': 2,
        'clearstone.cost.usd': 0.1,
      }),
      span('llm2', 'root', {
        'gen_ai.usage.input_tokens': 20,
        'gen_ai.usage.output_tokens': 5,
        'clearstone.cost.usd': 0.2,
      }),
    ]);
    expect(totals).toMatchObject({ inputTokens: 30, outputTokens: 7, totalTokens: 37 });
    expect(totals.costUsd).toBeCloseTo(0.3, 10);
  });

  it('counts usage reported only on the root, and prefers a reported total', () => {
    expect(
      traceTotals([
        span('root', undefined, { 'gen_ai.usage.input_tokens': 3, 'clearstone.usage.total_tokens': 9 }),
        span('child', 'root'),
      ]),
    ).toMatchObject({ inputTokens: 3, totalTokens: 9 });
    expect(traceTotals([span('root', undefined)]).costUsd).toBeUndefined();
  });

  it('counts each decision once, even when copied onto the governed span as attributes', () => {
    const copied = {
      'clearstone.policy.action': 'block',
      'clearstone.policy.reason': 'no',
      'clearstone.policy.tool_call_id': 'call_1',
    };
    const totals = traceTotals([
      span('llm', undefined, copied, [decision('block', 'no')]),
      span('tool', 'llm', copied),
      span('other', 'llm', {}, [decision('pause', 'wait', 6n), decision('alert', 'look', 7n)]),
      span('solo', 'llm', { 'clearstone.policy.action': 'pause', 'clearstone.policy.reason': 'only attributes' }),
    ]);
    expect(totals).toMatchObject({ blockedCount: 1, pausedCount: 2, decisionCount: 4 });
  });

  it('survives parent cycles', () => {
    expect(
      traceTotals([
        span('a', 'b', { 'gen_ai.usage.input_tokens': 1 }),
        span('b', 'a', { 'gen_ai.usage.input_tokens': 2 }),
      ]).inputTokens,
    ).toBe(0);
  });
});
