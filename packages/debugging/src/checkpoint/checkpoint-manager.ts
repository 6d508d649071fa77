import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  InvalidArgumentError,
  SDK_VERSION,
  nowNs,
  type SpanRecord,
  type Trace,
  recordComponentInitialized,
} from '@clearstone/core';
import { CheckpointError } from '../errors/checkpoint-error';
import { writeFileAtomic } from './atomic-write';
import {
  captureAgentState,
  isAgentStateSnapshot,
  type AgentStateSnapshot,
  type CaptureStateOptions,
} from './capture-agent-state';
import { decodeCheckpointDocument, encodeCheckpoint, restoreState } from './checkpoint-document';
import { checkpointFileName, parseCheckpointFileName, resolveCheckpointPath } from './checkpoint-paths';
import {
  CHECKPOINT_FORMAT_VERSION,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointSummary,
} from './checkpoint-types';
import { selectCheckpointSpans, type CheckpointSpanSelection } from './select-spans';

/** Options of {@link CheckpointManager}. */
export interface CheckpointManagerOptions {
  /** Directory of the checkpoint files; created (with parents) when missing. Default `.clearstone_checkpoints`. */
  dir?: string;
  /**
   * Secret key: files are signed with HMAC-SHA256 and only files signed with this key load.
   * Without it files carry a SHA-256 digest, which detects damage but not a deliberate edit.
   */
  hmacKey?: string | Uint8Array;
}

/** Options of {@link CheckpointManager.createCheckpoint}. */
export interface CreateCheckpointOptions extends CaptureStateOptions {
  /** `'upstream'` (default): the span, its subtree and everything before it; `'all'`: the whole trace. */
  spans?: CheckpointSpanSelection;
  /** Free-form label stored in the metadata. */
  label?: string;
}

function checkTrace(trace: Trace): void {
  if (trace === null || typeof trace !== 'object' || !Array.isArray(trace.spans)) {
    throw new CheckpointError({
      code: 'CHECKPOINT_INVALID_TRACE',
      message: 'createCheckpoint expects a trace with a spans array (e.g. from traceStore.getTrace(traceId)).',
    });
  }
}

/**
 * Creates, lists, loads and deletes checkpoints: files holding an agent's state at a span of a
 * recorded trace, plus the spans a replay needs. Files are versioned JSON, integrity-checked, and
 * written atomically to `<dir>/<traceId>_<checkpointId>.ckpt`; loading never executes code.
 *
 * @example
 * ```ts
 * const manager = new CheckpointManager({ dir: '.checkpoints' });
 * const trace = provider.traceStore.getTrace(traceId)!;
 * const checkpoint = manager.createCheckpoint(agent, trace, stepSpanId);
 * const again = manager.loadCheckpoint(checkpoint.metadata.checkpointId);
 * ```
 */
export class CheckpointManager {
  /** Absolute checkpoint directory. */
  readonly dir: string;
  readonly #hmacKey: string | Uint8Array | undefined;

  constructor(options: CheckpointManagerOptions = {}) {
    recordComponentInitialized('CheckpointManager');
    if (
      options.dir !== undefined &&
      (typeof options.dir !== 'string' || options.dir === '' || options.dir.includes('\0'))
    ) {
      throw new InvalidArgumentError({
        message: 'CheckpointManager option dir must be a non-empty path.',
        argument: 'dir',
      });
    }
    if (
      options.hmacKey !== undefined &&
      (options.hmacKey.length === 0 ||
        (typeof options.hmacKey !== 'string' && !(options.hmacKey instanceof Uint8Array)))
    ) {
      throw new InvalidArgumentError({
        message: 'CheckpointManager option hmacKey must be a non-empty string or byte array.',
        argument: 'hmacKey',
      });
    }
    this.dir = path.resolve(options.dir ?? '.clearstone_checkpoints');
    this.#hmacKey = options.hmacKey;
    mkdirSync(this.dir, { recursive: true });
  }

  /**
   * Captures the agent (or takes an earlier {@link captureAgentState} snapshot) at span `spanId`
   * of `trace`, writes the checkpoint file and returns the checkpoint.
   */
  createCheckpoint(
    agent: object | AgentStateSnapshot,
    trace: Trace,
    spanId: string,
    options: CreateCheckpointOptions = {},
  ): Checkpoint {
    checkTrace(trace);
    const span = trace.spans.find((item) => item.spanId === spanId);
    if (span === undefined) {
      throw new CheckpointError({
        code: 'CHECKPOINT_SPAN_NOT_FOUND',
        message: `Span ID '${String(spanId)}' not found in trace ${trace.traceId}.`,
      });
    }
    const selection = options.spans ?? 'upstream';
    if (selection !== 'upstream' && selection !== 'all') {
      throw new InvalidArgumentError({
        message: `createCheckpoint option spans must be 'upstream' or 'all'.`,
        argument: 'spans',
      });
    }
    const snapshot = isAgentStateSnapshot(agent) ? agent : captureAgentState(agent, options);
    const metadata: CheckpointMetadata = {
      checkpointId: `ckpt_${randomBytes(16).toString('hex')}`,
      traceId: trace.traceId,
      spanId,
      spanName: span.name,
      createdAt: new Date(Number(nowNs() / 1_000_000n)).toISOString(),
      agentClass: snapshot.agentClass,
      agentKind: snapshot.agentKind,
      stateSource: snapshot.stateSource,
      sdkVersion: SDK_VERSION,
      nodeVersion: process.version,
      formatVersion: CHECKPOINT_FORMAT_VERSION,
      ...(options.label === undefined ? {} : { label: String(options.label) }),
    };
    const spans: SpanRecord[] = selectCheckpointSpans(trace.spans, span, selection);
    const file = path.join(this.dir, checkpointFileName(trace.traceId, metadata.checkpointId));
    writeFileAtomic(
      file,
      encodeCheckpoint({ metadata, serializedState: snapshot.serializedState, spans }, this.#hmacKey),
    );
    return {
      metadata,
      serializedState: snapshot.serializedState,
      state: restoreState(snapshot.serializedState, file),
      spans,
      path: file,
    };
  }

  /** Loads and verifies a checkpoint by id (`ckpt_…`) or by path inside the directory. */
  loadCheckpoint(pathOrId: string): Checkpoint {
    const file = resolveCheckpointPath(this.dir, pathOrId);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT')
        throw new CheckpointError({
          code: 'CHECKPOINT_NOT_FOUND',
          message: `Checkpoint file not found: ${file}`,
          cause: error,
        });
      throw new CheckpointError({
        code: 'CHECKPOINT_CORRUPT',
        message: `Cannot read checkpoint ${file}: ${(error as Error).message}`,
        cause: error,
      });
    }
    const decoded = decodeCheckpointDocument(text, file, this.#hmacKey);
    return { ...decoded, state: restoreState(decoded.serializedState, file) };
  }

  /**
   * Metadata of the valid checkpoints in the directory, oldest first, optionally of one trace.
   * Files that fail verification are left out of the listing (`loadCheckpoint` reports why).
   */
  listCheckpoints(filter: { traceId?: string } = {}): CheckpointSummary[] {
    if (!existsSync(this.dir)) return [];
    const summaries: CheckpointSummary[] = [];
    for (const name of readdirSync(this.dir)) {
      const parsed = parseCheckpointFileName(name);
      if (parsed === undefined || (filter.traceId !== undefined && parsed.traceId !== filter.traceId)) continue;
      const file = path.join(this.dir, name);
      try {
        const { metadata } = decodeCheckpointDocument(readFileSync(file, 'utf8'), file, this.#hmacKey);
        summaries.push({ ...metadata, path: file });
      } catch (error) {
        if (!CheckpointError.isInstance(error)) throw error;
      }
    }
    return summaries.sort(
      (left, right) =>
        left.createdAt.localeCompare(right.createdAt) || left.checkpointId.localeCompare(right.checkpointId),
    );
  }

  /** Deletes a checkpoint by id or path; false when there was no such file. */
  deleteCheckpoint(pathOrId: string): boolean {
    let file: string;
    try {
      file = resolveCheckpointPath(this.dir, pathOrId);
    } catch (error) {
      if (CheckpointError.isInstance(error) && error.code === 'CHECKPOINT_NOT_FOUND') return false;
      throw error;
    }
    if (!existsSync(file)) return false;
    rmSync(file);
    return true;
  }
}
