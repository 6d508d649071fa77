import type { PolicyDecisionRecord } from './decision-record';

/** Receives decisions published for a LangChain run id. Returns true when it recorded it. */
export type DecisionListener = (runId: string, record: PolicyDecisionRecord) => boolean;

interface Channel {
  listeners: Set<DecisionListener>;
  pending: Map<string, PolicyDecisionRecord[]>;
}

const channelKey = Symbol.for('clearstone.langchain.decision-channel');
const MAX_PENDING_RUNS = 1000;

function channel(): Channel {
  const holder = globalThis as typeof globalThis & { [channelKey]?: Channel };
  return (holder[channelKey] ??= { listeners: new Set(), pending: new Map() });
}

/**
 * Publishes a decision taken on the run `runId` to the tracing handlers. When no handler has a
 * span for the run yet (callbacks may run in any order), it is kept until one claims it.
 */
export function publishDecision(runId: string, record: PolicyDecisionRecord): void {
  const { listeners, pending } = channel();
  let recorded = false;
  for (const listener of listeners) recorded = listener(runId, record) || recorded;
  if (recorded) return;
  const list = pending.get(runId) ?? [];
  list.push(record);
  pending.set(runId, list);
  if (pending.size > MAX_PENDING_RUNS) pending.delete(pending.keys().next().value as string);
}

/** Subscribes to published decisions; returns the unsubscribe function. */
export function subscribeDecisions(listener: DecisionListener): () => void {
  channel().listeners.add(listener);
  return () => channel().listeners.delete(listener);
}

/** Takes the decisions published for `runId` before anyone recorded them. */
export function takePendingDecisions(runId: string): PolicyDecisionRecord[] {
  const { pending } = channel();
  const list = pending.get(runId) ?? [];
  pending.delete(runId);
  return list;
}
