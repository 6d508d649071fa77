import { InvalidArgumentError } from '@clearstone/core';
import { contactDetectors } from './contact-detectors';
import { financialDetectors } from './financial-detectors';
import { networkDetectors } from './network-detectors';
import { resolvePiiTypes } from './pii-types';
import { secretDetectors } from './secret-detectors';
import type { DetectPiiOptions, Detector, PiiFinding } from './types';

const DETECTORS: readonly Detector[] = [
  ...secretDetectors,
  ...financialDetectors,
  ...contactDetectors,
  ...networkDetectors,
];

function scan(detector: Detector, text: string, minConfidence: number, findings: PiiFinding[]): void {
  const pattern = new RegExp(detector.pattern.source, detector.pattern.flags);
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    const hit = detector.validate(match, text);
    if (hit === undefined || hit.end <= hit.start) {
      pattern.lastIndex = match.index + 1;
      continue;
    }
    if (hit.confidence >= minConfidence) {
      findings.push(
        Object.freeze({
          type: detector.type,
          start: hit.start,
          end: hit.end,
          value: text.slice(hit.start, hit.end),
          confidence: hit.confidence,
        }),
      );
    }
    pattern.lastIndex = Math.max(hit.end, match.index + 1);
  }
}

function better(candidate: PiiFinding, incumbent: PiiFinding): boolean {
  if (candidate.confidence !== incumbent.confidence) return candidate.confidence > incumbent.confidence;
  return candidate.end - candidate.start > incumbent.end - incumbent.start;
}

/** Sorts by position and keeps one finding per overlapping span (higher confidence, then longer). */
function resolveOverlaps(findings: PiiFinding[]): PiiFinding[] {
  findings.sort((left, right) => left.start - right.start || right.end - left.end);
  const kept: PiiFinding[] = [];
  for (const finding of findings) {
    const last = kept[kept.length - 1];
    if (last === undefined || finding.start >= last.end) kept.push(finding);
    else if (better(finding, last)) kept[kept.length - 1] = finding;
  }
  return kept;
}

/**
 * Finds personal data and secrets in a text: emails, phone numbers (E.164, NANP and 0-prefixed
 * national forms), payment cards (issuer prefix + Luhn), IBANs (country length + mod 97), US SSNs
 * (invalid area/group/serial rejected), IPv4/IPv6 addresses, AWS access keys, `sk-`/`sk-ant-`
 * API keys, GitHub tokens, JWTs and PEM private keys. Every pattern has bounded quantifiers, so
 * scanning time grows linearly with the text (no catastrophic backtracking).
 *
 * @returns findings in text order, without overlaps.
 * @throws InvalidArgumentError when `text` is not a string or a type name is unknown.
 * @example
 * ```ts
 * detectPii('Mail jane@example.com, card 4111 1111 1111 1111');
 * // [{ type: 'email', start: 5, end: 21, value: 'jane@example.com', confidence: 0.95 },
 * //  { type: 'credit_card', start: 28, end: 47, value: '4111 1111 1111 1111', confidence: 0.95 }]
 * ```
 */
export function detectPii(text: string, options: DetectPiiOptions = {}): PiiFinding[] {
  if (typeof text !== 'string')
    throw new InvalidArgumentError({ message: `detectPii expects a string (got ${typeof text}).`, argument: 'text' });
  const types = resolvePiiTypes(options.types);
  const minConfidence = options.minConfidence ?? 0;
  if (typeof minConfidence !== 'number' || !(minConfidence >= 0 && minConfidence <= 1)) {
    throw new InvalidArgumentError({
      message: 'detectPii minConfidence must be a number between 0 and 1.',
      argument: 'minConfidence',
    });
  }
  const findings: PiiFinding[] = [];
  for (const detector of DETECTORS) {
    if (types.has(detector.type)) scan(detector, text, minConfidence, findings);
  }
  return resolveOverlaps(findings);
}
