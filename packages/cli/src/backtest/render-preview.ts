import { ActionType } from '@clearstone/core';
import type { PolicyChangePreview, PolicyFlip } from '@clearstone/testing';
import type { CommandContext } from '../cli/command-context';
import { formatTable, truncate } from '../cli/format';
import type { FailOn } from './backtest-options';

/** A preview and where its two policy sets came from, as the renderers show it. */
export interface PreviewReport {
  /** The preview. */
  preview: PolicyChangePreview;
  /** The `--baseline` argument: a file or `REV:PATH`. */
  baselineSource: string;
  /** The head set's `--policy` files and `--bundle` names. */
  headSources: readonly string[];
  /** The `--fail-on` condition, when given. */
  failOn?: FailOn;
  /** Whether `failOn` trips (the command exits 1). */
  tripped: boolean;
}

/** Default viewer address of `clearstone ui`. */
export const DEFAULT_VIEWER_URL = 'http://127.0.0.1:4319/';

/** Whether the `--fail-on` condition holds for a preview. */
export function gateTrips(preview: PolicyChangePreview, failOn: FailOn | undefined): boolean {
  if (failOn === 'new-blocks') return preview.newBlocks > 0;
  if (failOn === 'changes') return preview.totalFlips > 0;
  return false;
}

/** The gate's outcome in a sentence, e.g. `3 calls newly blocked`. */
export function gateReason(preview: PolicyChangePreview, failOn: FailOn): string {
  return failOn === 'new-blocks'
    ? `${plural(preview.newBlocks, 'call')} newly blocked`
    : `${plural(preview.totalFlips, 'call')} decided differently`;
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/** `5 of 14 recorded calls change in 6 traces: 3 newly blocked, 1 block lifted, 1 other change`. */
function headline(preview: PolicyChangePreview): string {
  const { totalFlips, callsEvaluated, tracesAnalyzed, newBlocks, liftedBlocks } = preview;
  if (totalFlips === 0) {
    return `No recorded call changes: both sets decide the ${plural(callsEvaluated, 'call')} of ${plural(tracesAnalyzed, 'trace')} alike`;
  }
  const other = totalFlips - newBlocks - liftedBlocks;
  const parts = [`${newBlocks.toLocaleString('en-US')} newly blocked`, `${plural(liftedBlocks, 'block')} lifted`];
  if (other > 0) parts.push(`${other.toLocaleString('en-US')} other change${other === 1 ? '' : 's'}`);
  return `${totalFlips.toLocaleString('en-US')} of ${plural(callsEvaluated, 'recorded call')} change in ${plural(tracesAnalyzed, 'trace')}: ${parts.join(', ')}`;
}

function callOf(flip: PolicyFlip): { kind: string; name: string | undefined } {
  return flip.kind === 'tool' ? { kind: 'tool', name: flip.toolName } : { kind: 'model', name: flip.model };
}

function policiesOf(flip: PolicyFlip): string {
  const { beforePolicy, afterPolicy } = flip;
  if (beforePolicy !== undefined && afterPolicy !== undefined && beforePolicy !== afterPolicy)
    return `${beforePolicy} → ${afterPolicy}`;
  return afterPolicy ?? beforePolicy ?? '—';
}

const change = (flip: PolicyFlip): string => `${flip.before} → ${flip.after}`;

/** The policies of a set, those not in the other set marked. */
function policyList(names: readonly string[], other: readonly string[], mark: string): string {
  return names.map((name) => (other.includes(name) ? name : `${name} (${mark})`)).join(', ') || '(none)';
}

function changeRows(preview: PolicyChangePreview): [string, number][] {
  return Object.entries(preview.byChange)
    .map(([key, count]): [string, number] => [key, count ?? 0])
    .sort((a, b) => b[1] - a[1]);
}

function policyRows(preview: PolicyChangePreview) {
  return Object.entries(preview.byPolicy).filter(([, counts]) => counts.added > 0 || counts.removed > 0);
}

/** The `--format json` form: the preview's counts and listed flips, with the sources and the gate. */
export function previewJson(report: PreviewReport) {
  const { preview } = report;
  return {
    baselineSource: report.baselineSource,
    headSources: report.headSources,
    baselinePolicies: preview.baselinePolicies,
    headPolicies: preview.headPolicies,
    ...preview.toJSON(),
    ...(report.failOn === undefined ? {} : { failOn: report.failOn, tripped: report.tripped }),
  };
}

/** Prints the preview for a terminal: a summary line, the flips, counts per change and per policy. */
export function printPreview(context: CommandContext, report: PreviewReport): void {
  const { preview } = report;
  const { bold, red, green, yellow, dim } = context.colors;
  context.print(bold(`Policy change preview: ${headline(preview)}`));
  context.print(
    dim(
      `  baseline  ${report.baselineSource}: ${policyList(preview.baselinePolicies, preview.headPolicies, 'removed')}`,
    ),
  );
  context.print(
    dim(
      `  head      ${report.headSources.join(', ')}: ${policyList(preview.headPolicies, preview.baselinePolicies, 'new')}`,
    ),
  );
  if (preview.flips.length > 0) {
    context.print();
    const paint = (flip: PolicyFlip): string =>
      flip.after === ActionType.BLOCK
        ? red(change(flip))
        : flip.before === ActionType.BLOCK
          ? green(change(flip))
          : yellow(change(flip));
    context.print(
      formatTable([
        ['TRACE', 'SPAN', 'CALL', 'USER', 'CHANGE', 'POLICY', 'REASON'],
        ...preview.flips.map((flip) => {
          const call = callOf(flip);
          return [
            flip.traceId,
            flip.spanId,
            call.name === undefined ? call.kind : `${call.kind} ${call.name}`,
            flip.userId ?? '—',
            paint(flip),
            policiesOf(flip),
            truncate(flip.reason ?? '', 80),
          ];
        }),
      ]),
    );
    if (preview.truncated)
      context.print(dim(`… and ${plural(preview.totalFlips - preview.flips.length, 'more flip')} (--max-flips)`));
  }
  const changes = changeRows(preview);
  if (changes.length > 0) {
    context.print();
    context.print(bold('By change:'));
    context.print(formatTable(changes.map(([key, count]) => [`  ${key.replace('→', ' → ')}`, String(count)])));
  }
  const policies = policyRows(preview);
  if (policies.length > 0) {
    context.print();
    context.print(bold('By policy:'));
    context.print(
      formatTable(
        policies.map(([name, counts]) => [
          `  ${name}`,
          `decides ${counts.added} more`,
          `no longer decides ${counts.removed}`,
          `${counts.newBlocks} new block${counts.newBlocks === 1 ? '' : 's'}, ${counts.liftedBlocks} lifted`,
        ]),
      ),
    );
  }
  if (report.failOn !== undefined) {
    context.print();
    const verdict = `--fail-on ${report.failOn}: ${gateReason(preview, report.failOn)}`;
    context.print(report.tripped ? red(`FAIL ${verdict}`) : green(`PASS ${verdict}`));
  }
}

/** Text safe in a markdown table cell (no pipes, line breaks or HTML). */
function cell(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')}\``;
}

/** The viewer route of a span: `<viewerUrl>#/traces/<traceId>/spans/<spanId>`. */
export function spanLink(viewerUrl: string, traceId: string, spanId: string): string {
  const base = viewerUrl.endsWith('/') ? viewerUrl : `${viewerUrl}/`;
  return `${base}#/traces/${encodeURIComponent(traceId)}/spans/${encodeURIComponent(spanId)}`;
}

/** Marks the comment, so that a workflow can find and update it. */
export const MARKDOWN_MARKER = '<!-- clearstone-policy-preview -->';

/**
 * The `--format markdown` form, for a pull-request comment: a summary line, the counts per change
 * and per policy, then the first `rows` flips, each linking to its span in `clearstone ui`.
 */
export function previewMarkdown(report: PreviewReport, options: { viewerUrl: string; rows: number }): string {
  const { preview } = report;
  const lines: string[] = [MARKDOWN_MARKER, '### Policy change preview', ''];
  lines.push(
    `**${cell(headline(preview))}.** Baseline ${code(report.baselineSource)} → head ${report.headSources.map(code).join(', ')}.`,
  );
  const added = preview.headPolicies.filter((name) => !preview.baselinePolicies.includes(name));
  const removed = preview.baselinePolicies.filter((name) => !preview.headPolicies.includes(name));
  if (added.length > 0 || removed.length > 0) {
    lines.push('');
    const parts: string[] = [];
    if (added.length > 0) parts.push(`new policies: ${added.map(code).join(', ')}`);
    if (removed.length > 0) parts.push(`removed policies: ${removed.map(code).join(', ')}`);
    lines.push(parts.join('; ').replace(/^./, (first) => first.toUpperCase()) + '.');
  }
  if (report.failOn !== undefined) {
    lines.push(
      '',
      `**Gate \`--fail-on ${report.failOn}\`: ${report.tripped ? 'failed' : 'passed'}** (${gateReason(preview, report.failOn)}).`,
    );
  }
  const changes = changeRows(preview);
  if (changes.length > 0) {
    lines.push('', '| Change | Calls |', '|---|---:|');
    for (const [key, count] of changes) lines.push(`| ${key.replace('→', ' → ')} | ${count} |`);
  }
  const policies = policyRows(preview);
  if (policies.length > 0) {
    lines.push(
      '',
      '| Policy | Decides now | No longer decides | New blocks | Lifted blocks |',
      '|---|---:|---:|---:|---:|',
    );
    for (const [name, counts] of policies)
      lines.push(
        `| ${code(name)} | ${counts.added} | ${counts.removed} | ${counts.newBlocks} | ${counts.liftedBlocks} |`,
      );
  }
  const shown = preview.flips.slice(0, Math.max(0, options.rows));
  if (shown.length > 0) {
    const of = preview.totalFlips > shown.length ? ` (first ${shown.length} of ${preview.totalFlips})` : '';
    lines.push(
      '',
      `#### Calls that change${of}`,
      '',
      '| Call | User | Change | Policy | Reason | Span |',
      '|---|---|---|---|---|---|',
    );
    for (const flip of shown) {
      const call = callOf(flip);
      const what = call.name === undefined ? call.kind : `${call.kind} ${code(call.name)}`;
      const after = flip.after === ActionType.BLOCK ? `**${flip.after}**` : flip.after;
      const link = `[${flip.traceId.slice(0, 8)}…/${flip.spanId.slice(0, 8)}](${spanLink(options.viewerUrl, flip.traceId, flip.spanId)})`;
      lines.push(
        `| ${what} | ${cell(flip.userId ?? '—')} | ${flip.before} → ${after} | ${cell(policiesOf(flip))} | ${cell(truncate(flip.reason ?? '', 120))} | ${link} |`,
      );
    }
  }
  lines.push(
    '',
    `<sub>${plural(preview.tracesAnalyzed, 'recorded trace')} replayed by \`clearstone backtest --baseline\`; links open \`clearstone ui\`.</sub>`,
  );
  return `${lines.join('\n')}\n`;
}
