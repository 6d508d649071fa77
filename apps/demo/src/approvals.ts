import type { Decision, PolicyContext } from '@clearstone/core';
import { InterventionClient } from '@clearstone/policy';

/** How the demo answers PAUSE decisions. */
export type ApprovalMode = 'approve' | 'reject' | 'ask';

/**
 * The approval channel handed to the middleware: an InterventionClient whose requests are
 * decided at once with `--approve` / `--reject`, asked on the terminal when interactive, and
 * rejected (fail closed) when nobody can answer.
 */
export function createApprovals(mode: ApprovalMode, onDecided: (id: string, approved: boolean, how: string) => void) {
  const interactive = mode === 'ask' && Boolean(process.stdin.isTTY);
  const client = new InterventionClient({ terminal: interactive });
  return {
    client,
    requestIntervention(decision: Decision, options?: { context?: PolicyContext }) {
      const record = client.requestIntervention(decision, options);
      if (mode === 'approve') client.approve(record.id, { by: 'demo --approve' });
      if (mode === 'reject' || (mode === 'ask' && !interactive))
        client.reject(record.id, { by: interactive ? 'demo' : 'demo (non-interactive)' });
      return record;
    },
    async waitForApproval(id: string, options?: { timeoutMs?: number; signal?: AbortSignal }) {
      const approved = await client.waitForApproval(id, {
        ...options,
        prompt: `  Approve intervention ${id}? (yes/no): `,
      });
      onDecided(
        id,
        approved,
        mode === 'ask'
          ? interactive
            ? 'in the terminal'
            : 'automatically: no terminal to ask, fail closed'
          : `by --${mode}`,
      );
      return approved;
    },
  };
}
