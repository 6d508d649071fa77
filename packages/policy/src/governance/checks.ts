import { InvalidArgumentError } from '@clearstone/core';
import type { SpendEntry } from '../builtins/cost/budget-ledger';
import type { InterventionRecord } from '../intervention/types';
import type { RateSlotRequest } from './types';

/** Validates a rate-slot request (every store does, so all behave the same on bad input). */
export function checkRateSlotRequest(store: string, request: RateSlotRequest): void {
  if (request === null || typeof request !== 'object')
    throw new InvalidArgumentError({ message: `${store}.takeRateSlot needs a request object.`, argument: 'request' });
  const { key, limit, windowMs, now } = request;
  if (typeof key !== 'string' || key === '')
    throw new InvalidArgumentError({ message: `${store}: a rate key must be a non-empty string.`, argument: 'key' });
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0)
    throw new InvalidArgumentError({ message: `${store}: limit must be a non-negative integer.`, argument: 'limit' });
  checkWindow(store, windowMs, now);
}

/** Validates a window length and a time. */
export function checkWindow(store: string, windowMs: unknown, now: unknown): void {
  if (typeof windowMs !== 'number' || !Number.isFinite(windowMs) || windowMs <= 0)
    throw new InvalidArgumentError({
      message: `${store}: windowMs must be a positive number of milliseconds.`,
      argument: 'windowMs',
    });
  if (typeof now !== 'number' || !Number.isFinite(now))
    throw new InvalidArgumentError({ message: `${store}: now must be a time in epoch milliseconds.`, argument: 'now' });
}

/** A spend entry, checked and normalised: what every store records. */
export interface CheckedSpend {
  /** When the call was made, epoch milliseconds. */
  at: number;
  /** The user the call was made for. */
  userId: string;
  /** The session, or null. */
  sessionId: string | null;
  /** The agent, or null. */
  agentId: string | null;
  /** The model, or null. */
  model: string | null;
  /** Cost in US dollars, or null when unknown. */
  usd: number | null;
  /** Tokens, rounded to a whole number. */
  tokens: number;
}

function optionalText(store: string, value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string')
    throw new InvalidArgumentError({ message: `${store}: ${name} must be a string.`, argument: name });
  return value;
}

/** Validates and normalises a spend entry. @throws InvalidArgumentError */
export function checkSpend(store: string, entry: SpendEntry): CheckedSpend {
  if (entry === null || typeof entry !== 'object' || typeof entry.userId !== 'string' || entry.userId === '')
    throw new InvalidArgumentError({ message: `${store}: a spend entry needs a userId.`, argument: 'entry' });
  const { usd, tokens } = entry;
  if (usd !== undefined && (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0))
    throw new InvalidArgumentError({ message: `${store}: usd must be a non-negative number.`, argument: 'usd' });
  if (typeof tokens !== 'number' || !Number.isFinite(tokens) || tokens < 0)
    throw new InvalidArgumentError({ message: `${store}: tokens must be a non-negative number.`, argument: 'tokens' });
  const at = entry.at === undefined ? Date.now() : typeof entry.at === 'number' ? entry.at : entry.at.getTime();
  if (!Number.isFinite(at))
    throw new InvalidArgumentError({ message: `${store}: at is not a valid time.`, argument: 'at' });
  return {
    at,
    userId: entry.userId,
    sessionId: optionalText(store, entry.sessionId, 'sessionId'),
    agentId: optionalText(store, entry.agentId, 'agentId'),
    model: optionalText(store, entry.model, 'model'),
    usd: usd ?? null,
    tokens: Math.round(tokens),
  };
}

/** Validates an intervention record before it is stored. @throws InvalidArgumentError */
export function checkInterventionRecord(store: string, record: InterventionRecord): void {
  if (record === null || typeof record !== 'object' || typeof record.id !== 'string' || record.id === '')
    throw new InvalidArgumentError({ message: `${store}: an intervention record needs an id.`, argument: 'record' });
  if (record.id.length > 200)
    throw new InvalidArgumentError({
      message: `${store}: intervention ids are at most 200 characters.`,
      argument: 'id',
    });
  if (record.status !== 'pending' && record.status !== 'approved' && record.status !== 'rejected')
    throw new InvalidArgumentError({
      message: `${store}: intervention status must be 'pending', 'approved' or 'rejected'.`,
      argument: 'status',
    });
  if (typeof record.createdAt !== 'string' || Number.isNaN(Date.parse(record.createdAt)))
    throw new InvalidArgumentError({
      message: `${store}: intervention createdAt must be an ISO-8601 time.`,
      argument: 'createdAt',
    });
}

/** Milliseconds of an ISO-8601 time (0 when unreadable), for ordering interventions. */
export function createdMs(record: InterventionRecord): number {
  const ms = Date.parse(record.createdAt);
  return Number.isNaN(ms) ? 0 : ms;
}

/**
 * The input checks every built-in `GovernanceStore` runs, for stores written elsewhere (a
 * Postgres or DynamoDB store) to reject bad input with the same `InvalidArgumentError`s:
 * `rateSlotRequest(store, request)`, `window(store, windowMs, now)`, `spend(store, entry)` (answers
 * the entry normalised: time in ms, nulls for absent fields, whole tokens),
 * `interventionRecord(store, record)`, and `createdMs(record)` for ordering.
 *
 * @example
 * ```ts
 * GovernanceStoreChecks.rateSlotRequest('MyStore', { key: 'k', limit: 10, windowMs: 1000, now: Date.now() });
 * ```
 */
export const GovernanceStoreChecks = Object.freeze({
  rateSlotRequest: checkRateSlotRequest,
  window: checkWindow,
  spend: checkSpend,
  interventionRecord: checkInterventionRecord,
  createdMs,
});
