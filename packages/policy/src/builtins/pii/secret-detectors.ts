import type { Detector, DetectorHit, PiiType } from './types';

function whole(match: RegExpExecArray, confidence: number): DetectorHit {
  return { start: match.index, end: match.index + match[0].length, confidence };
}

function mixed(value: string): boolean {
  return /\d/.test(value) && /[A-Za-z]/.test(value);
}

function fixed(type: PiiType, pattern: RegExp, notAfter: RegExp, confidence: number): Detector {
  return { type, pattern, notAfter, validate: (match) => whole(match, confidence) };
}

// Gates: substring tests whose first character is rare in prose (a substring search skips to it),
// where they cost less than the pattern's own scan. Both sk- detectors share one (evaluated once).
const hasApiKeyPrefix = (text: string): boolean => text.includes('k-') && text.includes('sk-');

function isJwtHeader(segment: string): boolean {
  const decoded = Buffer.from(segment, 'base64url').toString('utf8');
  if (!decoded.endsWith('}')) return false;
  try {
    const header = JSON.parse(decoded) as unknown;
    return header !== null && typeof header === 'object' && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

// PEM body: base64, whitespace, header lines ("Proc-Type: 4,ENCRYPTED"); stops before "-----".
const PEM_BODY = /(?:[A-Za-z0-9+/=\s:,.]|-(?!----)){0,16384}/y;
const PEM_END = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----/y;

const privateKey: Detector = {
  type: 'private_key',
  pattern: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----/g,
  validate(match, text) {
    PEM_BODY.lastIndex = match.index + match[0].length;
    const body = PEM_BODY.exec(text);
    const bodyEnd = body === null ? PEM_BODY.lastIndex : body.index + body[0].length;
    PEM_END.lastIndex = bodyEnd;
    const end = PEM_END.exec(text);
    if (end !== null) return { start: match.index, end: end.index + end[0].length, confidence: 0.99 };
    // A truncated block (no END line) still leaks the key: cover the header and the body.
    const trimmed = text.slice(match.index, bodyEnd).trimEnd();
    return { start: match.index, end: match.index + trimmed.length, confidence: 0.9 };
  },
};

/** Detectors for credentials: cloud and LLM API keys, GitHub tokens, JWTs, PEM private keys. */
export const secretDetectors: readonly Detector[] = [
  fixed('aws_access_key', /A(?:KIA|SIA|BIA|CCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g, /[A-Za-z0-9]/, 0.95),
  {
    type: 'anthropic_api_key',
    pattern: /sk-ant-[A-Za-z0-9_-]{20,200}/g,
    notAfter: /[\w-]/,
    gate: hasApiKeyPrefix,
    validate: (match) => (mixed(match[0].slice(7)) ? whole(match, 0.95) : undefined),
  },
  {
    type: 'openai_api_key',
    pattern: /sk-(?!ant-)[A-Za-z0-9_-]{20,200}/g,
    notAfter: /[\w-]/,
    gate: hasApiKeyPrefix,
    validate: (match) => (mixed(match[0].slice(3)) && !match[0].includes('--') ? whole(match, 0.9) : undefined),
  },
  {
    ...fixed(
      'github_token',
      /g(?:h[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9])|ithub_pat_[A-Za-z0-9_]{22,255}(?![A-Za-z0-9_]))/g,
      /\w/,
      0.95,
    ),
    gate: (text) => text.includes('_'),
  },
  {
    type: 'jwt',
    pattern: /eyJ[A-Za-z0-9_-]{5,4096}\.[A-Za-z0-9_-]{2,8192}\.[A-Za-z0-9_-]{0,4096}/g,
    notAfter: /[\w-]/,
    gate: (text) => text.includes('yJ'),
    validate: (match) => (isJwtHeader(match[0].slice(0, match[0].indexOf('.'))) ? whole(match, 0.95) : undefined),
  },
  privateKey,
];
