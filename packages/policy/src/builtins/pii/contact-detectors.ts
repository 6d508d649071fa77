import { afterNonPiiLabel, afterPhoneWord } from './context';
import type { Detector, DetectorHit } from './types';

/** True for the characters of an email's local part: A-Z a-z 0-9 . _ % + - */
function isLocalChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 46 ||
    code === 95 ||
    code === 37 ||
    code === 43 ||
    code === 45
  );
}

function isAlphanumeric(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

const email: Detector = {
  type: 'email',
  // Found from each '@': the local part is the run of local-part characters before it (at most 64,
  // starting with a letter or digit), then 1–8 dot-terminated labels and an alphabetic TLD.
  anchor: /@/g,
  startOf(text, at) {
    let start = at;
    while (start > 0 && at - start <= 64 && isLocalChar(text.charCodeAt(start - 1))) start--;
    if (start === at || at - start > 64 || !isAlphanumeric(text.charCodeAt(start))) return -1;
    // user:token@host in a URL is a credential, not an address.
    if (start >= 3 && text.startsWith('://', start - 3)) return -1;
    return start;
  },
  pattern:
    /[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-]|\.[A-Za-z0-9])/y,
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
  let start = -1;
  for (let index = 0; index <= candidate.length; index++) {
    const code = index < candidate.length ? candidate.charCodeAt(index) : 0;
    if (code >= 48 && code <= 57) {
      if (start < 0) start = index;
    } else if (start >= 0) {
      groups.push({ digits: candidate.slice(start, index), end: index });
      start = -1;
    }
  }
  return groups;
}

/**
 * Structure rules on the digit groups only (cheap); undefined when no phone form fits. After a
 * phone word ("Tel.", "call me at") any 7–15 digit number in plausible groups is accepted.
 */
function structureConfidence(
  candidate: string,
  groups: readonly DigitGroup[],
  count: number,
  phoneWord: boolean,
): number | undefined {
  let total = 0;
  let longest = 0;
  for (let index = 0; index < count; index++) {
    total += groups[index].digits.length;
    longest = Math.max(longest, groups[index].digits.length);
  }
  if (candidate.startsWith('+')) {
    if (total < 8 || total > 15) return undefined;
    // +CC then the national number in one block (+33 681074836) or in groups of at most 8.
    if (count > 1 && longest > 8 && !(count === 2 && groups[0].digits.length <= 3)) return undefined;
    return count > 1 ? 0.9 : 0.8;
  }
  const first = groups[0].digits;
  const offset = count === 4 && first === '1' ? 1 : 0;
  if (count - offset === 3) {
    const [area, exchange, line] = [groups[offset].digits, groups[offset + 1].digits, groups[offset + 2].digits];
    if (area.length === 3 && exchange.length === 3 && line.length === 4 && area[0] >= '2' && exchange[0] >= '2')
      return 0.85;
  }
  // A ZIP+4 code (09754-7558) has the shape of a short 0-prefixed number: only a phone word tells.
  const zipShaped = count === 2 && first.length === 5 && groups[1].digits.length === 4 && candidate[5] === '-';
  const ssnShaped = count === 3 && first.length === 3 && groups[1].digits.length === 2 && groups[2].digits.length === 4;
  if (ssnShaped) return undefined;
  if (phoneWord) {
    if (total < 7 || total > 15) return undefined;
    return count === 1 ? (total <= 12 ? 0.6 : undefined) : longest <= 8 ? 0.6 : undefined;
  }
  if (zipShaped || count < 2 || first[0] !== '0' || first[1] === '0' || first.length > 5 || total < 9 || total > 11)
    return undefined;
  for (let index = 0; index < count; index++) {
    const length = groups[index].digits.length;
    if (length < 2 || length > 8) return undefined;
  }
  return 0.7;
}

/** Separator rules on the text: no doubled separators, at most one balanced pair of parentheses. */
function wellFormed(text: string, end: number): boolean {
  let opens = 0;
  let closes = 0;
  for (let index = 0; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) continue;
    const next = index + 1 < end ? text.charCodeAt(index + 1) : 0;
    if (code === 40) {
      if (++opens > 1) return false;
    } else if (code === 41) {
      if (++closes > opens) return false;
    } else if ((code === 46 || code === 45) && (next === 46 || next === 45)) return false;
    else if (code === 32 && next === 32) return false;
  }
  return opens === closes;
}

/** Starts a number can have without a phone word before it: +country, NXX area code, 1-NXX, 0-trunk. */
const PLAUSIBLE_START = /\+[1-9]|\(?[2-9]\d\d(?!\d)|1[ .-]\(?\d{3}(?!\d)|\(?0[1-9]/y;
const EXTENSION = / ?(?:x|ext\.?) ?\d{1,5}(?!\d)/iy;

function extensionEnd(text: string, end: number): number {
  EXTENSION.lastIndex = end;
  return EXTENSION.test(text) ? EXTENSION.lastIndex : end;
}

/** Tries the whole candidate, then shorter prefixes ending at a digit group (two numbers side by side). */
function bestPrefix(
  candidate: string,
  groups: readonly DigitGroup[],
  phoneWord: boolean,
): { end: number; confidence: number } | undefined {
  for (let count = groups.length; count >= 1; count--) {
    const end = groups[count - 1].end;
    // A shorter prefix must end where a space separates it from the rest (not inside 011-5063654-9429744).
    if (count < groups.length && candidate[end] !== ' ') continue;
    const confidence = structureConfidence(candidate, groups, count, phoneWord);
    if (confidence !== undefined && wellFormed(candidate, end)) return { end, confidence };
  }
  return undefined;
}

// The groups of an IBAN-shaped string ("IR28 0170 0000 0010 0324 2000 01", checksum wrong): not a phone.
const IBAN_SHAPED_BEFORE = /[A-Z]{2}\d{2}(?: [A-Z0-9]{4}){1,7} $/;

function insideIbanShape(text: string, start: number): boolean {
  return start > 0 && text[start - 1] === ' ' && IBAN_SHAPED_BEFORE.test(text.slice(Math.max(0, start - 40), start));
}

/** A number of a known form, unless a non-PII label precedes it; any plausible grouping after a phone word. */
function firstPhone(match: RegExpExecArray, text: string): DetectorHit | undefined {
  const candidate = match[0];
  const start = match.index;
  const groups = digitGroups(candidate);
  PLAUSIBLE_START.lastIndex = start;
  let found = PLAUSIBLE_START.test(text) ? bestPrefix(candidate, groups, false) : undefined;
  if (found === undefined && afterPhoneWord(text, start)) found = bestPrefix(candidate, groups, true);
  if (found !== undefined && (afterNonPiiLabel(text, start) || insideIbanShape(text, start))) return undefined;
  return found === undefined
    ? undefined
    : { start, end: extensionEnd(text, start + found.end), confidence: found.confidence };
}

const phone: Detector = {
  type: 'phone',
  // Digits with common separators; the structure (E.164, NANP, 0-prefixed national, or any plausible
  // grouping after a phone word) is checked in code.
  candidates: 'numericRuns',
  leading: '+(',
  pattern: /[+(]?\d[\d ().-]{5,22}\d(?!\d)/g,
  notAfter: /[\w+.\-)]/,
  validate: firstPhone,
};

/** Email and phone detectors. */
export const contactDetectors: readonly Detector[] = [email, phone];
