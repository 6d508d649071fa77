/** Kinds of personal data and secrets {@link detectPii} finds. */
export type PiiType =
  | 'email'
  | 'phone'
  | 'credit_card'
  | 'iban'
  | 'ssn'
  | 'ipv4'
  | 'ipv6'
  | 'aws_access_key'
  | 'anthropic_api_key'
  | 'openai_api_key'
  | 'github_token'
  | 'jwt'
  | 'private_key';

/** One piece of personal data or secret found in a text. `text.slice(start, end) === value`. */
export interface PiiFinding {
  /** What kind of data was found. */
  readonly type: PiiType;
  /** Offset of the first character (UTF-16 code units). */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  /** The matched text. */
  readonly value: string;
  /** 0–1: how sure the detector is (checksums and fixed prefixes score higher). */
  readonly confidence: number;
}

/** Options of {@link detectPii}. */
export interface DetectPiiOptions {
  /** Types or groups to look for (`'secret'`, `'ip_address'`, `'all'`); default all. */
  types?: readonly string[];
  /** Drop findings below this confidence (default 0). */
  minConfidence?: number;
}

/** What a detector's validator returns for an accepted candidate. */
export interface DetectorHit {
  readonly start: number;
  readonly end: number;
  readonly confidence: number;
}

/** One detector: a linear-time candidate regex (flag `g`) and a validator. */
export interface Detector {
  readonly type: PiiType;
  readonly pattern: RegExp;
  /** Accepts (possibly narrowing) or rejects a candidate match. */
  readonly validate: (match: RegExpExecArray, text: string) => DetectorHit | undefined;
}
