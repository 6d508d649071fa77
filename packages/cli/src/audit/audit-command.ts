import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { CliError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { toJsonText } from '../cli/json-output';
import { auditEntriesToCsv } from './audit-csv';
import { readAuditEntries } from './read-audit-entries';
import { showCommand } from './show-command';

interface VerifyArguments {
  file: string;
  'allow-truncated': boolean;
  json: boolean;
}

interface ExportArguments {
  file: string;
  format: string;
  out?: string;
}

function verifyCommand(context: CommandContext): CommandModule<object, VerifyArguments> {
  return {
    command: 'verify <file>',
    describe: "Check an audit file's hash chain (exit 1 when it was tampered with)",
    builder: (yargs) =>
      yargs
        .positional('file', {
          type: 'string',
          demandOption: true,
          describe: "An AuditTrail's JSONL sink, or a toJSON export",
        })
        .option('allow-truncated', {
          type: 'boolean',
          default: false,
          describe: 'Accept a chain that does not start at the genesis hash (older entries dropped)',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON' }),
    handler: async (args) => {
      const path = context.resolvePath(args.file);
      const { verifyAuditFile } = await import('@clearstone/policy');
      const result = verifyAuditFile(path, { requireGenesis: !args['allow-truncated'] });
      context.exitCode = result.ok ? 0 : 1;
      if (args.json) {
        context.printJson({ file: path, ...result });
        return;
      }
      if (result.ok) {
        context.print(
          context.colors.green(
            `✓ ${args.file}: ${result.checked} entr${result.checked === 1 ? 'y' : 'ies'}, hash chain intact.`,
          ),
        );
      } else if (result.tornTail === true) {
        const index = result.firstInvalidIndex ?? 0;
        context.print(
          context.colors.yellow(
            `! ${args.file}: the last line (line ${index + 1}) is an incomplete write, as left by a crash; the ${index} entr${index === 1 ? 'y' : 'ies'} before it verify. Opening the file with an AuditTrail moves the incomplete bytes to ${args.file}.torn and continues the chain.`,
          ),
        );
      } else {
        const index = result.firstInvalidIndex ?? 0;
        context.print(
          context.colors.red(
            `✗ ${args.file}: hash chain broken at entry ${index} (line ${index + 1}): ${result.reason}.`,
          ),
        );
      }
    },
  };
}

function exportCommand(context: CommandContext): CommandModule<object, ExportArguments> {
  return {
    command: 'export <file>',
    describe: 'Convert an audit file to CSV or a JSON array (trace, span, event, tool and model columns included)',
    builder: (yargs) =>
      yargs
        .positional('file', {
          type: 'string',
          demandOption: true,
          describe: "An AuditTrail's JSONL sink, or a toJSON export",
        })
        .option('format', { type: 'string', choices: ['csv', 'json'], default: 'csv', describe: 'Output format' })
        .option('out', { type: 'string', describe: 'Write to this file instead of stdout' })
        .example('$0 audit export audit/decisions.jsonl --format csv --out decisions.csv', 'For a spreadsheet'),
    handler: async (args) => {
      const entries = readAuditEntries(context.resolvePath(args.file));
      const { AUDIT_CSV_COLUMNS, verifyAuditEntries } = await import('@clearstone/policy');
      const verification = verifyAuditEntries(entries, { requireGenesis: false });
      if (!verification.ok) {
        context.warn(
          context.errorColors.yellow(
            `Warning: ${args.file} fails hash-chain verification at entry ${verification.firstInvalidIndex}: ${verification.reason}.`,
          ),
        );
      }
      const text = args.format === 'json' ? toJsonText(entries) : auditEntriesToCsv(entries, AUDIT_CSV_COLUMNS);
      if (args.out === undefined) {
        context.io.stdout.write(text);
        return;
      }
      const out = context.resolvePath(args.out);
      try {
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, text, 'utf8');
      } catch (error) {
        throw new CliError({
          code: 'WRITE_FAILED',
          message: `Cannot write ${out}: ${(error as Error).message}`,
          cause: error,
        });
      }
      context.print(
        `Exported ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} to ${relative(context.io.cwd, out) || out}`,
      );
    },
  };
}

/** `clearstone audit verify|show|export FILE`: checks, lists and converts audit trail files. */
export function auditCommand(context: CommandContext): CommandModule {
  return {
    command: 'audit',
    describe: 'Verify, show and export audit trail files',
    builder: (yargs: Argv) =>
      yargs
        .command(verifyCommand(context))
        .command(showCommand(context))
        .command(exportCommand(context))
        .demandCommand(1, 'Choose verify, show or export.'),
    handler: () => undefined,
  };
}
