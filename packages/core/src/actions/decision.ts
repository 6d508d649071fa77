import { randomUUID } from 'node:crypto';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { EMPTY_METADATA, freezeCopy } from '../internal/freeze-copy';
import { ActionType } from './action-type';

/** The immutable outcome of a policy: an action, an optional reason and metadata. */
export interface Decision {
  /** What happens to the action: ALLOW, BLOCK, PAUSE, ALERT, REDACT or SKIP. */
  readonly action: ActionType;
  /** Why the policy decided so; always set on BLOCK, PAUSE and ALERT. */
  readonly reason?: string;
  /** Extra data for audit and callers (the redaction spec of a REDACT, the `interventionId` of a PAUSE); frozen. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** What a REDACT decision asks to remove, as stored in its metadata. */
export interface RedactionSpec {
  /** Field names (or dotted paths) to remove from tool inputs/outputs and messages. */
  fields?: string[];
  /** Patterns whose matches are masked in text. */
  patterns?: RegExp[];
  /** PII entity types to detect and mask, e.g. `'email'`, `'credit_card'`. */
  entities?: string[];
}

function makeDecision(
  action: ActionType,
  reason: string | undefined,
  metadata: Record<string, unknown> | undefined,
): Decision {
  const decision: { action: ActionType; reason?: string; metadata: Readonly<Record<string, unknown>> } = {
    action,
    metadata: metadata === undefined ? EMPTY_METADATA : freezeCopy({ ...metadata }),
  };
  if (reason !== undefined) decision.reason = reason;
  return Object.freeze(decision);
}

function requireReason(factory: string, reason: unknown): asserts reason is string {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new InvalidArgumentError({
      message: `${factory} requires a non-empty string reason (got ${reason === '' ? 'an empty string' : typeof reason}).`,
      argument: 'reason',
    });
  }
}

function requireMetadata(factory: string, metadata: unknown): void {
  if (metadata !== undefined && (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))) {
    throw new InvalidArgumentError({ message: `${factory} metadata must be a plain object.`, argument: 'metadata' });
  }
}

/** Lets the action proceed. A frozen singleton. */
export const ALLOW: Decision = makeDecision(ActionType.ALLOW, undefined, undefined);

/** The policy does not apply; neutral in aggregation. A frozen singleton. */
export const SKIP: Decision = makeDecision(ActionType.SKIP, undefined, undefined);

/**
 * Stops the action.
 *
 * @param reason - why; required and non-empty.
 * @param metadata - extra data for audit and callers.
 * @throws InvalidArgumentError when `reason` is empty or not a string.
 * @example
 * ```ts
 * return BLOCK('Guests may not use admin tools', { toolName });
 * ```
 */
export function BLOCK(reason: string, metadata?: Record<string, unknown>): Decision {
  requireReason('BLOCK', reason);
  requireMetadata('BLOCK', metadata);
  return makeDecision(ActionType.BLOCK, reason, metadata);
}

/**
 * Holds the action for human approval. `metadata.interventionId` is always set: the given id, or
 * `intervention_` followed by 32 random hex characters.
 *
 * @throws InvalidArgumentError when `reason` is empty or not a string.
 * @example
 * ```ts
 * return PAUSE('Payments over $1000 need approval', { metadata: { amount } });
 * ```
 */
export function PAUSE(
  reason: string,
  options: { interventionId?: string; metadata?: Record<string, unknown> } = {},
): Decision {
  requireReason('PAUSE', reason);
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError({ message: 'PAUSE options must be an object.', argument: 'options' });
  }
  requireMetadata('PAUSE', options.metadata);
  if (options.interventionId !== undefined && typeof options.interventionId !== 'string') {
    throw new InvalidArgumentError({ message: 'PAUSE interventionId must be a string.', argument: 'interventionId' });
  }
  const interventionId = options.interventionId || `intervention_${randomUUID().replace(/-/g, '')}`;
  return makeDecision(ActionType.PAUSE, reason, { ...options.metadata, interventionId });
}

/**
 * Lets the action proceed but reports it. When several policies alert, the engine keeps every
 * reason in `metadata.alerts`.
 *
 * @throws InvalidArgumentError when `reason` is empty or not a string.
 */
export function ALERT(reason: string, metadata?: Record<string, unknown>): Decision {
  requireReason('ALERT', reason);
  requireMetadata('ALERT', metadata);
  return makeDecision(ActionType.ALERT, reason, metadata);
}

/**
 * Lets the action proceed after removing sensitive data. The spec is stored in the decision's
 * metadata as `fields`, `patterns` and `entities` (only the given ones).
 *
 * @throws InvalidArgumentError unless at least one of `fields`, `patterns` or `entities` is a
 * non-empty array of the right element type.
 * @example
 * ```ts
 * return REDACT({ reason: 'PII', fields: ['ssn'], entities: ['email', 'credit_card'] });
 * ```
 */
export function REDACT(options: RedactionSpec & { reason?: string; metadata?: Record<string, unknown> }): Decision {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError({
      message: 'REDACT requires an options object with fields, patterns or entities.',
      argument: 'options',
    });
  }
  const { reason, fields, patterns, entities, metadata } = options;
  checkList('fields', fields, (item) => typeof item === 'string' && item !== '');
  checkList('patterns', patterns, (item) => item instanceof RegExp);
  checkList('entities', entities, (item) => typeof item === 'string' && item !== '');
  if (!fields?.length && !patterns?.length && !entities?.length) {
    throw new InvalidArgumentError({
      message: 'REDACT requires a non-empty list of fields, patterns or entities to redact.',
      argument: 'fields',
    });
  }
  if (reason !== undefined && typeof reason !== 'string') {
    throw new InvalidArgumentError({ message: 'REDACT reason must be a string.', argument: 'reason' });
  }
  requireMetadata('REDACT', metadata);
  const spec: Record<string, unknown> = { ...metadata };
  if (fields?.length) spec.fields = [...fields];
  if (patterns?.length) spec.patterns = [...patterns];
  if (entities?.length) spec.entities = [...entities];
  return makeDecision(ActionType.REDACT, reason, spec);
}

function checkList(name: string, value: unknown, isValid: (item: unknown) => boolean): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || !value.every(isValid)) {
    throw new InvalidArgumentError({
      message: `REDACT ${name} must be an array of ${name === 'patterns' ? 'RegExp' : 'non-empty strings'}.`,
      argument: name,
    });
  }
}

const ACTIONS = new Set<string>(Object.values(ActionType));

/** True when `value` has the shape of a {@link Decision} (an object with a known `action`). */
export function isDecision(value: unknown): value is Decision {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as { action?: unknown; metadata?: unknown; reason?: unknown };
  return (
    typeof candidate.action === 'string' &&
    ACTIONS.has(candidate.action) &&
    candidate.metadata !== null &&
    typeof candidate.metadata === 'object' &&
    (candidate.reason === undefined || typeof candidate.reason === 'string')
  );
}

/** Returns the redaction spec (`fields`, `patterns`, `entities`) of a REDACT decision. */
export function getRedactionSpec(decision: Decision): RedactionSpec {
  const { fields, patterns, entities } = decision.metadata as RedactionSpec;
  return { fields, patterns, entities };
}
