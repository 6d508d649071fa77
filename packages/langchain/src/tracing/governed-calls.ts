import type { PolicyDecisionRecord } from '../decisions/decision-record';

/** The decisions the middleware took on one call that is not a LangChain run (yet). */
export interface GovernedCall {
  /** `tool:<toolCallId>` or `model:<node run id>`. */
  key: string;
  /** The run (agent node) the call is made from. */
  nodeRunId: string;
  /** Id reserved for the call's span. */
  spanId: string | undefined;
  /** The decisions, in order (e.g. PAUSE, then the BLOCK of a rejection). */
  records: PolicyDecisionRecord[];
}

const MAX_CALLS = 1000;

function keyOf(nodeRunId: string, record: PolicyDecisionRecord): string {
  return record.eventType === 'tool_call' && record.toolCallId ? `tool:${record.toolCallId}` : `model:${nodeRunId}`;
}

/**
 * Governed calls waiting for their span: a tool call's decisions wait for the tool run with the
 * same tool call id, a model call's for the next model run started in the same node. Bounded, so
 * calls whose run never comes do not accumulate.
 */
export class GovernedCalls {
  private readonly calls = new Map<string, GovernedCall>();

  /** Adds a decision taken in the node `nodeRunId`; returns the call it belongs to. */
  add(nodeRunId: string, record: PolicyDecisionRecord): GovernedCall {
    const key = keyOf(nodeRunId, record);
    let call = this.calls.get(key);
    if (!call) {
      call = { key, nodeRunId, spanId: record.spanId, records: [] };
      this.calls.set(key, call);
      if (this.calls.size > MAX_CALLS) this.calls.delete(this.calls.keys().next().value as string);
    }
    call.spanId ??= record.spanId;
    call.records.push(record);
    return call;
  }

  /** Forgets a call. */
  remove(call: GovernedCall): void {
    if (this.calls.get(call.key) === call) this.calls.delete(call.key);
  }

  /** Takes the decisions on the tool call `toolCallId`, when there are any. */
  takeTool(toolCallId: string): GovernedCall | undefined {
    return this.take(`tool:${toolCallId}`);
  }

  /** Takes the decisions on the model call made in the node `nodeRunId`, when there are any. */
  takeModel(nodeRunId: string): GovernedCall | undefined {
    return this.take(`model:${nodeRunId}`);
  }

  /** Takes every call made in the node `nodeRunId` that is still waiting. */
  takeNode(nodeRunId: string): GovernedCall[] {
    const taken: GovernedCall[] = [];
    for (const call of this.calls.values()) if (call.nodeRunId === nodeRunId) taken.push(call);
    for (const call of taken) this.calls.delete(call.key);
    return taken;
  }

  private take(key: string): GovernedCall | undefined {
    const call = this.calls.get(key);
    if (call) this.calls.delete(key);
    return call;
  }
}
