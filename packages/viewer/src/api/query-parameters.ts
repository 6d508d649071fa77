import { ViewerError } from '../errors';

/**
 * The query parameters of a request, checked against the names an endpoint accepts: unknown names
 * and repeats of single-valued names are refused, so a typo never silently widens a listing.
 */
export function readQueryParameters(
  search: URLSearchParams,
  single: readonly string[],
  repeatable: readonly string[] = [],
): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const [name, value] of search) {
    if (!single.includes(name) && !repeatable.includes(name)) {
      const accepted = [...single, ...repeatable].join(', ');
      throw new ViewerError({
        code: 'UNKNOWN_PARAMETER',
        parameter: name,
        message: `Unknown query parameter "${name}"; accepted: ${accepted || 'none'}.`,
      });
    }
    const list = values.get(name) ?? [];
    if (list.length > 0 && single.includes(name)) {
      throw new ViewerError({
        code: 'UNKNOWN_PARAMETER',
        parameter: name,
        message: `Query parameter "${name}" may be given only once.`,
      });
    }
    list.push(value);
    values.set(name, list);
  }
  return values;
}

/** A whole number in `[minimum, maximum]`, or `fallback` when absent. */
export function integerParameter(
  value: string | undefined,
  name: string,
  fallback: number,
  minimum: number,
  maximum: number,
): number {
  if (value === undefined) return fallback;
  const number = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < minimum || number > maximum) {
    throw new ViewerError({
      code: 'INVALID_PARAMETER',
      parameter: name,
      message: `${name} must be a whole number from ${minimum} to ${maximum}, got "${value}".`,
    });
  }
  return number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A time given as epoch milliseconds or an ISO-8601 date/time. */
export function timeParameter(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = /^\d{1,15}$/.test(value) ? new Date(Number(value)) : ISO_DATE.test(value) ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new ViewerError({
      code: 'INVALID_PARAMETER',
      parameter: name,
      message: `${name} must be epoch milliseconds or an ISO-8601 date such as 2025-01-31T12:00:00Z, got "${value}".`,
    });
  }
  return date;
}
