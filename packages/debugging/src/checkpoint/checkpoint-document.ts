import { deserialize, type SpanRecord } from '@clearstone/core';
import { CheckpointError } from '../errors/checkpoint-error';
import { canonicalJson } from './canonical-json';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
  type Checkpoint,
  type CheckpointMetadata,
} from './checkpoint-types';
import { computeIntegrity, verifyIntegrity, type Integrity } from './integrity';
import { decodeSpan, encodeSpan, type EncodedSpan } from './span-codec';

/** The JSON document stored in a `.ckpt` file. */
export interface CheckpointDocument {
  /** Always {@link CHECKPOINT_FORMAT}. */
  format: typeof CHECKPOINT_FORMAT;
  /** Format version the file was written in; see {@link CHECKPOINT_FORMAT_VERSION}. */
  version: number;
  /** The checkpoint's descriptive fields. */
  metadata: CheckpointMetadata;
  /** A `serialize` envelope of the agent state, stored as JSON. */
  state: unknown;
  /** The checkpoint's spans, in a JSON-safe encoding. */
  spans: EncodedSpan[];
  /** Digest of the rest of the document, to detect damage (and, with an HMAC key, edits). */
  integrity: Integrity;
}

function signedPart(document: Pick<CheckpointDocument, 'format' | 'version' | 'metadata' | 'state' | 'spans'>): string {
  return canonicalJson({
    format: document.format,
    version: document.version,
    metadata: document.metadata,
    state: document.state,
    spans: document.spans,
  });
}

/** Builds the file text of a checkpoint. */
export function encodeCheckpoint(
  input: { metadata: CheckpointMetadata; serializedState: string; spans: readonly SpanRecord[] },
  hmacKey?: string | Uint8Array,
): string {
  const body = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_FORMAT_VERSION,
    metadata: input.metadata,
    state: JSON.parse(input.serializedState) as unknown,
    spans: input.spans.map(encodeSpan),
  } as const;
  const document: CheckpointDocument = { ...body, integrity: computeIntegrity(signedPart(body), hmacKey) };
  return `${JSON.stringify(document, null, 2)}\n`;
}

const METADATA_STRINGS = [
  'checkpointId',
  'traceId',
  'spanId',
  'spanName',
  'createdAt',
  'agentClass',
  'agentKind',
  'stateSource',
  'sdkVersion',
  'nodeVersion',
] as const;

function checkMetadata(value: unknown, path: string): CheckpointMetadata {
  const record = value as Record<string, unknown> | null;
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw new CheckpointError({
      code: 'CHECKPOINT_CORRUPT',
      message: `Corrupt checkpoint ${path}: metadata is not an object.`,
    });
  }
  for (const field of METADATA_STRINGS) {
    if (typeof record[field] !== 'string') {
      throw new CheckpointError({
        code: 'CHECKPOINT_CORRUPT',
        message: `Corrupt checkpoint ${path}: metadata field '${field}' is missing.`,
      });
    }
  }
  if (
    !/^ckpt_[0-9a-f]{32}$/.test(record.checkpointId as string) ||
    (record.agentKind !== 'plain' && record.agentKind !== 'class')
  ) {
    throw new CheckpointError({
      code: 'CHECKPOINT_CORRUPT',
      message: `Corrupt checkpoint ${path}: malformed metadata.`,
    });
  }
  return record as unknown as CheckpointMetadata;
}

/**
 * Parses and verifies checkpoint file text. Only JSON parsing and the hybrid serializer's data
 * decoding run: nothing in the file is ever executed.
 */
export function decodeCheckpointDocument(
  text: string,
  path: string,
  hmacKey?: string | Uint8Array,
): Omit<Checkpoint, 'state'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError({
      code: 'CHECKPOINT_CORRUPT',
      message: `Corrupt checkpoint ${path}: not valid JSON (the file is truncated or damaged): ${(error as Error).message}`,
      cause: error,
    });
  }
  const document = parsed as Partial<CheckpointDocument> | null;
  if (
    document === null ||
    typeof document !== 'object' ||
    Array.isArray(document) ||
    document.format !== CHECKPOINT_FORMAT
  ) {
    throw new CheckpointError({
      code: 'CHECKPOINT_FOREIGN',
      message: `${path} is not a Clearstone checkpoint (no "format": "${CHECKPOINT_FORMAT}" field).`,
    });
  }
  if (typeof document.version !== 'number' || !Number.isInteger(document.version) || document.version < 1) {
    throw new CheckpointError({
      code: 'CHECKPOINT_CORRUPT',
      message: `Corrupt checkpoint ${path}: invalid format version ${JSON.stringify(document.version)}.`,
    });
  }
  if (document.version > CHECKPOINT_FORMAT_VERSION) {
    throw new CheckpointError({
      code: 'CHECKPOINT_UNSUPPORTED_VERSION',
      message: `Checkpoint ${path} uses format version ${document.version}; this SDK reads versions up to ${CHECKPOINT_FORMAT_VERSION}. Upgrade @clearstone/debugging.`,
    });
  }
  if (!('state' in document) || !Array.isArray(document.spans)) {
    throw new CheckpointError({
      code: 'CHECKPOINT_CORRUPT',
      message: `Corrupt checkpoint ${path}: the state or spans section is missing.`,
    });
  }
  try {
    verifyIntegrity(signedPart(document as CheckpointDocument), document.integrity, hmacKey, path);
    const metadata = checkMetadata(document.metadata, path);
    const spans = document.spans.map(decodeSpan);
    return { metadata, serializedState: JSON.stringify(document.state), spans, path };
  } catch (error) {
    if (CheckpointError.isInstance(error)) throw error;
    // E.g. JSON nested deeper than the call stack allows (RangeError): damage, not a crash.
    throw new CheckpointError({
      code: 'CHECKPOINT_CORRUPT',
      message: `Corrupt checkpoint ${path}: ${(error as Error).message}`,
      cause: error,
    });
  }
}

/** Restores the state of a decoded checkpoint (a fresh copy on every call). */
export function restoreState(serializedState: string, path: string): unknown {
  try {
    return deserialize(serializedState);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'UNKNOWN_CLASS') throw error;
    throw new CheckpointError({
      code: 'CHECKPOINT_CORRUPT',
      message: `Corrupt checkpoint ${path}: the agent state cannot be restored: ${(error as Error).message}`,
      cause: error,
    });
  }
}
