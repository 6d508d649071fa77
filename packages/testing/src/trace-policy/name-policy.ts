/** Gives `fn` the name reports show for it, and returns it. */
export function namePolicy<F extends (...args: never[]) => unknown>(name: string, fn: F): F {
  Object.defineProperty(fn, 'name', { value: name, configurable: true });
  return fn;
}

/** The name a report shows for a trace or span policy: its `policyInfo.name`, function name, or `anonymous_policy`. */
export function tracePolicyName(policy: unknown): string {
  const info = (policy as { policyInfo?: { name?: unknown } } | undefined)?.policyInfo;
  if (typeof info?.name === 'string' && info.name !== '') return info.name;
  const name = (policy as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name !== '' ? name : 'anonymous_policy';
}

/** `name(args…)` with the arguments as JSON, the way assertion policies are named. */
export function callName(name: string, ...args: unknown[]): string {
  const shown = args.filter((arg) => arg !== undefined).map((arg) => JSON.stringify(arg));
  return `${name}(${shown.join(', ')})`;
}
