/**
 * @clearstone/debugging — time-travel debugging for AI agents: checkpoints of agent state at any
 * span of a recorded trace, rehydration, deterministic replay of recorded model and tool outputs,
 * debugger sessions and forks with run diffs.
 *
 * @example
 * ```ts
 * import { CheckpointManager, ReplayEngine, registerAgentClass } from '@clearstone/debugging';
 *
 * registerAgentClass(TravelAgent);
 * const manager = new CheckpointManager({ dir: '.checkpoints' });
 * const checkpoint = manager.createCheckpoint(agent, trace, spanId);
 * const engine = new ReplayEngine(checkpoint);
 * const answer = await engine.replay('resume', [], { mocks: [{ target: (a) => a.llm, method: 'invoke', spans: 'llm.invoke' }] });
 * ```
 * @packageDocumentation
 */

// Checkpoints
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  CheckpointManager,
  captureAgentState,
  isAgentStateSnapshot,
} from './checkpoint';
export type {
  AgentStateSnapshot,
  CaptureStateOptions,
  Checkpoint,
  CheckpointDocument,
  CheckpointManagerOptions,
  CheckpointMetadata,
  CheckpointSpanSelection,
  CheckpointSummary,
  CreateCheckpointOptions,
  Integrity,
  StateSource,
} from './checkpoint';

// Rehydration and replay
export {
  ReplayEngine,
  registerAgentClass,
  registeredAgentClassNames,
  rehydrateAgent,
  unregisterAgentClass,
} from './replay';
export type {
  AgentClass,
  DebuggingSessionOptions,
  ForkOptions,
  ForkResult,
  ReplayEngineOptions,
  ReplayMock,
  ReplayOptions,
  ReplayWindow,
  TraceSource,
} from './replay';

// Deterministic execution
export { DeterministicExecutionContext, SeededRandom } from './deterministic';
export type { DeterministicContextOptions, MockTarget, ReplayCall, SpanMatcher } from './deterministic';

// Run comparison
export { compareRuns, compareTraces, formatTraceComparison } from './diff';
export type {
  AgentStep,
  ComparedRun,
  ComparedStep,
  CompareRunsOptions,
  ComparisonTextStyles,
  DecisionChange,
  FormatTraceComparisonOptions,
  OutputChange,
  RunTotals,
  StepChange,
  StepCounts,
  StepDecision,
  StepDelta,
  StepKind,
  ToolCallSummary,
  TotalsDelta,
  TraceComparison,
  TraceDiff,
} from './diff';

// Errors
export { CheckpointError, DiffError, ReplayError } from './errors';
export type { CheckpointErrorCode, DiffErrorCode, ReplayErrorCode } from './errors';
