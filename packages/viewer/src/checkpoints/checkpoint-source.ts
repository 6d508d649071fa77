/** A checkpoint listed with a trace. */
export interface CheckpointLink {
  /** `ckpt_` followed by 32 hex characters. */
  checkpointId: string;
  /** Trace the checkpoint was taken in. */
  traceId: string;
  /** The span the checkpoint was taken at. */
  spanId: string;
  /** Name of the span the checkpoint was taken at. */
  spanName: string;
  /** ISO-8601 creation time. */
  createdAt: string;
  /** Free-form label given at creation. */
  label?: string;
  /** Name of the agent's class (`'Object'` for plain objects). */
  agentClass?: string;
  /** Absolute path of the checkpoint file. */
  path?: string;
  /** True when the source checked the file's integrity digest or signature before listing it. */
  verified: boolean;
}

/**
 * Where the viewer finds checkpoints. A `CheckpointManager` of `@clearstone/debugging` fits as is
 * (it verifies each file, with its HMAC key when one is configured).
 */
export interface CheckpointSource {
  /** The checkpoints of the trace `filter.traceId`. */
  listCheckpoints(filter: { traceId: string }): ReadonlyArray<{
    checkpointId: string;
    traceId: string;
    spanId: string;
    spanName: string;
    createdAt: string;
    label?: string;
    agentClass?: string;
    path?: string;
  }>;
}
