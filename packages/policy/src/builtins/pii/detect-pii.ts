import { InvalidArgumentError } from '@clearstone/core';
import { contactDetectors } from './contact-detectors';
import { financialDetectors } from './financial-detectors';
import { networkDetectors } from './network-detectors';
import { resolvePiiTypes } from './pii-types';
import { secretDetectors } from './secret-detectors';
import type { DetectPiiOptions, Detector, DetectorHit, PiiFinding } from './types';

/** A detector ready to run: its `notAfter` class as a lookup table over ASCII. */
interface Compiled {
  readonly detector: Detector;
  readonly blocked: Uint8Array | undefined;
}

function compile(detector: Detector): Compiled {
  const { notAfter } = detector;
  if (notAfter === undefined) return { detector, blocked: undefined };
  const blocked = new Uint8Array(128);
  for (let code = 0; code < 128; code++) blocked[code] = notAfter.test(String.fromCharCode(code)) ? 1 : 0;
  return { detector, blocked };
}

const DETECTORS: readonly Compiled[] = [
  ...secretDetectors,
  ...financialDetectors,
  ...contactDetectors,
  ...networkDetectors,
].map(compile);

const ALL_TYPES = resolvePiiTypes(undefined);

function push(findings: PiiFinding[], detector: Detector, text: string, hit: DetectorHit): void {
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

/** Runs one detector over the text. Its regexes are shared: every scan starts at lastIndex 0 and runs to the end. */
function scan({ detector, blocked }: Compiled, text: string, minConfidence: number, findings: PiiFinding[]): void {
  if (detector.gate !== undefined && !detector.gate(text)) return;
  const { pattern, anchor, startOf } = detector;
  if (anchor !== undefined && startOf !== undefined) {
    anchor.lastIndex = 0;
    let tried = -1;
    let anchorMatch: RegExpExecArray | null;
    while ((anchorMatch = anchor.exec(text)) !== null) {
      const start = startOf(text, anchorMatch.index);
      if (start < 0 || start === tried) continue;
      tried = start;
      pattern.lastIndex = start;
      const match = pattern.exec(text);
      const hit = match === null ? undefined : detector.validate(match, text);
      if (hit === undefined || hit.end <= hit.start) continue;
      if (hit.confidence >= minConfidence) push(findings, detector, text, hit);
      if (hit.end > anchor.lastIndex) anchor.lastIndex = hit.end;
    }
    return;
  }
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    const index = match.index;
    const previous = index > 0 ? text.charCodeAt(index - 1) : 128;
    const hit =
      blocked !== undefined && previous < 128 && blocked[previous] === 1 ? undefined : detector.validate(match, text);
    if (hit === undefined || hit.end <= hit.start) {
      pattern.lastIndex = index + 1;
      continue;
    }
    if (hit.confidence >= minConfidence) push(findings, detector, text, hit);
    pattern.lastIndex = Math.max(hit.end, index + 1);
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
  const types = options.types === undefined ? ALL_TYPES : resolvePiiTypes(options.types);
  const minConfidence = options.minConfidence ?? 0;
  if (typeof minConfidence !== 'number' || !(minConfidence >= 0 && minConfidence <= 1)) {
    throw new InvalidArgumentError({
      message: 'detectPii minConfidence must be a number between 0 and 1.',
      argument: 'minConfidence',
    });
  }
  const findings: PiiFinding[] = [];
  for (const compiled of DETECTORS) {
    if (types.has(compiled.detector.type)) scan(compiled, text, minConfidence, findings);
  }
  return findings.length > 1 ? resolveOverlaps(findings) : findings;
}
