import { SpanStatusCode, captureSnapshot, generateSpanId } from '@clearstone/core';
import type { SpanRecord } from '@clearstone/core';
import type { StepNode } from './step-node';

/** Gap between consecutive steps, and between a parent's start and its first child: 1 ms. */
const GAP_NS = 1_000_000n;

const msToNs = (ms: number): bigint => BigInt(Math.round(ms * 1e6));

/**
 * Turns a node tree into span records (appended to `out` in start order): children start one
 * gap after the previous sibling ends; a parent ends one gap after its last child, or after its
 * own duration when that is longer.
 */
export function layoutSpans(
  node: StepNode,
  traceId: string,
  parentSpanId: string | undefined,
  startNs: bigint,
  out: SpanRecord[],
): SpanRecord {
  const record: SpanRecord = {
    traceId,
    spanId: generateSpanId(),
    name: node.name,
    kind: node.kind,
    startTimeNs: startNs,
    attributes: { ...node.attributes },
    status: node.status ?? SpanStatusCode.OK,
    events: node.events.map((event) => ({ name: event.name, timeNs: startNs, attributes: { ...event.attributes } })),
    links: [],
    instrumentationName: '@clearstone/testing',
  };
  if (parentSpanId !== undefined) record.parentSpanId = parentSpanId;
  out.push(record);
  let cursor = startNs;
  for (const child of node.children) {
    const laid = layoutSpans(child, traceId, record.spanId, cursor + GAP_NS, out);
    cursor = laid.endTimeNs!;
  }
  const childrenEnd = node.children.length > 0 ? cursor + GAP_NS : startNs;
  const ownEnd = startNs + msToNs(node.durationMs);
  record.endTimeNs = ownEnd > childrenEnd ? ownEnd : childrenEnd;
  record.durationNs = record.endTimeNs - startNs;
  if (node.hasInput) record.input = captureSnapshot(node.input);
  if (node.hasOutput) record.output = captureSnapshot(node.output);
  if (node.error !== undefined) {
    record.status = SpanStatusCode.ERROR;
    record.errorMessage = typeof node.error === 'string' ? node.error : node.error.message;
    if (typeof node.error !== 'string' && node.error.stack !== undefined) record.errorStack = node.error.stack;
    record.events.push({
      name: 'exception',
      timeNs: record.endTimeNs,
      attributes: { 'exception.message': record.errorMessage },
    });
  }
  return record;
}
