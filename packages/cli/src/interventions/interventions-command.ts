import { userInfo } from 'node:os';
import type {
  InterventionClient,
  InterventionRecord,
  InterventionStatus,
  InterventionStorage,
} from '@clearstone/policy';
import type { Argv, CommandModule } from 'yargs';
import { CliError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { formatTable, truncate } from '../cli/format';
import { openInterventionClient, type StoreArguments } from './intervention-store';

interface ListArguments extends StoreArguments {
  status?: string;
  json: boolean;
}

interface DecideArguments extends StoreArguments {
  id: string;
  by?: string;
  json: boolean;
}

function storeOption<T>(yargs: Argv<T>) {
  return yargs
    .option('store', {
      type: 'string',
      describe:
        'Intervention store: a FileInterventionStore directory or a SqliteGovernanceStore file (default $CLEARSTONE_INTERVENTIONS_DIR or .clearstone/interventions)',
    })
    .option('redis', {
      type: 'string',
      describe: 'URL of the Redis a RedisGovernanceStore keeps interventions in (default $CLEARSTONE_REDIS_URL)',
    })
    .option('prefix', { type: 'string', describe: 'Key prefix of the RedisGovernanceStore (default clearstone:)' });
}

function statusText(context: CommandContext, status: InterventionStatus): string {
  const { yellow, green, red } = context.colors;
  return status === 'pending' ? yellow(status) : status === 'approved' ? green(status) : red(status);
}

function listCommand(context: CommandContext): CommandModule<object, ListArguments> {
  return {
    command: 'list',
    describe: 'List interventions (pending first)',
    builder: (yargs) =>
      storeOption(yargs)
        .option('status', {
          type: 'string',
          choices: ['pending', 'approved', 'rejected'],
          describe: 'Only interventions with this status',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print the interventions as JSON' }),
    handler: async (args) => {
      const { client, close } = await openInterventionClient(context, args);
      let records: InterventionRecord[];
      try {
        records = await client.list(args.status === undefined ? {} : { status: args.status as InterventionStatus });
      } finally {
        await close();
      }
      const ordered = [
        ...records.filter((record) => record.status === 'pending'),
        ...records.filter((record) => record.status !== 'pending'),
      ];
      if (args.json) {
        context.printJson(ordered);
        return;
      }
      if (ordered.length === 0) {
        context.print('No interventions.');
        return;
      }
      context.print(
        formatTable([
          ['ID', 'STATUS', 'CREATED', 'POLICY', 'REASON'],
          ...ordered.map((record) => [
            record.id,
            statusText(context, record.status),
            record.createdAt,
            record.policyName ?? '—',
            truncate(record.reason, 70),
          ]),
        ]),
      );
    },
  };
}

function decideCommand(context: CommandContext, verb: 'approve' | 'reject'): CommandModule<object, DecideArguments> {
  async function decide(
    client: InterventionClient<InterventionStorage>,
    where: string,
    args: DecideArguments,
  ): Promise<void> {
    const record = await client.get(args.id);
    if (record === undefined)
      throw new CliError({
        code: 'INTERVENTION_NOT_FOUND',
        message: `No intervention '${args.id}' in ${where}. List them with 'clearstone interventions list'.`,
      });
    if (record.status !== 'pending') {
      throw new CliError({
        code: 'INTERVENTION_ALREADY_DECIDED',
        message: `Intervention '${args.id}' was already ${record.status}${record.decidedBy === undefined ? '' : ` by ${record.decidedBy}`}.`,
      });
    }
    const by = args.by ?? `cli:${context.io.env.USER ?? userInfo().username}`;
    const decided: InterventionRecord =
      verb === 'approve' ? await client.approve(args.id, { by }) : await client.reject(args.id, { by });
    if (args.json) context.printJson(decided);
    else
      context.print(
        `${verb === 'approve' ? context.colors.green('✓ Approved') : context.colors.red('✗ Rejected')} ${decided.id}: ${decided.reason}`,
      );
  }

  return {
    command: `${verb} <id>`,
    describe:
      verb === 'approve'
        ? 'Approve a pending intervention (the waiting agent continues once)'
        : 'Reject a pending intervention',
    builder: (yargs) =>
      storeOption(yargs)
        .positional('id', { type: 'string', demandOption: true, describe: 'Intervention id (see list)' })
        .option('by', { type: 'string', describe: 'Who decides (default cli:<user name>)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print the decided intervention as JSON' }),
    handler: async (args) => {
      const { client, where, close } = await openInterventionClient(context, args);
      try {
        await decide(client, where, args);
      } finally {
        await close();
      }
    },
  };
}

/** `clearstone interventions list|approve|reject`: decides paused actions from another terminal. */
export function interventionsCommand(context: CommandContext): CommandModule {
  return {
    command: 'interventions',
    describe: 'List, approve and reject human-in-the-loop interventions',
    builder: (yargs: Argv) =>
      yargs
        .command(listCommand(context))
        .command(decideCommand(context, 'approve'))
        .command(decideCommand(context, 'reject'))
        .demandCommand(1, 'Choose list, approve or reject.'),
    handler: () => undefined,
  };
}
