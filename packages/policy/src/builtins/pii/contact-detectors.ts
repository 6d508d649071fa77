import type { Detector, DetectorHit } from './types';

const email: Detector = {
  type: 'email',
  // Local part, '@', 1–8 dot-terminated labels, alphabetic TLD. Bounded and unambiguous: linear per start.
  pattern:
    /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-]|\.[A-Za-z0-9])/g,
  validate(match) {
    const value = match[0];
    const at = value.indexOf('@');
    const local = value.slice(0, at);
    if (local.endsWith('.') || local.includes('..')) return undefined;
    const labels = value.slice(at + 1).split('.');
    if (labels.some((label) => label.startsWith('-') || label.endsWith('-'))) return undefined;
    return { start: match.index, end: match.index + value.length, confidence: 0.95 };
  },
};

interface DigitGroup {
  readonly digits: string;
  readonly end: number;
}

function digitGroups(candidate: string): DigitGroup[] {
  const groups: DigitGroup[] = [];
  for (const match of candidate.matchAll(/\d+/g)) groups.push({ digits: match[0], end: match.index + match[0].length });
  return groups;
}

/** Structure rules on the digit groups only (cheap); undefined when no phone form fits. */
function structureConfidence(plus: boolean, groups: readonly DigitGroup[], count: number): number | undefined {
  let total = 0;
  let longest = 0;
  for (let index = 0; index < count; index++) {
    total += groups[index].digits.length;
    longest = Math.max(longest, groups[index].digits.length);
  }
  if (plus) {
    if (total < 8 || total > 15 || (count > 1 && longest > 8)) return undefined;
    return count > 1 ? 0.9 : 0.8;
  }
  const first = groups[0].digits;
  const offset = count === 4 && first === '1' ? 1 : 0;
  if (count - offset === 3) {
    const [area, exchange, line] = [groups[offset].digits, groups[offset + 1].digits, groups[offset + 2].digits];
    if (area.length === 3 && exchange.length === 3 && line.length === 4)
      return area[0] >= '2' && exchange[0] >= '2' ? 0.85 : undefined;
  }
  const ssnShaped = count === 3 && first.length === 3 && groups[1].digits.length === 2 && groups[2].digits.length === 4;
  if (ssnShaped || count < 2 || first[0] !== '0' || first[1] === '0' || first.length > 5 || total < 9 || total > 11)
    return undefined;
  for (let index = 0; index < count; index++) {
    const length = groups[index].digits.length;
    if (length < 2 || length > 8) return undefined;
  }
  return 0.7;
}

/** Separator rules on the text: no doubled separators, at most one balanced pair of parentheses. */
function wellFormed(text: string): boolean {
  if (/[.-]{2}|\s{2}|\(\(|\)\)/.test(text)) return false;
  const opens = text.split('(').length - 1;
  return opens <= 1 && opens === text.split(')').length - 1;
}

/** Tries the whole candidate, then shorter prefixes ending at a digit group (two numbers side by side). */
function firstPhone(match: RegExpExecArray): DetectorHit | undefined {
  const candidate = match[0];
  const groups = digitGroups(candidate);
  const plus = candidate.startsWith('+');
  for (let count = groups.length; count >= 1; count--) {
    const confidence = structureConfidence(plus, groups, count);
    const end = groups[count - 1].end;
    if (confidence !== undefined && wellFormed(candidate.slice(0, end)))
      return { start: match.index, end: match.index + end, confidence };
  }
  return undefined;
}

const phone: Detector = {
  type: 'phone',
  // Digits with common separators; the structure (E.164, NANP, 0-prefixed national) is checked in code.
  // The lookahead admits only plausible starts (+country, NXX area code, 1-NXX, 0-trunk) so runs of
  // short numbers are rejected without building a candidate.
  pattern:
    /(?<![\w+.\-)])(?=\+[1-9]|\(?[2-9]\d\d(?!\d)|1[ .-]\(?\d{3}(?!\d)|\(?0[1-9])(?:\+|\()?\d[\d ().-]{5,22}\d(?!\d)/g,
  validate: firstPhone,
};

/** Email and phone detectors. */
export const contactDetectors: readonly Detector[] = [email, phone];
