export { GovernanceStoreChecks, type CheckedSpend } from './checks';
export { MemoryGovernanceStore } from './memory-governance-store';
export { SqliteGovernanceStore, type SqliteGovernanceStoreOptions } from './sqlite-governance-store';
export type {
  Awaitable,
  GovernanceStore,
  OnStoreError,
  RateSlot,
  RateSlotRequest,
  StoreResult,
  SyncGovernanceStore,
} from './types';
