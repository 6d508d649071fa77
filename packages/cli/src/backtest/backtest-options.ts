import type { RegisteredPolicy } from '@clearstone/policy';
import { CliError, usageError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { parseTimeOption } from '../cli/parse-time';
import { loadBundle } from './builtin-bundles';
import { loadPolicyModule } from './load-policy-module';

/** What `--fail-on` gates on: calls newly blocked, or any change. */
export type FailOn = 'new-blocks' | 'changes';

/** Arguments of `clearstone backtest`. */
export interface BacktestArguments {
  /** `--db`: the trace database. */
  db: string;
  /** `--policy` / `--policies`: policy modules (the head set with `--baseline`). */
  policy: string[];
  /** `--bundle`: built-in bundles (part of the head set with `--baseline`). */
  bundle: string[];
  /** `--baseline`: the set to compare with, a file or `REV:PATH` (an array when given twice). */
  baseline?: string | string[];
  /** `--limit`: most recent traces. */
  limit?: number;
  /** `--since`: only traces started since. */
  since?: string;
  /** `--until`: only traces started before. */
  until?: string;
  /** `--metadata`: JSON object merged into every context. */
  metadata?: string;
  /** `--format`. */
  format?: 'text' | 'json' | 'markdown';
  /** `--fail-on` (with `--baseline`). */
  'fail-on'?: FailOn;
  /** `--max-flips` (with `--baseline`). */
  'max-flips'?: number;
  /** `--viewer-url`: `clearstone ui`'s address for markdown links. */
  'viewer-url': string;
  /** `--fail-on-block` (one set). */
  'fail-on-block': boolean;
  /** `--json`: same as `--format json`. */
  json: boolean;
}

/**
 * `--metadata` as an object.
 *
 * @throws CliError `'INVALID_METADATA'` (exit code 2) for anything but a JSON object.
 */
export function parseMetadata(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw usageError(`--metadata must be a JSON object, e.g. '{"tokenLimit": 5000}' (got ${text}).`, 'INVALID_METADATA');
}

/**
 * Checks that no two policies of one set share a name.
 *
 * @throws CliError `'DUPLICATE_POLICY'` (exit code 1).
 */
export function checkUniqueNames(policies: readonly RegisteredPolicy[], set = 'one backtest'): void {
  const seen = new Set<string>();
  for (const policy of policies) {
    if (seen.has(policy.policyInfo.name))
      throw new CliError({
        code: 'DUPLICATE_POLICY',
        message: `Two policies are named '${policy.policyInfo.name}'; policy names must be unique in ${set}.`,
      });
    seen.add(policy.policyInfo.name);
  }
}

/** The policies of `--bundle` and `--policy`, in that order, with unique names. */
export async function loadPolicies(
  context: CommandContext,
  args: Pick<BacktestArguments, 'bundle' | 'policy'>,
  set?: string,
): Promise<RegisteredPolicy[]> {
  const policies: RegisteredPolicy[] = [];
  for (const bundle of args.bundle) policies.push(...(await loadBundle(bundle)));
  for (const file of args.policy) policies.push(...(await loadPolicyModule(context.resolvePath(file))));
  checkUniqueNames(policies, set);
  return policies;
}

/** `--limit`, `--since` and `--until` as a trace query (the times validated). */
export function traceWindow(args: Pick<BacktestArguments, 'limit' | 'since' | 'until'>): {
  limit?: number;
  since?: Date;
  until?: Date;
} {
  if (args.limit !== undefined && (!Number.isSafeInteger(args.limit) || args.limit < 1))
    throw usageError(`--limit must be a positive integer (got '${String(args.limit)}').`, 'INVALID_LIMIT');
  const since = args.since === undefined ? undefined : parseTimeOption(args.since, 'since');
  const until = args.until === undefined ? undefined : parseTimeOption(args.until, 'until');
  if (since !== undefined && until !== undefined && since.getTime() >= until.getTime())
    throw usageError(`--since (${args.since}) must be before --until (${args.until}).`, 'INVALID_TIME');
  return {
    ...(args.limit === undefined ? {} : { limit: args.limit }),
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
  };
}
