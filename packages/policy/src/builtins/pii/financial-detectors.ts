import { IBAN_LENGTHS, ibanChecksumValid, luhnValid } from './checksums';
import { afterNonPiiLabel, nearCardWord } from './context';
import type { Detector, DetectorHit } from './types';

/** Issuer prefixes of the major card networks (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro). */
const CARD_PREFIX =
  /^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|6011|64[4-9]|65|62|35(?:2[89]|[3-8]\d)|30[0-5]|3[689]|5[06-8]|6[37])/;

const CARD_LAYOUTS = new Set([
  '4-4-4-4',
  '4-4-4-4-1',
  '4-4-4-4-2',
  '4-4-4-4-3',
  '4-6-5',
  '4-6-4',
  '4-4-4-1',
  '4-4-4-4-4',
]);

/** Lengths each network issues: a 15-digit number is only ever an Amex card (IMEIs are 15 digits too). */
function issuedLength(number: string): boolean {
  const length = number.length;
  const two = Number(number.slice(0, 2));
  if (number[0] === '4') return length === 13 || length === 16 || length === 19;
  if (two === 34 || two === 37) return length === 15;
  const four = Number(number.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return length === 16;
  if (two === 36 || two === 38 || two === 39 || (two === 30 && number[2] <= '5')) return length >= 14;
  return length >= 16;
}

/** Finds the longest prefix of digit groups that forms a card number: layout, issuer prefix, Luhn. */
function firstCard(match: RegExpExecArray, text: string): DetectorHit | undefined {
  const candidate = match[0];
  const lengths: number[] = [];
  const ends: number[] = [];
  let digits = '';
  let run = 0;
  for (let index = 0; index <= candidate.length; index++) {
    const char = candidate[index];
    if (char !== undefined && char >= '0' && char <= '9') {
      digits += char;
      run++;
    } else if (run > 0) {
      lengths.push(run);
      ends.push(index);
      run = 0;
    }
  }
  let total = digits.length;
  for (let count = lengths.length; count >= 1; total -= lengths[count - 1], count--) {
    if (total < 13 || total > 19) continue;
    if (count > 1 && !CARD_LAYOUTS.has(lengths.slice(0, count).join('-'))) continue;
    const number = digits.slice(0, total);
    if (!CARD_PREFIX.test(number) || !issuedLength(number) || !luhnValid(number)) continue;
    // "account no. 4513160466916222" passes Luhn one time in ten: the label decides unless a card word is near.
    if (afterNonPiiLabel(text, match.index) && !nearCardWord(text, match.index)) return undefined;
    return { start: match.index, end: match.index + ends[count - 1], confidence: 0.95 };
  }
  return undefined;
}

const creditCard: Detector = {
  type: 'credit_card',
  // Compact, 4-4-4-4(-4) or 4-6-4/5 groups with one repeated separator; prefixes are checked in code.
  candidates: 'numericRuns',
  pattern: /[2-6](?:\d{3}([ -])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{1,4})?|\d{3}([ -])\d{6}\2\d{4,5}|\d{12,18})(?!\d)/g,
  notAfter: /[\w.-]/,
  validate: firstCard,
};

const iban: Detector = {
  type: 'iban',
  candidates: 'countryCodeHeads',
  pattern: /[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/g,
  notAfter: /[A-Za-z0-9]/,
  validate(match) {
    const candidate = match[0];
    const length = IBAN_LENGTHS[candidate.slice(0, 2)];
    if (length === undefined) return undefined;
    let taken = 0;
    let end = 0;
    while (end < candidate.length && taken < length) {
      if (candidate[end] !== ' ') taken++;
      end++;
    }
    if (taken < length || !ibanChecksumValid(candidate.slice(0, end).replace(/ /g, ''))) return undefined;
    return { start: match.index, end: match.index + end, confidence: 0.95 };
  },
};

const INVALID_SSNS = new Set(['078-05-1120', '219-09-9999', '457-55-5462']);

const ssn: Detector = {
  type: 'ssn',
  candidates: 'numericRuns',
  pattern: /(\d{3})([- ])(\d{2})\2(\d{4})(?![\w-])/g,
  notAfter: /[\w-]/,
  validate(match) {
    const [value, area, separator, group, serial] = match;
    const areaNumber = Number(area);
    if (areaNumber === 0 || areaNumber === 666 || areaNumber >= 900 || group === '00' || serial === '0000')
      return undefined;
    if (INVALID_SSNS.has(`${area}-${group}-${serial}`)) return undefined;
    return { start: match.index, end: match.index + value.length, confidence: separator === '-' ? 0.85 : 0.6 };
  },
};

/** Credit card, IBAN and US SSN detectors. */
export const financialDetectors: readonly Detector[] = [creditCard, iban, ssn];
