import { generateSpanId } from '@clearstone/core';
import { ensureConfig, getCallbackManagerForConfig } from '@langchain/core/runnables';
import { locateRun, type SpanLocation } from '../decisions/decision-channel';

/** The LangChain run the middleware is running in (the agent's model or tools node), if any. */
async function currentRunId(): Promise<string | undefined> {
  try {
    const manager = await getCallbackManagerForConfig(ensureConfig());
    return manager?.getParentRunId();
  } catch {
    return undefined;
  }
}

/**
 * Where the span of a governed call will be: a fresh span id in the trace of the node the call is
 * made from, when a `TracingCallbackHandler` records that node. The tracing handler gives the
 * call's span this id whether the call runs or not, so decisions and audit entries link to it.
 */
export async function governedCallLocation(): Promise<SpanLocation | undefined> {
  const node = locateRun(await currentRunId());
  return node ? { traceId: node.traceId, spanId: generateSpanId() } : undefined;
}
