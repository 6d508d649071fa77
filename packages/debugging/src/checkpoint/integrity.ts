import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { CheckpointError } from '../errors/checkpoint-error';

/** The integrity block of a checkpoint file. */
export interface Integrity {
  /** `'sha256'` detects damage; `'hmac-sha256'` (with a secret key) also detects deliberate edits. */
  algorithm: 'sha256' | 'hmac-sha256';
  /** Lowercase hex digest of the canonical JSON of the rest of the document. */
  digest: string;
}

/** Computes the integrity block for canonical document text. */
export function computeIntegrity(canonicalText: string, hmacKey?: string | Uint8Array): Integrity {
  if (hmacKey !== undefined) {
    return {
      algorithm: 'hmac-sha256',
      digest: createHmac('sha256', hmacKey).update(canonicalText, 'utf8').digest('hex'),
    };
  }
  return { algorithm: 'sha256', digest: createHash('sha256').update(canonicalText, 'utf8').digest('hex') };
}

/**
 * Verifies a stored integrity block. A manager configured with an HMAC key refuses unsigned
 * (plain sha256) files, so a forged file cannot pass by downgrading its algorithm.
 */
export function verifyIntegrity(
  canonicalText: string,
  stored: unknown,
  hmacKey: string | Uint8Array | undefined,
  path: string,
): void {
  const block = stored as Partial<Integrity> | null;
  if (
    block === null ||
    typeof block !== 'object' ||
    typeof block.digest !== 'string' ||
    !/^[0-9a-f]{64}$/.test(block.digest)
  ) {
    throw new CheckpointError({
      code: 'CHECKPOINT_CORRUPT',
      message: `Corrupt checkpoint ${path}: the integrity block is missing or malformed.`,
    });
  }
  if (block.algorithm === 'hmac-sha256' && hmacKey === undefined) {
    throw new CheckpointError({
      code: 'CHECKPOINT_KEY_REQUIRED',
      message: `Checkpoint ${path} is signed with HMAC-SHA256; pass the signing key as CheckpointManager({ hmacKey }) to load it.`,
    });
  }
  if (block.algorithm === 'sha256' && hmacKey !== undefined) {
    throw new CheckpointError({
      code: 'CHECKPOINT_TAMPERED',
      message: `Checkpoint ${path} is not signed, but this manager requires HMAC-SHA256 signatures; refusing to trust it.`,
    });
  }
  if (block.algorithm !== 'sha256' && block.algorithm !== 'hmac-sha256') {
    throw new CheckpointError({
      code: 'CHECKPOINT_CORRUPT',
      message: `Corrupt checkpoint ${path}: unknown integrity algorithm ${JSON.stringify(block.algorithm)}.`,
    });
  }
  const expected = computeIntegrity(canonicalText, hmacKey).digest;
  if (!timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(block.digest, 'hex'))) {
    const why =
      block.algorithm === 'hmac-sha256'
        ? 'the content was modified or it was signed with a different key'
        : 'the content was modified or damaged after it was written';
    throw new CheckpointError({
      code: 'CHECKPOINT_TAMPERED',
      message: `Checkpoint ${path} failed its integrity check: ${why}.`,
    });
  }
}
