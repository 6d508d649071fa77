import { generateSpanId } from '@clearstone/core';
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

/** Where a run's span is: its trace and span ids. */
export interface SpanLocation {
  /** Trace of the span. */
  traceId: string;
  /** The span. */
  spanId: string;
}

/** Finds the span a tracing handler keeps for a LangChain run id. */
export type RunLocator = (runId: string) => SpanLocation | undefined;

const locatorKey = Symbol.for('clearstone.langchain.run-locators');

interface Locators {
  locators: Set<RunLocator>;
  reserved: Map<string, string>;
}

function locatorRegistry(): Locators {
  const holder = globalThis as typeof globalThis & { [locatorKey]?: Locators };
  return (holder[locatorKey] ??= { locators: new Set(), reserved: new Map() });
}

/** Registers a tracing handler's run locator; returns the unregister function. */
export function registerRunLocator(locator: RunLocator): () => void {
  locatorRegistry().locators.add(locator);
  return () => locatorRegistry().locators.delete(locator);
}

/** The span recorded for `runId` by a tracing handler, when one records it. */
export function locateRun(runId: string | undefined): SpanLocation | undefined {
  if (runId === undefined) return undefined;
  for (const locator of locatorRegistry().locators) {
    const location = locator(runId);
    if (location) return location;
  }
  return undefined;
}

/**
 * The span a run has or will have: its own when a tracing handler already started it; otherwise
 * a span id reserved now (taken by the tracing handler when the run starts) in the parent run's
 * trace. Undefined when no tracing handler records the run's parent.
 */
export function reserveRunSpan(runId: string, parentRunId: string | undefined): SpanLocation | undefined {
  const own = locateRun(runId);
  if (own) return own;
  const parent = locateRun(parentRunId);
  if (!parent) return undefined;
  const { reserved } = locatorRegistry();
  let spanId = reserved.get(runId);
  if (spanId === undefined) {
    spanId = generateSpanId();
    reserved.set(runId, spanId);
    if (reserved.size > MAX_PENDING_RUNS) reserved.delete(reserved.keys().next().value as string);
  }
  return { traceId: parent.traceId, spanId };
}

/** Takes the span id reserved for `runId` by {@link reserveRunSpan}, if any. */
export function takeReservedSpanId(runId: string): string | undefined {
  const { reserved } = locatorRegistry();
  const spanId = reserved.get(runId);
  if (spanId !== undefined) reserved.delete(runId);
  return spanId;
}

/**
 * Method key of a callback handler that takes the middleware's decisions directly, without a
 * LangChain custom event (`TracingCallbackHandler` does, when it runs on the run's path).
 */
export const DECISION_RECEIVER = Symbol.for('clearstone.langchain.decision-receiver');

/** A callback handler that takes decisions directly (see {@link DECISION_RECEIVER}). */
export interface DecisionReceiver {
  /** Records a decision taken on the run `runId`. */
  [DECISION_RECEIVER](runId: string, record: PolicyDecisionRecord): void;
}
