import type { SpanRecord, Trace } from '@clearstone/core';
import { GovernedOutcomes } from '@clearstone/core';
import { blockedCallOf, describeOutcome } from '../assertions/blocked-calls';
import { costOf, modelOf, spanCategory, tokensOf, toolNameOf } from '../spans';

/** Options of {@link formatTraceTree}. */
export interface FormatTraceTreeOptions {
  /** Spans to mark with `◀` (for example the ones an assertion names). */
  highlight?: Iterable<string>;
  /** Most spans printed (default 60); the rest are counted on a last line. */
  maxSpans?: number;
}

function formatDuration(span: SpanRecord): string {
  if (span.durationNs === undefined) return 'open';
  const ms = Number(span.durationNs) / 1e6;
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

function facts(span: SpanRecord): string {
  const parts: string[] = [];
  const category = spanCategory(span);
  if (category === 'tool') parts.push(`tool=${toolNameOf(span) ?? span.name}`);
  if (category === 'llm') {
    const model = modelOf(span);
    if (model !== undefined) parts.push(`model=${model}`);
    const tokens = tokensOf(span);
    if (tokens.total > 0) parts.push(`tokens=${tokens.input}+${tokens.output}`);
  }
  const cost = costOf(span);
  if (cost !== undefined) parts.push(`cost=$${cost.toFixed(4)}`);
  if (span.errorMessage !== undefined) parts.push(`error=${JSON.stringify(span.errorMessage)}`);
  return parts.length > 0 ? `  ${parts.join(' ')}` : '';
}

const MAX_VERDICT = 160;

/** `  ⛔ blocked by <policy>: <reason>` for a governed call that did not run (`⏸` when paused), else ''. */
function verdict(span: SpanRecord): string {
  const call = blockedCallOf(span);
  if (call === undefined) return '';
  const text = describeOutcome(call);
  const shown = text.length > MAX_VERDICT ? `${text.slice(0, MAX_VERDICT - 1)}…` : text;
  return `  ${call.outcome === GovernedOutcomes.PAUSED ? '⏸' : '⛔'} ${shown}`;
}

/**
 * The spans of a trace as an indented tree, one line per span: name, status, duration, and the
 * tool, model, tokens, cost and error message where recorded. A governed call that did not run is
 * marked with what stopped it: `⛔ blocked by <policy>: <reason>` (also `rejected`, `timed out`;
 * `⏸ paused by …`). Used by the Jest matchers' failure messages; useful in any test output.
 *
 * @example
 * ```ts
 * console.log(formatTraceTree(trace, { highlight: decision.metadata.spanIds as string[] }));
 * // invoke_agent researcher  OK  1.13 s
 * // ├─ chat gpt-4o  OK  800.0 ms  model=gpt-4o tokens=900+120 cost=$0.0040
 * // ├─ execute_tool delete_database  UNSET  1.0 ms  tool=delete_database  ⛔ blocked by block_dangerous_tools: Dangerous tool
 * // └─ execute_tool send_email  ERROR  150.0 ms  tool=send_email error="SMTP timeout"  ◀
 * ```
 */
export function formatTraceTree(trace: Trace, options: FormatTraceTreeOptions = {}): string {
  const highlight = new Set(options.highlight ?? []);
  const maxSpans = options.maxSpans ?? 60;
  const ids = new Set(trace.spans.map((span) => span.spanId));
  const children = new Map<string | undefined, SpanRecord[]>();
  for (const span of trace.spans) {
    const parent = span.parentSpanId !== undefined && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    const list = children.get(parent);
    if (list === undefined) children.set(parent, [span]);
    else list.push(span);
  }
  const lines: string[] = [];
  const visit = (span: SpanRecord, prefix: string, branch: string): void => {
    if (lines.length >= maxSpans) return;
    const mark = highlight.has(span.spanId) ? '  ◀' : '';
    lines.push(
      `${prefix}${branch}${span.name}  ${span.status}  ${formatDuration(span)}${facts(span)}${verdict(span)}${mark}`,
    );
    const kids = children.get(span.spanId) ?? [];
    const childPrefix = prefix + (branch === '├─ ' ? '│  ' : branch === '' ? '' : '   ');
    kids.forEach((child, index) => visit(child, childPrefix, index === kids.length - 1 ? '└─ ' : '├─ '));
  };
  for (const root of children.get(undefined) ?? []) visit(root, '', '');
  if (trace.spans.length > lines.length) lines.push(`… ${trace.spans.length - lines.length} more span(s)`);
  return lines.join('\n');
}
