import { createHash } from 'node:crypto';
import type { AuditEntry, AuditVerification } from './types';

/** `previousHash` of the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an entry covered by its hash, in a fixed order. */
export type AuditFields = Omit<AuditEntry, 'previousHash' | 'hash'>;

/** The canonical text of an entry's fields (a JSON array in a fixed order). */
export function canonicalEntry(fields: AuditFields): string {
  return JSON.stringify([
    fields.timestamp,
    fields.policyName,
    fields.decision,
    fields.reason,
    fields.userId,
    fields.agentId,
    fields.sessionId,
    fields.requestId,
    fields.error,
  ]);
}

/** sha256 (hex) of the previous hash and the canonical entry. */
export function chainHash(previousHash: string, fields: AuditFields): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalEntry(fields)).digest('hex');
}

/**
 * Checks a sequence of entries: each hash must match its content and each `previousHash` the
 * hash before it. With `requireGenesis` (default true) the first entry must start the chain.
 *
 * @example
 * ```ts
 * const result = verifyAuditEntries(JSON.parse(fs.readFileSync('audit.json', 'utf8')));
 * if (!result.ok) console.error(`entry ${result.firstInvalidIndex}: ${result.reason}`);
 * ```
 */
export function verifyAuditEntries(
  entries: readonly AuditEntry[],
  options: { requireGenesis?: boolean } = {},
): AuditVerification {
  const requireGenesis = options.requireGenesis ?? true;
  let expectedPrevious: string | undefined = requireGenesis ? GENESIS_HASH : undefined;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    if (
      entry === null ||
      typeof entry !== 'object' ||
      typeof entry.hash !== 'string' ||
      typeof entry.previousHash !== 'string'
    ) {
      return {
        ok: false,
        checked: index + 1,
        firstInvalidIndex: index,
        reason: 'entry is not an audit entry (hash fields missing)',
      };
    }
    if (expectedPrevious !== undefined && entry.previousHash !== expectedPrevious) {
      const reason =
        index === 0
          ? 'chain does not start at the genesis hash (entries before it are missing)'
          : `previousHash does not match the hash of entry ${index - 1} (an entry was removed, reordered or altered)`;
      return { ok: false, checked: index + 1, firstInvalidIndex: index, reason };
    }
    if (chainHash(entry.previousHash, entry) !== entry.hash) {
      return {
        ok: false,
        checked: index + 1,
        firstInvalidIndex: index,
        reason: 'hash does not match the entry content (the entry was altered)',
      };
    }
    expectedPrevious = entry.hash;
  }
  return { ok: true, checked: entries.length };
}
