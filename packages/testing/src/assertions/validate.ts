import { InvalidArgumentError } from '@clearstone/core';

/** Options every assertion accepts. */
export interface AssertionOptions {
  /** Replaces the default failure reason. */
  reason?: string;
}

/** Throws unless `value` is a non-empty string. */
export function requireName(assertion: string, argument: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new InvalidArgumentError({ message: `${assertion}: ${argument} must be a non-empty string.`, argument });
  }
}

/** Throws unless `value` is a non-negative integer. */
export function requireCount(assertion: string, argument: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError({
      message: `${assertion}: ${argument} must be a non-negative integer (got ${String(value)}).`,
      argument,
    });
  }
}

/** Throws unless `value` is a finite, non-negative number. */
export function requireAmount(assertion: string, argument: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError({
      message: `${assertion}: ${argument} must be a finite non-negative number (got ${String(value)}).`,
      argument,
    });
  }
}

/** Throws unless `options` is undefined or an object whose `reason`, if any, is a non-empty string. */
export function requireOptions(assertion: string, options: unknown): asserts options is AssertionOptions | undefined {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError({ message: `${assertion}: options must be an object.`, argument: 'options' });
  }
  const reason = (options as AssertionOptions).reason;
  if (reason !== undefined && (typeof reason !== 'string' || reason.trim() === '')) {
    throw new InvalidArgumentError({ message: `${assertion}: reason must be a non-empty string.`, argument: 'reason' });
  }
}

/** Throws unless `value` is an array of non-empty strings. */
export function requireNames(assertion: string, argument: string, value: unknown): asserts value is string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
    throw new InvalidArgumentError({
      message: `${assertion}: ${argument} must be an array of non-empty strings.`,
      argument,
    });
  }
}

/** Throws unless `value` is undefined or a boolean. */
export function requireFlag(assertion: string, argument: string, value: unknown): asserts value is boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new InvalidArgumentError({
      message: `${assertion}: ${argument} must be a boolean (got ${String(value)}).`,
      argument,
    });
  }
}
