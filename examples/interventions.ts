// Human-in-the-loop: a high-cost operation PAUSEs, waits for a decision made by a reviewer in another
// process (through a FileInterventionStore), then continues when approved and stops when rejected.
// Non-interactive: the reviewer is a second Node process started by this script.
// Run: node_modules/.bin/tsx examples/interventions.ts
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  ActionType,
  PolicyPauseError,
  PolicyViolationError,
  createContext,
  type PolicyContext,
} from '@clearstone/core';
import { FileInterventionStore, InterventionClient, PolicyEngine } from '@clearstone/policy';
import { requireApprovalForHighCostPolicy } from '@clearstone/policy/builtins';

// The reviewer: what `clearstone interventions approve|reject <id>` does, as a tiny separate Node
// process that imports the built package and decides through the shared directory.
const reviewerScript = `
import { FileInterventionStore, InterventionClient } from '@clearstone/policy';
const [directory, id, verdict] = process.argv.slice(1);
await new Promise((resolve) => setTimeout(resolve, 200)); // the agent is already waiting
const client = new InterventionClient({ store: new FileInterventionStore(directory), terminal: false });
const pending = client.list({ status: 'pending' }).find((record) => record.id === id);
const decided = verdict === 'approve' ? client.approve(id, { by: 'reviewer' }) : client.reject(id, { by: 'reviewer' });
console.log(\`reviewer (pid \${process.pid}): \${decided.status} '\${pending.reason}'\`);
`;

const examplesDirectory = dirname(fileURLToPath(import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'clearstone-interventions-'));
try {
  const engine = new PolicyEngine({ policies: [requireApprovalForHighCostPolicy({ highCostThreshold: 10 })] });
  const client = new InterventionClient({
    store: new FileInterventionStore(directory),
    terminal: false,
    pollIntervalMs: 50,
  });

  // Runs `operation` when the policies allow it; asks a human (the reviewer process) when they PAUSE.
  async function runGuarded(
    ctx: PolicyContext,
    verdict: 'approve' | 'reject',
    operation: () => string,
  ): Promise<string> {
    const decision = await engine.evaluate(ctx);
    if (decision.action === ActionType.BLOCK)
      throw new PolicyViolationError({ message: decision.reason ?? 'blocked', decision });
    if (decision.action === ActionType.PAUSE) {
      console.log(`⏸️  paused by ${String(decision.metadata.policyName)}: ${decision.reason}`);
      const { id } = client.requestIntervention(decision, { context: ctx });
      console.log(`⏳ agent (pid ${process.pid}) waiting for a decision on ${id}`);
      const reviewer = promisify(execFile)(
        process.execPath,
        ['--input-type=module', '-e', reviewerScript, directory, id, verdict],
        {
          cwd: examplesDirectory,
        },
      );
      const [approved, { stdout }] = await Promise.all([client.waitForApproval(id, { timeoutMs: 15_000 }), reviewer]);
      console.log(stdout.trim());
      if (!approved) throw new PolicyPauseError({ message: `Not approved: ${decision.reason}`, decision });
    }
    return operation();
  }

  const operations = [
    { label: 'refund $4.50', metadata: { operationCost: 4.5 }, verdict: 'approve' as const },
    { label: 'refund $25.00', metadata: { operationCost: 25 }, verdict: 'approve' as const },
    { label: 'wire transfer $400.00', metadata: { operationCost: 400 }, verdict: 'reject' as const },
  ];
  for (const { label, metadata, verdict } of operations) {
    const ctx = createContext({ userId: 'user-1', agentId: 'finance-agent', metadata });
    try {
      console.log(`✅ ${await runGuarded(ctx, verdict, () => `${label} executed`)}`);
    } catch (error) {
      if (!PolicyPauseError.isInstance(error)) throw error;
      console.log(`❌ ${label} not executed — ${error.message}`);
    }
  }
  const records = client.list();
  console.log(
    `interventions: ${records.map((record) => `${record.status} by ${record.decidedBy}${record.consumedAt ? ' (used)' : ''}`).join(', ')}`,
  );
} finally {
  rmSync(directory, { recursive: true, force: true });
}
