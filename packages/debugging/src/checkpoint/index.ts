export { CheckpointManager, type CheckpointManagerOptions, type CreateCheckpointOptions } from './checkpoint-manager';
export {
  captureAgentState,
  isAgentStateSnapshot,
  type AgentStateSnapshot,
  type CaptureStateOptions,
} from './capture-agent-state';
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointSummary,
  type StateSource,
} from './checkpoint-types';
export { type CheckpointDocument } from './checkpoint-document';
export { type Integrity } from './integrity';
export { type CheckpointSpanSelection } from './select-spans';
