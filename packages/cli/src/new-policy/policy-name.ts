import { usageError } from '../cli/cli-error';

const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const MAX_LENGTH = 100;

/** The names derived from a policy name. */
export interface PolicyNames {
  /** The registered policy name, exactly as given. */
  policyName: string;
  /** kebab-case file name without extension, e.g. `enforce-data-locality`. */
  fileBase: string;
  /** camelCase exported constant, e.g. `enforceDataLocalityPolicy`. */
  exportName: string;
}

/** Splits `enforce_data-locality`, `enforceDataLocality` or `HTTPLimit` into lowercase words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/**
 * Validates a policy name (letters, digits, `-` and `_`, starting with a letter or `_`, at most
 * 100 characters) and derives its file and export names.
 *
 * @throws CliError `'INVALID_POLICY_NAME'` (exit code 2) for anything else.
 */
export function policyNames(name: string): PolicyNames {
  if (name.length > MAX_LENGTH || !VALID_NAME.test(name) || !/[A-Za-z]/.test(name)) {
    throw usageError(
      `Invalid policy name '${name}': use letters, digits, '-' and '_' only, starting with a letter or '_' (at most ${MAX_LENGTH} characters), e.g. enforce_data_locality.`,
      'INVALID_POLICY_NAME',
    );
  }
  const parts = words(name);
  const stem = parts.length > 1 && parts[parts.length - 1] === 'policy' ? parts.slice(0, -1) : parts;
  const camel = stem.map((word, index) => (index === 0 ? word : word[0].toUpperCase() + word.slice(1))).join('');
  return { policyName: name, fileBase: parts.join('-'), exportName: `${camel}Policy` };
}
