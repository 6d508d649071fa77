import type { Decision } from '@clearstone/core';
import { policyName } from '../policy/resolve-policy-info';
import type { PolicyFn } from '../policy/types';
import type { TraceEntry } from './types';

function formatLocals(locals: Readonly<Record<string, string>>): string {
  const entries = Object.entries(locals);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([name, value]) => `${name}: ${value}`).join(', ')} }`;
}

/**
 * Renders a trace as a readable report:
 *
 * ```text
 * --- Policy Debug Trace for 'large_payments' ---
 * Final Decision: BLOCK
 * Final Reason: Payment over limit
 *
 * Execution Path:
 *   L12  | const amount = Number(ctx.metadata.amount);                 | Locals: { ctx: {…} }
 * ```
 */
export function formatTrace(policy: PolicyFn, decision: Decision, trace: readonly TraceEntry[]): string {
  const lines = [
    `--- Policy Debug Trace for '${policyName(policy)}' ---`,
    `Final Decision: ${String(decision.action).toUpperCase()}`,
    `Final Reason: ${decision.reason || 'N/A'}`,
    '',
    'Execution Path:',
  ];
  if (trace.length === 0) {
    lines.push('  (no trace available: the policy has no JavaScript source, e.g. a native or built-in function)');
  }
  for (const entry of trace) {
    lines.push(`  L${String(entry.line).padEnd(3)} | ${entry.text.padEnd(60)} | Locals: ${formatLocals(entry.locals)}`);
  }
  return `${lines.join('\n')}\n`;
}
