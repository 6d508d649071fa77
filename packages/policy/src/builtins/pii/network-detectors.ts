import { isIPv6 } from 'node:net';
import type { Detector } from './types';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

const ipv4: Detector = {
  type: 'ipv4',
  pattern: new RegExp(`(?<![\\w.])(?:${OCTET}\\.){3}${OCTET}(?!\\w|\\.\\d)`, 'g'),
  validate: (match) => ({ start: match.index, end: match.index + match[0].length, confidence: 0.85 }),
};

const ipv6: Detector = {
  type: 'ipv6',
  // Candidate: hex groups joined by colons (optionally ending in dotted IPv4); node:net validates it.
  pattern: /(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}/g,
  validate(match, text) {
    const value = match[0];
    const end = match.index + value.length;
    if (/[\w:]/.test(text[end] ?? '') || !/[0-9A-Fa-f]/.test(value) || !isIPv6(value)) return undefined;
    return { start: match.index, end, confidence: 0.85 };
  },
};

/** IPv4 and IPv6 address detectors. */
export const networkDetectors: readonly Detector[] = [ipv4, ipv6];
