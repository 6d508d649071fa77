import { createHash } from 'node:crypto';
import type { AuditEntry, AuditVerification } from './types';

/** `previousHash` of the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an entry covered by its hash, in a fixed order. */
export type AuditFields = Omit<AuditEntry, 'previousHash' | 'hash'>;

/** The fields that link an entry to the call it was about; absent in entries of earlier versions. */
export const AUDIT_LINK_FIELDS = ['traceId', 'spanId', 'eventType', 'toolName', 'model'] as const;

/** How many of the link fields `fields` carries (0 for an entry written before they existed). */
function linkFieldCount(fields: AuditFields): number {
  let count = 0;
  for (const field of AUDIT_LINK_FIELDS) if ((fields as Partial<AuditFields>)[field] !== undefined) count++;
  return count;
}

/**
 * The canonical text of an entry's fields (a JSON array in a fixed order). An entry without the
 * link fields (written by an earlier version) keeps the canonical form it was hashed with.
 */
export function canonicalEntry(fields: AuditFields): string {
  const base = [
    fields.timestamp,
    fields.policyName,
    fields.decision,
    fields.reason,
    fields.userId,
    fields.agentId,
    fields.sessionId,
    fields.requestId,
    fields.error,
  ];
  if (linkFieldCount(fields) === 0) return JSON.stringify(base);
  return JSON.stringify([
    ...base,
    fields.traceId ?? null,
    fields.spanId ?? null,
    fields.eventType ?? null,
    fields.toolName ?? null,
    fields.model ?? null,
  ]);
}

/** sha256 (hex) of the previous hash and the canonical entry. */
export function chainHash(previousHash: string, fields: AuditFields): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalEntry(fields)).digest('hex');
}

/**
 * Checks a sequence of entries: each hash must match its content and each `previousHash` the
 * hash before it. With `requireGenesis` (default true) the first entry must start the chain.
 * Entries of earlier versions (without the link fields) verify, also in a chain continued by
 * this version; an entry with only some of the link fields does not.
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
    const links = linkFieldCount(entry);
    if (links !== 0 && links !== AUDIT_LINK_FIELDS.length) {
      return {
        ok: false,
        checked: index + 1,
        firstInvalidIndex: index,
        reason: `entry has only some of the fields ${AUDIT_LINK_FIELDS.join(', ')} (the entry was altered)`,
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
