/** A checkpoint listed with a trace. */
export interface CheckpointLink {
  /** `ckpt_` followed by 32 hex characters. */
  checkpointId: string;
  traceId: string;
  /** The span the checkpoint was taken at. */
  spanId: string;
  spanName: string;
  /** ISO-8601 creation time. */
  createdAt: string;
  label?: string;
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
