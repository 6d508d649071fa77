import type { AuditEntry } from '@clearstone/policy';
import type { CommandModule } from 'yargs';
import { usageError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { formatTable, truncate } from '../cli/format';
import { parseTraceId } from '../traces/trace-options';
import { readAuditEntries } from './read-audit-entries';

interface ShowArguments {
  file: string;
  trace?: string;
  limit: number;
  json: boolean;
}

/** Shown for an entry recorded outside any trace. */
export const NO_TRACE = '(no trace)';
/** Shown for an entry written before audit entries recorded their trace (an earlier version). */
export const NOT_RECORDED = '(not recorded)';

/** True when the entry carries the trace links (entries of earlier versions do not). */
function hasLinks(entry: AuditEntry): boolean {
  return (entry as Partial<AuditEntry>).traceId !== undefined;
}

/** What the entry's call was: `tool <name>`, `model <name>`, its event type, or `—`. */
export function describeCall(entry: AuditEntry): string {
  if (!hasLinks(entry)) return NOT_RECORDED;
  if (entry.toolName) return `tool ${entry.toolName}`;
  if (entry.model) return `model ${entry.model}`;
  return entry.eventType ?? '—';
}

/** The entry's trace as `traceId`, or {@link NO_TRACE} / {@link NOT_RECORDED}. */
function describeTrace(entry: AuditEntry): string {
  if (!hasLinks(entry)) return NOT_RECORDED;
  return entry.traceId ?? NO_TRACE;
}

/** `clearstone audit show FILE`: the entries, with the trace, span and call each was about. */
export function showCommand(context: CommandContext): CommandModule<object, ShowArguments> {
  return {
    command: 'show <file>',
    describe: 'List audit entries with the trace, span and tool or model call each decision was about',
    builder: (yargs) =>
      yargs
        .positional('file', {
          type: 'string',
          demandOption: true,
          describe: "An AuditTrail's JSONL sink, or a toJSON export",
        })
        .option('trace', { type: 'string', describe: 'Only entries about this trace (32 hex characters)' })
        .option('limit', { type: 'number', default: 50, describe: 'Most entries shown (the latest)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print the entries as JSON' })
        .example('$0 audit show audit/decisions.jsonl --trace 4bf92f3577b34da6a3ce929d0e0e4736', 'One run'),
    handler: async (args) => {
      if (!Number.isSafeInteger(args.limit) || args.limit < 1)
        throw usageError(`--limit must be a positive integer (got '${String(args.limit)}').`, 'INVALID_LIMIT');
      const traceId = args.trace === undefined ? undefined : parseTraceId(args.trace);
      const all = readAuditEntries(context.resolvePath(args.file));
      const { verifyAuditEntries } = await import('@clearstone/policy');
      const verification = verifyAuditEntries(all, { requireGenesis: false });
      if (!verification.ok) {
        context.warn(
          context.errorColors.yellow(
            `Warning: ${args.file} fails hash-chain verification at entry ${verification.firstInvalidIndex}: ${verification.reason}.`,
          ),
        );
      }
      const matching = traceId === undefined ? all : all.filter((entry) => entry.traceId === traceId);
      const shown = matching.slice(Math.max(0, matching.length - args.limit));
      if (args.json) {
        context.printJson(shown);
        return;
      }
      if (shown.length === 0) {
        context.print(traceId === undefined ? 'No audit entries.' : `No audit entries about trace ${traceId}.`);
        return;
      }
      const { red, yellow, dim } = context.colors;
      const decision = (value: string): string =>
        value === 'block' ? red(value) : value === 'allow' || value === 'skip' ? dim(value) : yellow(value);
      context.print(
        formatTable([
          ['TIME', 'POLICY', 'DECISION', 'CALL', 'TRACE', 'SPAN', 'REASON'],
          ...shown.map((entry) => [
            entry.timestamp,
            entry.policyName,
            decision(entry.decision),
            describeCall(entry),
            describeTrace(entry),
            hasLinks(entry) ? (entry.spanId ?? '—') : '',
            truncate((entry.reason || entry.error) ?? '', 60),
          ]),
        ]),
      );
      if (shown.length < matching.length) {
        context.print(dim(`Showing the latest ${shown.length} of ${matching.length} entries (--limit).`));
      }
    },
  };
}
