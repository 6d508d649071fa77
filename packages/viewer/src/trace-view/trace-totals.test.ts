import {
  ClearstoneAttributes,
  ClearstoneEvents,
  GenAiAttributes,
  GovernedOutcomes,
  LegacyAttributes,
  SpanKind,
  SpanStatusCode,
  callCostAttributes,
  priceCall,
  traceCostOf,
  traceUsageOf,
} from '@clearstone/core';
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

const INPUT = GenAiAttributes.USAGE_INPUT_TOKENS;
const OUTPUT = GenAiAttributes.USAGE_OUTPUT_TOKENS;
const COST = ClearstoneAttributes.COST_USD;
const ACTION = ClearstoneAttributes.POLICY_ACTION;
const REASON = ClearstoneAttributes.POLICY_REASON;

const decision = (action: string, reason: string, timeNs?: bigint): SpanEvent => ({
  name: ClearstoneEvents.POLICY_DECISION,
  timeNs: timeNs ?? 5n,
  attributes: { [ACTION]: action, [REASON]: reason, [ClearstoneAttributes.POLICY_TOOL_CALL_ID]: 'call_1' },
});

describe('traceTotals', () => {
  it('counts each model call once, not the run totals on the root as well — as traceUsageOf and traceCostOf do', () => {
    const spans = [
      span('root', undefined, { [INPUT]: 30, [OUTPUT]: 7, [COST]: 0.3 }),
      span('chain', 'root'),
      span('llm1', 'chain', { [INPUT]: 10, [OUTPUT]: 2, [COST]: 0.1 }),
      span('llm2', 'root', { [INPUT]: 20, [OUTPUT]: 5, [COST]: 0.2 }),
    ];
    const totals = traceTotals(spans);
    expect(totals).toMatchObject({ inputTokens: 30, outputTokens: 7, totalTokens: 37 });
    expect(totals.costUsd).toBeCloseTo(0.3, 10);
    expect(totals.totalTokens).toBe(traceUsageOf(spans)?.totalTokens);
    expect(totals.costUsd).toBe(traceCostOf(spans));
  });

  it('breaks the cost down by kind of token and names the models whose cost is unknown', () => {
    const claude = priceCall({
      model: 'claude-sonnet-4-5-20250929',
      usage: {
        inputTokens: 24_200,
        outputTokens: 500,
        totalTokens: 24_700,
        cacheReadTokens: 20_000,
        cacheWriteTokens: 3000,
      },
    });
    const unknown = {
      [INPUT]: 100,
      [OUTPUT]: 10,
      [GenAiAttributes.RESPONSE_MODEL]: 'acme-private-1',
      [ClearstoneAttributes.COST_UNKNOWN]: true,
    };
    const totals = traceTotals([
      span('root', undefined),
      span('llm1', 'root', callCostAttributes(claude)),
      span('llm2', 'root', unknown),
    ]);
    expect(totals.costUsd).toBeCloseTo(claude.cost!.totalUsd, 12);
    expect(totals.cost?.cacheReadUsd).toBeCloseTo(0.006, 12);
    expect(totals.cost?.cacheWriteUsd).toBeCloseTo(3000 * 3.75e-6, 12);
    expect(totals.unknownCostModels).toEqual(['acme-private-1']);
    expect(traceTotals([span('root', undefined)]).unknownCostModels).toEqual([]);
  });

  it('counts usage reported only on the root, a total reported alone, and the Python SDK cost', () => {
    expect(traceTotals([span('root', undefined, { [INPUT]: 3, [OUTPUT]: 1 }), span('child', 'root')])).toMatchObject({
      inputTokens: 3,
      outputTokens: 1,
      totalTokens: 4,
    });
    expect(traceTotals([span('root', undefined, { [ClearstoneAttributes.USAGE_TOTAL_TOKENS]: 9 })]).totalTokens).toBe(
      9,
    );
    expect(traceTotals([span('llm', undefined, { [LegacyAttributes.LLM_COST]: 0.25 })]).costUsd).toBe(0.25);
    expect(traceTotals([span('root', undefined)]).costUsd).toBeUndefined();
  });

  it('flags blocked and paused traces from decisions and from governed calls that did not run', () => {
    const outcome = (value: string) => ({ [ClearstoneAttributes.GOVERNED_OUTCOME]: value });
    expect(traceTotals([span('root', undefined)])).toMatchObject({ blocked: false, paused: false, preventedCount: 0 });
    expect(
      traceTotals([span('root', undefined), span('tool', 'root', outcome(GovernedOutcomes.REJECTED))]),
    ).toMatchObject({ blocked: true, paused: false, preventedCount: 1 });
    expect(
      traceTotals([span('root', undefined), span('tool', 'root', outcome(GovernedOutcomes.PAUSED))]),
    ).toMatchObject({ blocked: false, paused: true, preventedCount: 1 });
    expect(
      traceTotals([span('root', undefined), span('tool', 'root', outcome(GovernedOutcomes.EXECUTED))]),
    ).toMatchObject({ blocked: false, paused: false, preventedCount: 0 });
    expect(traceTotals([span('root', undefined, {}, [decision('block', 'no')])])).toMatchObject({ blocked: true });
  });

  it('counts each decision once, even when copied onto the governed span as attributes', () => {
    const copied = { [ACTION]: 'block', [REASON]: 'no', [ClearstoneAttributes.POLICY_TOOL_CALL_ID]: 'call_1' };
    const totals = traceTotals([
      span('llm', undefined, copied, [decision('block', 'no')]),
      span('tool', 'llm', copied),
      span('other', 'llm', {}, [decision('pause', 'wait', 6n), decision('alert', 'look', 7n)]),
      span('solo', 'llm', { [ACTION]: 'pause', [REASON]: 'only attributes' }),
    ]);
    expect(totals).toMatchObject({ blockedCount: 1, pausedCount: 2, decisionCount: 4 });
  });

  it('survives parent cycles', () => {
    expect(traceTotals([span('a', 'b', { [INPUT]: 1 }), span('b', 'a', { [INPUT]: 2 })]).inputTokens).toBe(0);
  });
});
