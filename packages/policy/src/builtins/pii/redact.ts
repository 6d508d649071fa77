import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '@clearstone/core';
import type { PiiFinding, PiiType } from './types';

/** How {@link redact} replaces a finding. */
export type RedactStyle = 'mask' | 'type' | 'hash';

/** Options of {@link redact}. */
export interface RedactOptions {
  /**
   * `'type'` (default): `[EMAIL]`; `'mask'`: letters and digits become `maskChar`, punctuation
   * stays (`****@*******.***`); `'hash'`: `[EMAIL:1f2e3d4c]`, the first 8 hex digits of
   * SHA-256(salt + value), so equal values stay correlatable. Use a secret `hashSalt`: short values
   * such as phone numbers can otherwise be recovered by brute force.
   */
  style?: RedactStyle;
  /** Character used by the `'mask'` style (default `'*'`). */
  maskChar?: string;
  /** Salt for the `'hash'` style (default `''`). */
  hashSalt?: string;
}

/** Checks redact options once and returns a replacement function. */
export function replacementFor(options: RedactOptions = {}): (type: PiiType | 'redacted', value: string) => string {
  const style = options.style ?? 'type';
  const maskChar = options.maskChar ?? '*';
  const salt = options.hashSalt ?? '';
  if (style !== 'mask' && style !== 'type' && style !== 'hash') {
    throw new InvalidArgumentError({
      message: `Redaction style must be 'mask', 'type' or 'hash' (got ${String(style)}).`,
      argument: 'style',
    });
  }
  if (typeof maskChar !== 'string' || maskChar.length !== 1 || typeof salt !== 'string') {
    throw new InvalidArgumentError({
      message: 'maskChar must be one character and hashSalt a string.',
      argument: 'maskChar',
    });
  }
  return (type, value) => {
    if (style === 'mask') return value.replace(/[\p{L}\p{N}]/gu, maskChar);
    const label = type.toUpperCase();
    if (style === 'type') return `[${label}]`;
    return `[${label}:${createHash('sha256')
      .update(salt + value)
      .digest('hex')
      .slice(0, 8)}]`;
  };
}

/**
 * Replaces findings (from {@link detectPii}) in `text`. Findings are applied in position order;
 * one that overlaps an earlier one or lies outside the text is ignored.
 *
 * @example
 * ```ts
 * const text = 'Reach me at jane@example.com';
 * redact(text, detectPii(text));                     // 'Reach me at [EMAIL]'
 * redact(text, detectPii(text), { style: 'mask' });  // 'Reach me at ****@*******.***'
 * ```
 */
export function redact(text: string, findings: readonly PiiFinding[], options: RedactOptions = {}): string {
  if (typeof text !== 'string')
    throw new InvalidArgumentError({ message: `redact expects a string (got ${typeof text}).`, argument: 'text' });
  if (!Array.isArray(findings))
    throw new InvalidArgumentError({ message: 'redact expects an array of findings.', argument: 'findings' });
  const replace = replacementFor(options);
  const ordered = [...findings].sort((left, right) => left.start - right.start);
  let output = '';
  let cursor = 0;
  for (const finding of ordered) {
    if (
      !Number.isInteger(finding.start) ||
      !Number.isInteger(finding.end) ||
      finding.start < cursor ||
      finding.end > text.length ||
      finding.end <= finding.start
    )
      continue;
    output += text.slice(cursor, finding.start) + replace(finding.type, text.slice(finding.start, finding.end));
    cursor = finding.end;
  }
  return output + text.slice(cursor);
}
