import { generateSpanId } from '@clearstone/core';
import { locateRun, type SpanLocation } from '../decisions/decision-channel';
import type { NodeCallbacks } from './node-callbacks';

/**
 * Where the span of a governed call will be: a fresh span id in the trace of the node the call is
 * made from (`callbacks`: the node's callback manager), when a `TracingCallbackHandler` records
 * that node. The tracing handler gives the call's span this id whether the call runs or not, so
 * decisions and audit entries link to it.
 */
export function governedCallLocation(callbacks: NodeCallbacks | undefined): SpanLocation | undefined {
  const node = callbacks === undefined ? undefined : locateRun(callbacks.getParentRunId());
  return node ? { traceId: node.traceId, spanId: generateSpanId() } : undefined;
}
