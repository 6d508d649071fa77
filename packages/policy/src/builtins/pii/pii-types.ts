import { InvalidArgumentError } from '@clearstone/core';
import type { PiiType } from './types';

/** Every type {@link detectPii} knows, in detection order. */
export const PII_TYPES: readonly PiiType[] = Object.freeze([
  'email',
  'phone',
  'credit_card',
  'iban',
  'ssn',
  'ipv4',
  'ipv6',
  'aws_access_key',
  'anthropic_api_key',
  'openai_api_key',
  'github_token',
  'jwt',
  'private_key',
] as PiiType[]);

/** Names that stand for several types: `secret`, `api_key`, `ip_address`, `all` (also `*`). */
export const PII_GROUPS: Readonly<Record<string, readonly PiiType[]>> = Object.freeze({
  secret: ['aws_access_key', 'anthropic_api_key', 'openai_api_key', 'github_token', 'jwt', 'private_key'],
  api_key: ['aws_access_key', 'anthropic_api_key', 'openai_api_key'],
  ip_address: ['ipv4', 'ipv6'],
  all: PII_TYPES,
  '*': PII_TYPES,
});

/** Expands type and group names to a set of types; unknown names throw InvalidArgumentError. */
export function resolvePiiTypes(names: readonly string[] | undefined, argument = 'types'): ReadonlySet<PiiType> {
  if (names === undefined) return new Set(PII_TYPES);
  if (!Array.isArray(names))
    throw new InvalidArgumentError({ message: `'${argument}' must be an array of PII type names.`, argument });
  const types = new Set<PiiType>();
  for (const name of names) {
    const key = typeof name === 'string' ? name.toLowerCase() : '';
    const group = Object.hasOwn(PII_GROUPS, key) ? PII_GROUPS[key] : undefined;
    if (group !== undefined) group.forEach((type) => types.add(type));
    else if ((PII_TYPES as readonly string[]).includes(key)) types.add(key as PiiType);
    else {
      throw new InvalidArgumentError({
        message: `Unknown PII type '${String(name)}'. Known: ${[...PII_TYPES, ...Object.keys(PII_GROUPS)].join(', ')}.`,
        argument,
      });
    }
  }
  return types;
}
