export {
  InterventionClient,
  type InterventionClientOptions,
  type InterventionResult,
  type InterventionStorage,
  type WaitForApprovalOptions,
} from './intervention-client';
export { FileInterventionStore, defaultInterventionDirectory } from './file-intervention-store';
export { MemoryInterventionStore } from './memory-intervention-store';
export { actionFingerprint } from './action-fingerprint';
export type { InterventionRecord, InterventionStatus, InterventionStore } from './types';
export type { PromptInput, PromptOutput } from './terminal-prompt';
