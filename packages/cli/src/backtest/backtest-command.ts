import type { Trace } from '@clearstone/core';
import type { CommandModule } from 'yargs';
import { usageError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { openTraceStore, DEFAULT_TRACE_DB } from '../traces/open-trace-store';
import { loadPolicies, parseMetadata, traceWindow } from './backtest-options';
import type { BacktestArguments } from './backtest-options';
import { BUNDLE_NAMES } from './builtin-bundles';
import { ProgressBar, withProgress } from './progress-bar';
import { backtestJson, printBacktest } from './render-backtest';
import { DEFAULT_VIEWER_URL } from './render-preview';
import { runPreview } from './run-preview';

/** The output format asked for with `--format` or `--json`. */
function outputFormat(args: BacktestArguments): 'text' | 'json' | 'markdown' {
  if (args.json && args.format !== undefined && args.format !== 'json')
    throw usageError(`--json and --format ${args.format} disagree; give one of them.`, 'CONFLICTING_FORMAT');
  return args.format ?? (args.json ? 'json' : 'text');
}

/** `clearstone backtest`: replays recorded tool and model calls through policies. */
export function backtestCommand(context: CommandContext): CommandModule<object, BacktestArguments> {
  return {
    command: 'backtest',
    describe:
      'Run policies against recorded traces and report what they would have blocked, or preview a policy change (--baseline)',
    builder: (yargs) =>
      yargs
        .option('db', { type: 'string', default: DEFAULT_TRACE_DB, describe: 'Trace database (SQLite)' })
        .option('policy', {
          alias: 'policies',
          type: 'string',
          array: true,
          default: [],
          describe:
            'TS/JS module exporting policies (default or named exports, or arrays); repeatable. With --baseline: the head set',
        })
        .option('bundle', {
          type: 'string',
          array: true,
          default: [],
          describe: `Built-in bundle: ${BUNDLE_NAMES.join(', ')}; repeatable`,
        })
        .option('baseline', {
          type: 'string',
          describe:
            'Compare with this policy set: a TS/JS module, or one at a git revision (origin/main:policies.ts); lists the calls whose decision changes',
        })
        .option('limit', { type: 'number', describe: 'Most recent traces to analyse (default all)' })
        .option('since', {
          type: 'string',
          describe: 'Only traces started since: ISO date/time, epoch ms, or an age (7d)',
        })
        .option('until', {
          type: 'string',
          describe: 'Only traces started before: ISO date/time, epoch ms, or an age (1d)',
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
        .option('format', {
          choices: ['text', 'json', 'markdown'] as const,
          describe: 'Output: text (default), json, or markdown (with --baseline; for a pull-request comment)',
        })
        .option('fail-on', {
          choices: ['new-blocks', 'changes'] as const,
          describe: 'With --baseline: exit 1 when any call becomes blocked (new-blocks) or changes at all (changes)',
        })
        .option('max-flips', {
          type: 'number',
          describe: 'With --baseline: most changed calls listed (default 1000; 50 in markdown); counts cover all',
        })
        .option('viewer-url', {
          type: 'string',
          default: DEFAULT_VIEWER_URL,
          describe: 'Address of clearstone ui, for the links of --format markdown',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print the summary as JSON (--format json)' })
        .example('$0 backtest --db traces.db --policy ./policies.ts', 'What would these policies have blocked?')
        .example('$0 backtest --db traces.db --bundle safe-mode --json', 'The same for a built-in bundle')
        .example(
          '$0 backtest --db traces.db --policies policies.ts --baseline origin/main:policies.ts --fail-on new-blocks',
          'Which recorded calls does this branch decide differently from main? Exit 1 on a new block',
        ),
    handler: async (args) => {
      const format = outputFormat(args);
      if (args.baseline !== undefined) {
        await runPreview(context, args, format);
        return;
      }
      for (const option of ['fail-on', 'max-flips'] as const)
        if (args[option] !== undefined)
          throw usageError(`--${option} compares two policy sets: give --baseline too.`, 'BASELINE_REQUIRED');
      if (format === 'markdown')
        throw usageError('--format markdown compares two policy sets: give --baseline too.', 'BASELINE_REQUIRED');
      if (args.policy.length === 0 && args.bundle.length === 0)
        throw usageError('Give at least one --policy FILE or --bundle NAME.', 'NO_POLICIES');
      const window = traceWindow(args);
      const metadata = parseMetadata(args.metadata);
      const policies = await loadPolicies(context, args);
      const store = await openTraceStore(context, args.db);
      const { PolicyTestHarness } = await import('@clearstone/testing');
      const harness = new PolicyTestHarness(store);
      try {
        const { limit, ...range } = window;
        const total = context.io.stderr.isTTY === true ? Math.min(limit ?? Infinity, store.countTraces(range)) : 0;
        // The replay reads what it decides on: no output snapshots, events or links.
        const traces: Iterable<Trace> = withProgress(
          harness.iterateTraces({ ...window, spanFields: 'replay' }),
          new ProgressBar(context.io.stderr, total, 'traces'),
        );
        const result = await harness.backtest(policies, traces, metadata === undefined ? {} : { metadata });
        const names = policies.map((policy) => policy.policyInfo.name);
        if (format === 'json') context.printJson(backtestJson(result, names));
        else printBacktest(context, result, names);
        if (args['fail-on-block'] && result.runsBlocked > 0) context.exitCode = 1;
      } finally {
        harness.close();
        store.close();
      }
    },
  };
}
