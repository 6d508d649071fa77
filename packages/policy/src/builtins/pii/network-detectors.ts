import { isIPv6 } from 'node:net';
import { afterVersionWord } from './context';
import type { Detector } from './types';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

const ipv4: Detector = {
  type: 'ipv4',
  candidates: 'numericRuns',
  pattern: new RegExp(`(?:${OCTET}\\.){3}${OCTET}(?!\\w|\\.\\d)`, 'g'),
  notAfter: /[\w.]/,
  // "version 1.2.3.4", "firmware 4.0.4.71": four dotted numbers after a version word are a version.
  validate: (match, text) =>
    afterVersionWord(text, match.index)
      ? undefined
      : { start: match.index, end: match.index + match[0].length, confidence: 0.85 },
};

function isHexOrColon(code: number): boolean {
  return (code >= 48 && code <= 58) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}

/** True for the characters a match may not follow: word characters, ':' and '.'. */
function isWordColonOrDot(code: number): boolean {
  return (
    (code >= 48 && code <= 58) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code === 46
  );
}

const ipv6: Detector = {
  type: 'ipv6',
  // Every candidate has two colons at most four hex digits apart: found from there, it starts where
  // the run of hex digits and colons around them starts. node:net validates it.
  gate: (text) => text.includes(':'),
  anchor: /:[0-9A-Fa-f]{0,4}:/g,
  startOf(text, anchorIndex) {
    let start = anchorIndex;
    while (start > 0 && anchorIndex - start < 40 && isHexOrColon(text.charCodeAt(start - 1))) start--;
    return start > 0 && isWordColonOrDot(text.charCodeAt(start - 1)) ? -1 : start;
  },
  pattern: /[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}/y,
  validate(match, text) {
    const value = match[0];
    const end = match.index + value.length;
    if (/[\w:]/.test(text[end] ?? '') || !/[0-9A-Fa-f]/.test(value) || !isIPv6(value)) return undefined;
    return { start: match.index, end, confidence: 0.85 };
  },
};

/** IPv4 and IPv6 address detectors. */
export const networkDetectors: readonly Detector[] = [ipv4, ipv6];
