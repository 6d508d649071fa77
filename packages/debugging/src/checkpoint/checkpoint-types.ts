import type { SpanRecord } from '@clearstone/core';

/** Name of the checkpoint file format, stored in every file's `format` field. */
export const CHECKPOINT_FORMAT = 'clearstone-checkpoint';

/** Version of the checkpoint file format this SDK writes (and the newest it reads). */
export const CHECKPOINT_FORMAT_VERSION = 1;

/** How the agent's state was captured. */
export type StateSource = 'getState' | 'fields';

/** Descriptive fields of a checkpoint, readable without restoring its state. */
export interface CheckpointMetadata {
  /** `'ckpt_'` followed by 32 lowercase hex characters. */
  checkpointId: string;
  /** Trace the checkpoint was taken in. */
  traceId: string;
  /** The span the checkpoint was taken at. */
  spanId: string;
  /** Name of the span the checkpoint was taken at. */
  spanName: string;
  /** ISO-8601 wall-clock time of creation. */
  createdAt: string;
  /** Name under which the agent's class is looked up on rehydration (`'Object'` for plain objects). */
  agentClass: string;
  /** `'plain'` for object literals (rehydrated as plain objects), `'class'` for class instances. */
  agentKind: 'plain' | 'class';
  /** Whether the state came from `getState()` or from the agent's own fields. */
  stateSource: StateSource;
  /** `SDK_VERSION` of the Clearstone SDK that wrote the file. */
  sdkVersion: string;
  /** `process.version` of the Node.js process that wrote the file. */
  nodeVersion: string;
  /** Version of the checkpoint file format; see {@link CHECKPOINT_FORMAT_VERSION}. */
  formatVersion: number;
  /** Optional free-form label given at creation. */
  label?: string;
}

/** A checkpoint as created or loaded: metadata, the agent state and the spans needed to replay. */
export interface Checkpoint {
  /** Descriptive fields of the checkpoint. */
  readonly metadata: CheckpointMetadata;
  /** The agent state, restored through the hybrid serializer (a fresh copy for every load). */
  readonly state: unknown;
  /** The state as a `serialize` envelope; each rehydration restores a fresh copy from it. */
  readonly serializedState: string;
  /** Stored spans in start order: everything upstream of the checkpoint span, the span and its subtree. */
  readonly spans: readonly SpanRecord[];
  /** Absolute path of the checkpoint file. */
  readonly path: string;
}

/** A listing entry: the metadata of one checkpoint file and where it is. */
export interface CheckpointSummary extends CheckpointMetadata {
  /** Absolute path of the checkpoint file. */
  path: string;
}
