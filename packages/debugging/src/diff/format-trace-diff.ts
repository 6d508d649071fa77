import { inspect } from 'node:util';
import type { TraceDiff, ToolCallSummary } from './compare-traces';

const MAX_VALUE_LENGTH = 160;

/** A one-line rendering of a value, truncated. */
export function show(value: unknown): string {
  const text =
    typeof value === 'string'
      ? JSON.stringify(value)
      : inspect(value, { depth: 4, breakLength: Infinity, compact: true });
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

function callText(call: ToolCallSummary): string {
  return `${call.tool}(${show(call.input)}) → ${show(call.output)}`;
}

/** The readable report of a {@link TraceDiff}. */
export function formatTraceDiff(diff: TraceDiff): string {
  if (diff.identical) return 'Runs are identical: same spans, tool calls and outputs.';
  const changedSpans = diff.spanNames.filter((entry) => entry.op !== 'same').length;
  const changedTools = diff.toolCalls.filter((entry) => entry.op !== 'same').length;
  const lines = [
    `Run diff: ${changedSpans} span change(s), ${changedTools} tool-call change(s), ${diff.outputs.length} output change(s)`,
    'Spans:',
  ];
  for (const entry of diff.spanNames)
    lines.push(`  ${entry.op === 'same' ? ' ' : entry.op === 'added' ? '+' : '-'} ${entry.name}`);
  lines.push('Tool calls:');
  if (diff.toolCalls.length === 0) lines.push('    (none)');
  for (const entry of diff.toolCalls) {
    if (entry.op !== 'same') lines.push(`  ${entry.op === 'added' ? '+' : '-'} ${callText(entry.call)}`);
    else if (entry.forked !== undefined && show(entry.call.output) !== show(entry.forked.output))
      lines.push(`  ~ ${callText(entry.call)}  ⇒  ${show(entry.forked.output)}`);
    else lines.push(`    ${callText(entry.call)}`);
  }
  if (diff.outputs.length > 0) {
    lines.push('Changed outputs:');
    for (const change of diff.outputs)
      lines.push(`  ~ ${change.name} #${change.occurrence + 1}: ${show(change.original)}  ⇒  ${show(change.forked)}`);
  }
  lines.push('Final output:');
  if (diff.finalOutput.changed) {
    lines.push(`  - ${show(diff.finalOutput.original)}`, `  + ${show(diff.finalOutput.forked)}`);
  } else {
    lines.push(`    ${show(diff.finalOutput.original)} (unchanged)`);
  }
  return lines.join('\n');
}
