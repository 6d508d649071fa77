import type { SpanRecord } from '@clearstone/core';
import { ancestorsOf } from '../checkpoint/select-spans';
import type { ReplayWindow } from './replay-types';

/** The spans a replay's mocks draw from, per {@link ReplayWindow}. */
export function replayWindow(spans: readonly SpanRecord[], checkpointSpanId: string, from: ReplayWindow): SpanRecord[] {
  if (from === 'trace') return [...spans];
  const span = spans.find((item) => item.spanId === checkpointSpanId);
  if (span === undefined) return [...spans];
  const anchor = from === 'parent' ? (spans.find((item) => item.spanId === span.parentSpanId) ?? span) : span;
  const excluded = new Set(ancestorsOf(spans, anchor).map((item) => item.spanId));
  return spans.filter((item) => item.startTimeNs >= anchor.startTimeNs && !excluded.has(item.spanId));
}
