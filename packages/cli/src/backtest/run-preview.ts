import { dirname } from 'node:path';
import { ClearstoneError } from '@clearstone/core';
import type { TraceStore } from '@clearstone/observability';
import type { RegisteredPolicy } from '@clearstone/policy';
import { CliError, usageError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { openTraceStore } from '../traces/open-trace-store';
import { checkUniqueNames, loadPolicies, parseMetadata, traceWindow } from './backtest-options';
import type { BacktestArguments } from './backtest-options';
import { materializeBaseline, parseBaseline } from './baseline-source';
import type { BaselineSource } from './baseline-source';
import { loadPolicyModule } from './load-policy-module';
import { ProgressBar, withProgress } from './progress-bar';
import { gateReason, gateTrips, previewJson, previewMarkdown, printPreview } from './render-preview';
import type { PreviewReport } from './render-preview';

/** Flips listed by default in text and JSON (the library's default) and in markdown (a comment's worth). */
const DEFAULT_MAX_FLIPS = 1000;
const DEFAULT_MARKDOWN_FLIPS = 50;

/**
 * Runs `load` and reports any failure as a usage error (exit code 2), keeping its code and
 * message: in a preview, exit code 1 means only that `--fail-on` tripped.
 */
async function asUsageError<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (CliError.isInstance(error) && error.exitCode === 2) throw error;
    const code = ClearstoneError.isInstance(error) ? error.code : 'PREVIEW_INPUT_INVALID';
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError({ code, message, exitCode: 2, cause: error });
  }
}

function checkArguments(args: BacktestArguments): string {
  const baseline = args.baseline;
  if (Array.isArray(baseline)) throw usageError('Give --baseline once.', 'INVALID_BASELINE');
  if (baseline === undefined || baseline.trim() === '')
    throw usageError('--baseline needs a policy file or REV:PATH.', 'INVALID_BASELINE');
  if (args.policy.length === 0 && args.bundle.length === 0) {
    throw usageError(
      '--baseline compares two policy sets: give the head set with --policies FILE (or --policy, --bundle).',
      'NO_POLICIES',
    );
  }
  if (args['fail-on-block'])
    throw usageError(
      '--fail-on-block is for one policy set; with --baseline use --fail-on new-blocks.',
      'CONFLICTING_GATE',
    );
  const maxFlips = args['max-flips'];
  if (maxFlips !== undefined && (!Number.isSafeInteger(maxFlips) || maxFlips < 0))
    throw usageError(`--max-flips must be a non-negative integer (got '${String(maxFlips)}').`, 'INVALID_MAX_FLIPS');
  if (!/^https?:\/\//.test(args['viewer-url']))
    throw usageError(`--viewer-url must be an http(s) address (got '${args['viewer-url']}').`, 'INVALID_VIEWER_URL');
  return baseline;
}

/** Loads the baseline set, replacing a revision's temporary file name by `REV:PATH` in errors. */
async function loadBaseline(
  context: CommandContext,
  source: BaselineSource,
  headDir: string,
): Promise<RegisteredPolicy[]> {
  const { file, cleanup } = await materializeBaseline(context, source, headDir);
  try {
    const policies = await loadPolicyModule(file);
    checkUniqueNames(policies, 'the baseline');
    return policies;
  } catch (error) {
    if (source.kind === 'revision' && CliError.isInstance(error)) {
      throw new CliError({
        code: error.code,
        message: error.message.split(file).join(source.spec),
        exitCode: 2,
        cause: error,
      });
    }
    throw error;
  } finally {
    cleanup();
  }
}

/**
 * `clearstone backtest --baseline`: replays the recorded calls once through the baseline and the
 * head sets (`--policy`/`--policies`, `--bundle`) and prints the calls whose final action differs.
 * Any problem with the inputs exits 2; `--fail-on` exits 1 when it trips.
 */
export async function runPreview(
  context: CommandContext,
  args: BacktestArguments,
  format: 'text' | 'json' | 'markdown',
): Promise<void> {
  const baselineSpec = checkArguments(args);
  const window = traceWindow(args);
  const metadata = parseMetadata(args.metadata);
  const source = parseBaseline(context, baselineSpec);
  const head = await asUsageError(() => loadPolicies(context, args, 'the head set'));
  const headDir = args.policy.length > 0 ? dirname(context.resolvePath(args.policy[0])) : context.io.cwd;
  const baseline = await asUsageError(() => loadBaseline(context, source, headDir));
  const store: TraceStore = await asUsageError(() => openTraceStore(context, args.db));
  const { PolicyTestHarness, previewPolicyChange } = await import('@clearstone/testing');
  const harness = new PolicyTestHarness(store);
  try {
    const { limit, ...range } = window;
    const total = context.io.stderr.isTTY === true ? Math.min(limit ?? Infinity, store.countTraces(range)) : 0;
    const traces = withProgress(harness.iterateTraces(window), new ProgressBar(context.io.stderr, total, 'traces'));
    const maxFlips = args['max-flips'] ?? (format === 'markdown' ? DEFAULT_MARKDOWN_FLIPS : DEFAULT_MAX_FLIPS);
    const preview = await previewPolicyChange(baseline, head, traces, {
      maxFlips,
      ...(metadata === undefined ? {} : { metadata }),
    });
    const failOn = args['fail-on'];
    const report: PreviewReport = {
      preview,
      baselineSource: baselineSpec,
      headSources: [...args.policy, ...args.bundle.map((name) => `bundle ${name}`)],
      tripped: gateTrips(preview, failOn),
      ...(failOn === undefined ? {} : { failOn }),
    };
    if (format === 'json') context.printJson(previewJson(report));
    else if (format === 'markdown')
      context.io.stdout.write(previewMarkdown(report, { viewerUrl: args['viewer-url'], rows: maxFlips }));
    else printPreview(context, report);
    if (report.tripped && failOn !== undefined) {
      context.warn(
        context.errorColors.red(`clearstone backtest: --fail-on ${failOn} tripped: ${gateReason(preview, failOn)}.`),
      );
      context.exitCode = 1;
    }
  } finally {
    harness.close();
    store.close();
  }
}
