import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SpanKind } from '@clearstone/core';
import { TracerProvider } from '@clearstone/observability';
import type { Tracer } from '@clearstone/observability';

/** Ids of the traces {@link createTraceDatabase} records. */
export interface RecordedTraces {
  dbPath: string;
  /** Guest run: a model call, then the `delete_database` tool, blocked by a recorded policy decision. */
  guestDelete: string;
  /** Member run: a model call, then the `search` tool. */
  memberSearch: string;
  /** A run whose root span throws. */
  failing: string;
}

async function agentRun(
  tracer: Tracer,
  name: string,
  role: string,
  toolName: string,
  decide: boolean,
): Promise<string> {
  return tracer.span(
    `invoke_agent ${name}`,
    {
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': name,
        'clearstone.user.id': `${role}-1`,
        'clearstone.user.role': role,
      },
    },
    async (root) => {
      await tracer.span(
        'chat gpt-4o',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': 'gpt-4o',
            'gen_ai.usage.input_tokens': 900,
            'gen_ai.usage.output_tokens': 120,
            'clearstone.cost.usd': 0.0125,
          },
        },
        async () => undefined,
      );
      tracer.span(
        `execute_tool ${toolName}`,
        {
          attributes: {
            'gen_ai.operation.name': 'execute_tool',
            'gen_ai.tool.name': toolName,
            'gen_ai.tool.call.arguments': '{"table":"users"}',
          },
        },
        (span) => {
          if (decide) {
            span.addEvent('clearstone.policy.decision', {
              'clearstone.policy.action': 'block',
              'clearstone.policy.name': 'block_dangerous_tools',
              'clearstone.policy.reason': `Dangerous tool blocked: '${toolName}'`,
            });
          }
        },
      );
      return root.traceId;
    },
  );
}

/** Records three traces in a new SQLite database in `directory` through a real TracerProvider. */
export async function createTraceDatabase(directory: string, fileName = 'traces.db'): Promise<RecordedTraces> {
  const dbPath = join(directory, fileName);
  const provider = new TracerProvider({ dbPath });
  const tracer = provider.getTracer('support-agent', '2.1.0');
  const guestDelete = await agentRun(tracer, 'researcher', 'guest', 'delete_database', true);
  const memberSearch = await agentRun(tracer, 'helper', 'member', 'search', false);
  let failing = '';
  await tracer
    .span('failing run', async (span) => {
      failing = span.traceId;
      throw new Error('upstream timeout');
    })
    .catch(() => undefined);
  await provider.shutdown();
  return { dbPath, guestDelete, memberSearch, failing };
}

/** Writes 8 KiB of pseudo-random bytes (no SQLite header) named like a database. */
export function writeCorruptDatabase(path: string): void {
  const bytes = Buffer.alloc(8192);
  for (let index = 0; index < bytes.length; index++) bytes[index] = (index * 7919 + 13) % 251;
  writeFileSync(path, bytes);
}

/**
 * Opens the database in a separate process and closes it there, so that its write-ahead log is
 * moved into the main file (this process may still hold a connection that keeps the log alive).
 */
export async function checkpointInAnotherProcess(dbPath: string): Promise<void> {
  const observability = resolve(__dirname, '../../../observability/dist/index.cjs');
  const script = `const { TraceStore } = require(${JSON.stringify(observability)}); new TraceStore(process.argv[1]).close();`;
  await promisify(execFile)(process.execPath, ['-e', script, dbPath]);
}
