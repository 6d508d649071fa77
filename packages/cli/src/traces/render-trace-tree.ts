import { ActionType, SpanStatusCode } from '@clearstone/core';
import type { SpanRecord, Trace } from '@clearstone/core';
import type { Colors } from '../cli/colors';
import { formatDurationNs, formatTimeNs, truncate } from '../cli/format';
import { costLine, keyAttributes, notRunLabel, spanDecisions } from './span-details';
import { traceUsageFigures, usageLine } from './trace-figures';

function statusText(colors: Colors, status: SpanStatusCode): string {
  if (status === SpanStatusCode.ERROR) return colors.red('ERROR');
  if (status === SpanStatusCode.OK) return colors.green('OK');
  return colors.dim('UNSET');
}

function actionText(colors: Colors, action: string): string {
  const upper = action.toUpperCase();
  if (action === ActionType.BLOCK) return colors.red(upper);
  if (action === ActionType.PAUSE || action === ActionType.ALERT || action === ActionType.REDACT)
    return colors.yellow(upper);
  return colors.green(upper);
}

function childrenByParent(trace: Trace): Map<string | undefined, SpanRecord[]> {
  const ids = new Set(trace.spans.map((span) => span.spanId));
  const children = new Map<string | undefined, SpanRecord[]>();
  for (const span of trace.spans) {
    const parent = span.parentSpanId !== undefined && ids.has(span.parentSpanId) ? span.parentSpanId : undefined;
    const list = children.get(parent) ?? [];
    list.push(span);
    children.set(parent, list);
  }
  return children;
}

/**
 * A trace as a tree: a header with its status, duration, span count, start, tokens and cost (the
 * figures of `traceUsageOf` / `traceCostOf`, as the viewer and the testing assertions report them),
 * then one span per line (name, status, duration, kind, and `NOT RUN: …` for a governed call that
 * did not run), followed by indented lines for its key attributes, a model call's cost by kind of
 * token (or `cost unknown` when its model has no price), policy decisions and error.
 */
export function renderTraceTree(trace: Trace, colors: Colors, options: { attributes?: number } = {}): string {
  const children = childrenByParent(trace);
  const usage = usageLine(traceUsageFigures(trace));
  const lines = [
    `${colors.bold(`Trace ${trace.traceId}`)}  ${statusText(colors, trace.status)}  ${formatDurationNs(trace.durationNs)}  ${trace.spans.length} span${trace.spans.length === 1 ? '' : 's'}  started ${formatTimeNs(trace.startTimeNs)}${usage === undefined ? '' : `  ${usage}`}`,
  ];
  const visit = (span: SpanRecord, prefix: string, last: boolean, root: boolean): void => {
    const branch = root ? '' : last ? '└─ ' : '├─ ';
    const notRun = notRunLabel(span);
    lines.push(
      `${prefix}${branch}${colors.bold(span.name)}  ${statusText(colors, span.status)}  ${formatDurationNs(span.durationNs)}  ${colors.dim(span.kind.toLowerCase())}${notRun === undefined ? '' : `  ${colors.red(notRun)}`}`,
    );
    const inner = root ? prefix : prefix + (last ? '   ' : '│  ');
    const kids = children.get(span.spanId) ?? [];
    const detailPrefix = inner + (kids.length > 0 ? '│  ' : '   ');
    const attributes = keyAttributes(span, options.attributes);
    if (attributes.length > 0) lines.push(`${detailPrefix}${colors.dim(attributes.join('  '))}`);
    const cost = kids.length === 0 ? costLine(span) : undefined;
    if (cost !== undefined)
      lines.push(`${detailPrefix}${cost.startsWith('cost unknown') ? colors.yellow(cost) : colors.dim(cost)}`);
    for (const decision of spanDecisions(span)) {
      const by = decision.policyName === undefined ? '' : ` by ${decision.policyName}`;
      const reason =
        decision.reason === undefined || decision.reason === '' ? '' : `: ${truncate(decision.reason, 120)}`;
      lines.push(`${detailPrefix}policy ${actionText(colors, decision.action)}${by}${reason}`);
    }
    if (span.status === SpanStatusCode.ERROR && span.errorMessage !== undefined)
      lines.push(`${detailPrefix}${colors.red(`error: ${truncate(span.errorMessage, 200)}`)}`);
    kids.forEach((child, index) => visit(child, inner, index === kids.length - 1, false));
  };
  const roots = children.get(undefined) ?? [];
  roots.forEach((root, index) => visit(root, '', index === roots.length - 1, true));
  return lines.join('\n');
}
