import { randomUUID } from 'node:crypto';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { EMPTY_METADATA, freezeCopy, frozenDate } from '../internal/freeze-copy';

/**
 * Everything a policy knows about the action being decided. Deeply frozen: neither the context,
 * its timestamp, nor its metadata (plain objects, arrays, Dates, Maps and Sets at any depth) can
 * be changed; derive a new one with {@link withMetadata}. Class instances in metadata are kept by
 * reference.
 */
export interface PolicyContext {
  /** The user the agent acts for. */
  readonly userId: string;
  /** The agent taking the action. */
  readonly agentId: string;
  /** The conversation or run the action belongs to. */
  readonly sessionId: string;
  /** Unique per context; a dashed UUID. */
  readonly requestId: string;
  /** When the context was created; a frozen Date. */
  readonly timestamp: Date;
  /** Free-form facts about the action: `toolName`, `tokensUsed`, `userRole`, … */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Input of {@link createContext}. */
export interface CreateContextInit {
  /** The user the agent acts for; non-empty. */
  userId: string;
  /** The agent taking the action; non-empty. */
  agentId: string;
  /** Defaults to a new UUID. */
  sessionId?: string;
  /** Copied and deeply frozen. */
  metadata?: Record<string, unknown>;
}

function requireId(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new InvalidArgumentError({ message: `createContext: ${name} must be a non-empty string.`, argument: name });
  }
}

function freezeMetadata(metadata: unknown, caller: string): Readonly<Record<string, unknown>> {
  if (metadata === undefined) return EMPTY_METADATA;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new InvalidArgumentError({ message: `${caller}: metadata must be a plain object.`, argument: 'metadata' });
  }
  return freezeCopy({ ...(metadata as Record<string, unknown>) });
}

/**
 * Creates a deeply frozen {@link PolicyContext}.
 *
 * @throws InvalidArgumentError when `userId` or `agentId` is missing or empty, or `metadata` is not an object.
 * @example
 * ```ts
 * const ctx = createContext({ userId: 'u1', agentId: 'support-bot', metadata: { userRole: 'guest' } });
 * ```
 */
export function createContext(init: CreateContextInit): PolicyContext {
  if (init === null || typeof init !== 'object') {
    throw new InvalidArgumentError({
      message: 'createContext requires an object { userId, agentId, sessionId?, metadata? }.',
    });
  }
  requireId('userId', init.userId);
  requireId('agentId', init.agentId);
  if (init.sessionId !== undefined) requireId('sessionId', init.sessionId);
  return Object.freeze({
    userId: init.userId,
    agentId: init.agentId,
    sessionId: init.sessionId ?? randomUUID(),
    requestId: randomUUID(),
    timestamp: frozenDate(new Date()),
    metadata: freezeMetadata(init.metadata, 'createContext'),
  });
}

/**
 * Returns a new context with the same ids and timestamp whose metadata is `ctx.metadata` merged
 * with `patch` (patch wins).
 *
 * @example
 * ```ts
 * const toolCtx = withMetadata(ctx, { toolName: 'send_email', toolInput: { to } });
 * ```
 */
export function withMetadata(ctx: PolicyContext, patch: Record<string, unknown>): PolicyContext {
  if (ctx === null || typeof ctx !== 'object') {
    throw new InvalidArgumentError({ message: 'withMetadata requires a PolicyContext.', argument: 'ctx' });
  }
  const merged = freezeMetadata({ ...ctx.metadata, ...(patch ?? {}) }, 'withMetadata');
  return Object.freeze({ ...ctx, metadata: merged });
}
