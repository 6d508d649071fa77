import { InvalidArgumentError } from '@clearstone/core';
import { contactDetectors } from './contact-detectors';
import { financialDetectors } from './financial-detectors';
import { networkDetectors } from './network-detectors';
import { resolvePiiTypes } from './pii-types';
import { secretDetectors } from './secret-detectors';
import type { DetectPiiOptions, Detector, DetectorHit, PiiFinding, PiiType } from './types';

/**
 * A detector ready to run, every field present so that the scanning loops see one object shape:
 * its `notAfter` class as a lookup table over ASCII, and a sticky copy of its pattern.
 */
class Compiled {
  readonly type: PiiType;
  readonly candidates: 'numericRuns' | 'countryCodeHeads' | undefined;
  readonly leading: string;
  readonly gate: ((text: string) => boolean) | undefined;
  readonly pattern: RegExp;
  readonly sticky: RegExp;
  readonly anchor: RegExp | undefined;
  readonly startOf: ((text: string, anchorIndex: number) => number) | undefined;
  readonly validate: Detector['validate'];
  readonly blocked: Uint8Array | undefined;

  constructor(detector: Detector) {
    this.type = detector.type;
    this.candidates = detector.candidates;
    this.leading = detector.leading ?? '';
    this.gate = detector.gate;
    this.pattern = detector.pattern;
    this.sticky = new RegExp(detector.pattern.source, detector.pattern.flags.replace(/[gy]/g, '') + 'y');
    this.anchor = detector.anchor;
    this.startOf = detector.startOf;
    this.validate = detector.validate;
    const { notAfter } = detector;
    let blocked: Uint8Array | undefined;
    if (notAfter !== undefined) {
      blocked = new Uint8Array(128);
      for (let code = 0; code < 128; code++) blocked[code] = notAfter.test(String.fromCharCode(code)) ? 1 : 0;
    }
    this.blocked = blocked;
  }
}

const DETECTORS: readonly Compiled[] = [
  ...secretDetectors,
  ...financialDetectors,
  ...contactDetectors,
  ...networkDetectors,
].map((detector) => new Compiled(detector));

const ALL_TYPES = resolvePiiTypes(undefined);

// Numeric runs (every phone, card, SSN and IPv4 candidate lies in one) and IBAN heads, in one pass.
const LANDMARK = /[A-Z]{2}\d\d|\d[\d ().-]{5,}\d/g;

/** Where `candidates` detectors try their patterns: flat [start, end, …] numeric runs, and head starts. */
interface Landmarks {
  readonly runs: number[];
  readonly heads: number[];
}

function landmarks(text: string): Landmarks {
  const runs: number[] = [];
  const heads: number[] = [];
  LANDMARK.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = LANDMARK.exec(text)) !== null) {
    const index = match.index;
    if (text.charCodeAt(index) > 57) {
      heads.push(index);
      // The head's digits may begin a numeric run ("AB1234567"): look for it from there.
      LANDMARK.lastIndex = index + 2;
    } else runs.push(index, index + match[0].length);
  }
  return { runs, heads };
}

function isBlocked(blocked: Uint8Array | undefined, text: string, index: number): boolean {
  if (blocked === undefined || index === 0) return false;
  const code = text.charCodeAt(index - 1);
  return code < 128 && blocked[code] === 1;
}

function push(findings: PiiFinding[], type: PiiType, text: string, hit: DetectorHit): void {
  findings.push(
    Object.freeze({
      type,
      start: hit.start,
      end: hit.end,
      value: text.slice(hit.start, hit.end),
      confidence: hit.confidence,
    }),
  );
}

/**
 * Runs a `numericRuns` detector: its sticky pattern is tried at each position of each run that
 * the character before allows, left to right, resuming after each hit as a global scan would.
 */
function scanRuns(
  detector: Compiled,
  text: string,
  runs: readonly number[],
  minConfidence: number,
  findings: PiiFinding[],
): void {
  const { leading, blocked, sticky } = detector;
  let resume = 0;
  for (let run = 0; run < runs.length; run += 2) {
    const runEnd = runs[run + 1];
    let position = runs[run];
    if (position > 0 && leading.includes(text[position - 1])) position--;
    if (position < resume) position = resume;
    for (; position < runEnd; position++) {
      if (isBlocked(blocked, text, position)) continue;
      sticky.lastIndex = position;
      const match = sticky.exec(text);
      const hit = match === null ? undefined : detector.validate(match, text);
      if (hit === undefined || hit.end <= hit.start) continue;
      if (hit.confidence >= minConfidence) push(findings, detector.type, text, hit);
      resume = Math.max(hit.end, position + 1);
      position = resume - 1;
    }
  }
}

/** Runs a `countryCodeHeads` detector: its sticky pattern is tried at each head, resuming after each hit. */
function scanHeads(
  detector: Compiled,
  text: string,
  heads: readonly number[],
  minConfidence: number,
  findings: PiiFinding[],
): void {
  const { blocked, sticky } = detector;
  let resume = 0;
  for (const head of heads) {
    if (head < resume || isBlocked(blocked, text, head)) continue;
    sticky.lastIndex = head;
    const match = sticky.exec(text);
    const hit = match === null ? undefined : detector.validate(match, text);
    if (hit === undefined || hit.end <= hit.start) continue;
    if (hit.confidence >= minConfidence) push(findings, detector.type, text, hit);
    resume = hit.end;
  }
}

/** Runs an `anchor` detector: the sticky pattern is tried where each anchor says a match can start. */
function scanAnchors(
  detector: Compiled,
  anchor: RegExp,
  startOf: (text: string, anchorIndex: number) => number,
  text: string,
  minConfidence: number,
  findings: PiiFinding[],
): void {
  const { sticky } = detector;
  anchor.lastIndex = 0;
  let tried = -1;
  let anchorMatch: RegExpExecArray | null;
  while ((anchorMatch = anchor.exec(text)) !== null) {
    const start = startOf(text, anchorMatch.index);
    if (start < 0 || start === tried) continue;
    tried = start;
    sticky.lastIndex = start;
    const match = sticky.exec(text);
    const hit = match === null ? undefined : detector.validate(match, text);
    if (hit === undefined || hit.end <= hit.start) continue;
    if (hit.confidence >= minConfidence) push(findings, detector.type, text, hit);
    if (hit.end > anchor.lastIndex) anchor.lastIndex = hit.end;
  }
}

/** Runs one detector over the text. Its regexes are shared: every scan starts at lastIndex 0 and runs to the end. */
function scan(detector: Compiled, text: string, minConfidence: number, findings: PiiFinding[]): void {
  const { anchor, startOf, pattern, blocked } = detector;
  if (anchor !== undefined && startOf !== undefined) {
    scanAnchors(detector, anchor, startOf, text, minConfidence, findings);
    return;
  }
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    const index = match.index;
    const hit = isBlocked(blocked, text, index) ? undefined : detector.validate(match, text);
    if (hit === undefined || hit.end <= hit.start) {
      // The next candidate starts after a character allowed before one (what a lookbehind would skip).
      let next = index + 1;
      while (next < text.length && isBlocked(blocked, text, next)) next++;
      pattern.lastIndex = next;
      continue;
    }
    if (hit.confidence >= minConfidence) push(findings, detector.type, text, hit);
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
  // Landmarks are found once, when the first detector that needs them runs.
  let found: Landmarks | undefined;
  const everyType = types === ALL_TYPES;
  // Detectors next to each other may share a gate: its answer is reused.
  let lastGate: Compiled['gate'];
  let lastAnswer = false;
  for (const detector of DETECTORS) {
    if (!everyType && !types.has(detector.type)) continue;
    const { gate } = detector;
    if (gate !== undefined) {
      if (gate !== lastGate) {
        lastGate = gate;
        lastAnswer = gate(text);
      }
      if (!lastAnswer) continue;
    }
    if (detector.candidates === 'numericRuns')
      scanRuns(detector, text, (found ??= landmarks(text)).runs, minConfidence, findings);
    else if (detector.candidates === 'countryCodeHeads')
      scanHeads(detector, text, (found ??= landmarks(text)).heads, minConfidence, findings);
    else scan(detector, text, minConfidence, findings);
  }
  return findings.length > 1 ? resolveOverlaps(findings) : findings;
}
