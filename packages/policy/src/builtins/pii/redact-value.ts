import { InvalidArgumentError, isDecision, type Decision, type RedactionSpec } from '@clearstone/core';
import { detectPii } from './detect-pii';
import { resolvePiiTypes } from './pii-types';
import { replacementFor, type RedactOptions } from './redact';

/** Options of {@link redactValue}. */
export interface RedactValueOptions extends RedactOptions {
  /** What happens to a field named in the spec: `'mask'` (default) replaces its value, `'remove'` deletes the key. */
  fieldStyle?: 'mask' | 'remove';
  /** The value a masked field gets (default `'[REDACTED]'`). */
  fieldMask?: unknown;
}

interface Plan {
  readonly fieldPaths: readonly string[][];
  readonly patterns: readonly RegExp[];
  readonly entities: readonly string[] | undefined;
  readonly options: RedactValueOptions;
  readonly replace: ReturnType<typeof replacementFor>;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function fieldMatches(plan: Plan, path: readonly string[]): boolean {
  return plan.fieldPaths.some((field) => {
    if (field.length > path.length) return false;
    const offset = path.length - field.length;
    return field.every((segment, index) => segment === path[offset + index]);
  });
}

function redactString(plan: Plan, text: string): string {
  let output = text;
  for (const pattern of plan.patterns) {
    output = output.replace(pattern, (match) => (match === '' ? match : plan.replace('redacted', match)));
  }
  if (plan.entities !== undefined) {
    const findings = detectPii(output, { types: plan.entities });
    if (findings.length > 0) {
      let rebuilt = '';
      let cursor = 0;
      for (const finding of findings) {
        rebuilt += output.slice(cursor, finding.start) + plan.replace(finding.type, finding.value);
        cursor = finding.end;
      }
      output = rebuilt + output.slice(cursor);
    }
  }
  return output;
}

function walk(plan: Plan, value: unknown, path: string[], seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return redactString(plan, value);
  if (value === null || typeof value !== 'object') return value;
  const existing = seen.get(value);
  if (existing !== undefined) return existing;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(walk(plan, item, path, seen));
    return copy;
  }
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) {
    const itemPath = [...path, key.toLowerCase()];
    if (fieldMatches(plan, itemPath)) {
      if (plan.options.fieldStyle !== 'remove') copy[key] = plan.options.fieldMask ?? '[REDACTED]';
      continue;
    }
    copy[key] = walk(plan, item, itemPath, seen);
  }
  return copy;
}

function toSpec(specOrDecision: RedactionSpec | Decision): RedactionSpec {
  if (specOrDecision === null || typeof specOrDecision !== 'object') {
    throw new InvalidArgumentError({
      message: 'redactValue expects a redaction spec { fields?, patterns?, entities? } or a REDACT decision.',
      argument: 'spec',
    });
  }
  return isDecision(specOrDecision) ? specOrDecision.metadata : specOrDecision;
}

/**
 * Applies a REDACT decision's spec to any value and returns a redacted copy; the input is never
 * mutated. `fields` are keys masked (or removed) at any depth, matched case-insensitively; a dotted
 * field such as `'user.ssn'` matches that key path at any depth (array indexes are skipped).
 * `patterns` are masked in every string. `entities` (PII types or groups such as `'secret'`) are
 * found with {@link detectPii} in every string and replaced. Plain objects and arrays are copied;
 * other objects (class instances, Dates, Maps) are returned as they are.
 *
 * @example
 * ```ts
 * const decision = REDACT({ fields: ['password'], entities: ['email', 'credit_card'] });
 * redactValue({ user: { password: 'hunter2', note: 'card 4111 1111 1111 1111' } }, decision);
 * // { user: { password: '[REDACTED]', note: 'card [CREDIT_CARD]' } }
 * ```
 */
export function redactValue<T>(value: T, spec: RedactionSpec | Decision, options: RedactValueOptions = {}): T {
  const { fields, patterns, entities } = toSpec(spec);
  if (fields !== undefined && (!Array.isArray(fields) || !fields.every((field) => typeof field === 'string'))) {
    throw new InvalidArgumentError({ message: 'Redaction fields must be an array of strings.', argument: 'fields' });
  }
  if (patterns !== undefined && (!Array.isArray(patterns) || !patterns.every((pattern) => pattern instanceof RegExp))) {
    throw new InvalidArgumentError({ message: 'Redaction patterns must be an array of RegExp.', argument: 'patterns' });
  }
  if (entities !== undefined) resolvePiiTypes(entities, 'entities');
  const plan: Plan = {
    fieldPaths: (fields ?? []).map((field) => field.toLowerCase().split('.')),
    patterns: (patterns ?? []).map((pattern) => new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '') + 'g')),
    entities: entities !== undefined && entities.length > 0 ? entities : undefined,
    options,
    replace: replacementFor(options),
  };
  return walk(plan, value, [], new WeakMap()) as T;
}
