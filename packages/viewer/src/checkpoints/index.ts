export { listCheckpointDirectory } from './checkpoint-directory';
export type { CheckpointLink, CheckpointSource } from './checkpoint-source';
