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

/**
 * One detector: a linear-time candidate regex (flag `g`, or `y` with an `anchor`) and a validator.
 * Patterns do not start with a lookbehind (it keeps the regex engine from skipping ahead to
 * possible first characters); `notAfter` says which characters may not precede a candidate.
 */
export interface Detector {
  readonly type: PiiType;
  readonly pattern: RegExp;
  /** One-character class (ASCII) the character right before a candidate may not match, e.g. `/[\w.-]/`. */
  readonly notAfter?: RegExp;
  /**
   * Where candidates can start, found once per text for every detector that needs them, so the
   * pattern is tried only there instead of scanning the whole text: `numericRuns`, the runs of 7+
   * digits and separators (`\d[\d ().-]{5,}\d`) every match lies in (or starts one character before,
   * with one of `leading`: '+', '('); `countryCodeHeads`, every `[A-Z]{2}\d\d`.
   */
  readonly candidates?: 'numericRuns' | 'countryCodeHeads';
  readonly leading?: string;
  /** Cheap test on the whole text: when false the detector cannot find anything and does not run. */
  readonly gate?: (text: string) => boolean;
  /**
   * A fast regex (flag `g`) for a distinctive part of every match (`@` of an email); `startOf` maps
   * its index to the only place a match can start (or -1), where the sticky `pattern` is tried.
   */
  readonly anchor?: RegExp;
  readonly startOf?: (text: string, anchorIndex: number) => number;
  /** Accepts (possibly narrowing) or rejects a candidate match. */
  readonly validate: (match: RegExpExecArray, text: string) => DetectorHit | undefined;
}
