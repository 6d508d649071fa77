export { CheckpointError, type CheckpointErrorCode } from './checkpoint-error';
export { ReplayError, type ReplayErrorCode } from './replay-error';
export { DiffError, type DiffErrorCode } from './diff-error';
