import {
  GovernanceStoreChecks,
  type CheckedSpend,
  type InterventionRecord,
  type RateSlotRequest,
} from '@clearstone/policy';
import type { SpendEntry } from '@clearstone/policy/builtins';

const STORE = 'RedisGovernanceStore';

/** @throws InvalidArgumentError for a bad request, as every governance store does. */
export const checkRequest = (request: RateSlotRequest): void => GovernanceStoreChecks.rateSlotRequest(STORE, request);
/** @throws InvalidArgumentError for a bad window or time. */
export const checkWindow = (windowMs: number, now: number): void => GovernanceStoreChecks.window(STORE, windowMs, now);
/** @throws InvalidArgumentError for a bad spend entry; answers it normalised. */
export const checkSpend = (entry: SpendEntry): CheckedSpend => GovernanceStoreChecks.spend(STORE, entry);
/** @throws InvalidArgumentError for a record without an id, status or creation time. */
export const checkRecord = (record: InterventionRecord): void =>
  GovernanceStoreChecks.interventionRecord(STORE, record);
/** Creation time of a record in ms, for ordering. */
export const createdMs = (record: InterventionRecord): number => GovernanceStoreChecks.createdMs(record);
