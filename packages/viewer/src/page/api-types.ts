// Shapes of the viewer's JSON API as the page receives them (epoch-ns times arrive as strings).

export type SpanStatus = 'UNSET' | 'OK' | 'ERROR';

export interface CostParts {
  totalUsd: number;
  inputUsd: number;
  outputUsd: number;
  cacheReadUsd: number;
  cacheWriteUsd: number;
  reasoningUsd: number;
}

export interface Totals {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd?: number;
  cost?: CostParts;
  unknownCostModels?: string[];
  blockedCount: number;
  pausedCount: number;
  decisionCount: number;
  preventedCount: number;
  blocked: boolean;
  paused: boolean;
}

export interface TraceListItem extends Totals {
  traceId: string;
  rootSpanId: string;
  name: string;
  status: SpanStatus;
  startTimeNs: string;
  durationMs?: number;
  spanCount: number;
}

export interface TraceListPage {
  traces: TraceListItem[];
  total: number;
  limit: number;
  offset: number;
  hasMore: boolean;
}

export type AttributeMap = Record<string, string | number | boolean | Array<string | number | boolean | null>>;

export type Snapshot =
  | { captured: true; json: string; sizeBytes?: number }
  | { captured: false; reason: string; type?: string; sizeBytes?: number }
  | { captured: true; error: string; raw: string };

export interface Decision {
  action: string;
  policyName?: string;
  reason?: string;
  eventType?: string;
  toolName?: string;
  toolCallId?: string;
  interventionId?: string;
  alerts?: string;
}

/** What became of a governed call (the server reads it from the span; the page never reads attribute names). */
export type GovernedOutcome = 'executed' | 'blocked' | 'rejected' | 'timed_out' | 'paused';

export type EventCategory = 'policy_decision' | 'exception' | 'other';

export interface SpanData {
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  status: SpanStatus;
  startTimeNs: string;
  offsetMs: number;
  durationMs?: number;
  depth: number;
  attributes: AttributeMap;
  events: Array<{ name: string; timeNs: string; offsetMs: number; attributes: AttributeMap; category: EventCategory }>;
  links: Array<{ traceId: string; spanId: string; attributes: AttributeMap }>;
  input?: Snapshot;
  output?: Snapshot;
  error?: { message?: string; type?: string; stack?: string };
  decisions: Decision[];
  outcome?: GovernedOutcome;
  prevented: boolean;
  llm?: {
    operation?: string;
    model?: string;
    responseModel?: string;
    provider?: string;
    inputTokens?: number;
    outputTokens?: number;
    cacheReadTokens?: number;
    cacheWriteTokens?: number;
    reasoningTokens?: number;
    costUsd?: number;
    cost?: CostParts;
    costUnknown?: boolean;
  };
  tool?: { name: string; callId?: string };
  instrumentation: { name: string; version?: string };
  plumbing: boolean;
}

export interface TraceData {
  traceId: string;
  rootSpanId: string;
  name: string;
  status: SpanStatus;
  startTimeNs: string;
  durationMs: number;
  spanCount: number;
  totals: Totals;
  spans: SpanData[];
}

export interface CheckpointData {
  checkpointId: string;
  spanId: string;
  spanName: string;
  createdAt: string;
  label?: string;
  path?: string;
  verified: boolean;
}

export interface Health {
  status: string;
  version: string;
  dbPath: string;
  checkpoints: 'verified' | 'directory' | 'none';
}

export interface FacetValue {
  value: string | number;
  traces: number;
}

export interface Facets {
  users: FacetValue[];
  sessions: FacetValue[];
}

export interface StepDecisionData {
  action: string;
  policy: string | null;
  reason: string | null;
}

export interface AgentStepData {
  index: number;
  spanId: string;
  spanName: string;
  kind: 'tool' | 'model';
  name: string;
  model: string | null;
  startOffsetMs: number;
  durationMs: number | null;
  status: string;
  error: string | null;
  outcome: GovernedOutcome | null;
  decision: StepDecisionData | null;
  input: string | null;
  output: string | null;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number | null;
}

export interface ComparedStepData {
  op: 'same' | 'changed' | 'added' | 'removed';
  kind: 'tool' | 'model';
  name: string;
  a: AgentStepData | null;
  b: AgentStepData | null;
  changes: string[];
  delta: {
    durationMs: number | null;
    inputTokens: number;
    outputTokens: number;
    totalTokens: number;
    costUsd: number | null;
  };
}

export interface RunTotalsData {
  durationMs: number | null;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number | null;
  modelCalls: number;
  toolCalls: number;
  blockedCalls: number;
  errors: number;
}

export interface ComparedRunData {
  traceId: string;
  name: string;
  status: string;
  startTime: string;
  totals: RunTotalsData;
}

export interface ComparisonData {
  a: ComparedRunData;
  b: ComparedRunData;
  identical: boolean;
  counts: { same: number; changed: number; added: number; removed: number };
  steps: ComparedStepData[];
  delta: RunTotalsData;
  decisionChanges: Array<{
    step: number;
    kind: 'tool' | 'model';
    name: string;
    policy: string | null;
    before: StepDecisionData | null;
    after: StepDecisionData | null;
  }>;
}
