import type { Trace } from '@clearstone/core';
import type { RegisteredPolicy } from '@clearstone/policy';
import type { CommandModule } from 'yargs';
import { CliError, usageError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { parseTimeOption } from '../cli/parse-time';
import { openTraceStore, DEFAULT_TRACE_DB } from '../traces/open-trace-store';
import { BUNDLE_NAMES, loadBundle } from './builtin-bundles';
import { loadPolicyModule } from './load-policy-module';
import { ProgressBar, withProgress } from './progress-bar';
import { backtestJson, printBacktest } from './render-backtest';

interface BacktestArguments {
  db: string;
  policy: string[];
  bundle: string[];
  limit?: number;
  since?: string;
  metadata?: string;
  'fail-on-block': boolean;
  json: boolean;
}

function parseMetadata(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw usageError(`--metadata must be a JSON object, e.g. '{"tokenLimit": 5000}' (got ${text}).`, 'INVALID_METADATA');
}

async function loadPolicies(context: CommandContext, args: BacktestArguments): Promise<RegisteredPolicy[]> {
  const policies: RegisteredPolicy[] = [];
  for (const bundle of args.bundle) policies.push(...(await loadBundle(bundle)));
  for (const file of args.policy) policies.push(...(await loadPolicyModule(context.resolvePath(file))));
  const seen = new Set<string>();
  for (const policy of policies) {
    if (seen.has(policy.policyInfo.name))
      throw new CliError({
        code: 'DUPLICATE_POLICY',
        message: `Two policies are named '${policy.policyInfo.name}'; policy names must be unique in one backtest.`,
      });
    seen.add(policy.policyInfo.name);
  }
  return policies;
}

/** `clearstone backtest`: replays recorded tool and model calls through policies. */
export function backtestCommand(context: CommandContext): CommandModule<object, BacktestArguments> {
  return {
    command: 'backtest',
    describe: 'Run policies against recorded traces and report what they would have blocked',
    builder: (yargs) =>
      yargs
        .option('db', { type: 'string', default: DEFAULT_TRACE_DB, describe: 'Trace database (SQLite)' })
        .option('policy', {
          type: 'string',
          array: true,
          default: [],
          describe: 'TS/JS module exporting policies (default or named exports, or arrays); repeatable',
        })
        .option('bundle', {
          type: 'string',
          array: true,
          default: [],
          describe: `Built-in bundle: ${BUNDLE_NAMES.join(', ')}; repeatable`,
        })
        .option('limit', { type: 'number', describe: 'Most recent traces to analyse (default all)' })
        .option('since', {
          type: 'string',
          describe: 'Only traces started since: ISO date/time, epoch ms, or an age (7d)',
        })
        .option('metadata', {
          type: 'string',
          describe: 'JSON object merged into every evaluated context, e.g. {"tokenLimit":5000}',
        })
        .option('fail-on-block', {
          type: 'boolean',
          default: false,
          describe: 'Exit 1 when any run would have been blocked',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print the summary as JSON' })
        .example('$0 backtest --db traces.db --policy ./policies.ts', 'What would these policies have blocked?')
        .example('$0 backtest --db traces.db --bundle safe-mode --json', 'The same for a built-in bundle'),
    handler: async (args) => {
      if (args.policy.length === 0 && args.bundle.length === 0)
        throw usageError('Give at least one --policy FILE or --bundle NAME.', 'NO_POLICIES');
      if (args.limit !== undefined && (!Number.isSafeInteger(args.limit) || args.limit < 1))
        throw usageError(`--limit must be a positive integer (got '${String(args.limit)}').`, 'INVALID_LIMIT');
      const since = args.since === undefined ? undefined : parseTimeOption(args.since, 'since');
      const metadata = parseMetadata(args.metadata);
      const policies = await loadPolicies(context, args);
      const store = await openTraceStore(context, args.db);
      const { PolicyTestHarness } = await import('@clearstone/testing');
      const harness = new PolicyTestHarness(store);
      try {
        const query = {
          ...(args.limit === undefined ? {} : { limit: args.limit }),
          ...(since === undefined ? {} : { since }),
        };
        const total =
          context.io.stderr.isTTY === true
            ? Math.min(
                args.limit ?? Infinity,
                store.listTraces({ limit: Number.MAX_SAFE_INTEGER, ...(since === undefined ? {} : { since }) }).length,
              )
            : 0;
        const traces: Iterable<Trace> = withProgress(
          harness.iterateTraces(query),
          new ProgressBar(context.io.stderr, total, 'traces'),
        );
        const result = await harness.backtest(policies, traces, metadata === undefined ? {} : { metadata });
        const names = policies.map((policy) => policy.policyInfo.name);
        if (args.json) context.printJson(backtestJson(result, names));
        else printBacktest(context, result, names);
        if (args['fail-on-block'] && result.runsBlocked > 0) context.exitCode = 1;
      } finally {
        harness.close();
        store.close();
      }
    },
  };
}
