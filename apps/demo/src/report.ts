import { ActionType, costOf, isLlmSpan, usageOf, type Decision } from '@clearstone/core';
import type { TraceStore } from '@clearstone/observability';
import type { AuditTrail, EvaluationResult } from '@clearstone/policy';
import type { SpendLedger } from '@clearstone/policy/ledger';
import type { Scenario } from './scenarios';
import type { ToolLedger } from './tools';

const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (code: number) => (text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);
const red = paint(31);
const green = paint(32);
const yellow = paint(33);
const cyan = paint(36);
const bold = paint(1);
const dim = paint(2);

const LABELS: Record<ActionType, string> = {
  [ActionType.ALLOW]: green('ALLOWED '),
  [ActionType.BLOCK]: red('BLOCKED '),
  [ActionType.PAUSE]: yellow('PAUSED  '),
  [ActionType.REDACT]: cyan('REDACTED'),
  [ActionType.ALERT]: yellow('ALERT   '),
  [ActionType.SKIP]: dim('SKIPPED '),
};

function describeEvent(metadata: Readonly<Record<string, unknown>>): string {
  if (metadata.eventType === 'tool_call') {
    const input = metadata.toolInput === undefined ? '' : ` ${JSON.stringify(metadata.toolInput)}`;
    return `tool ${String(metadata.toolName)}${input.length > 90 ? `${input.slice(0, 87)}...` : input}`;
  }
  return `model call #${Number(metadata.llmCallCount ?? 0) + 1} (${String(metadata.tokensUsed ?? 0)} tokens so far)`;
}

function policyOf(decision: Decision): string {
  return typeof decision.metadata.policyName === 'string' ? dim(` [${decision.metadata.policyName}]`) : '';
}

/** Prints what happens as the demo runs, and the summary at the end. */
export function createReporter() {
  const counts: Record<ActionType, number> = { allow: 0, block: 0, pause: 0, alert: 0, redact: 0, skip: 0 };
  const toolCounts: Record<ActionType, number> = { allow: 0, block: 0, pause: 0, alert: 0, redact: 0, skip: 0 };
  const startedAt = new Date();

  return {
    counts,
    startedAt,
    note(text: string) {
      console.log(dim(text));
    },
    scenario(scenario: Scenario) {
      console.log(`\n${bold(`▶ ${scenario.title}`)} ${dim(`(${scenario.userId}, role ${scenario.userRole})`)}`);
      console.log(`  user: ${scenario.request}`);
    },
    decision({ decision, context }: EvaluationResult) {
      counts[decision.action] += 1;
      const isTool = context.metadata.eventType === 'tool_call';
      if (isTool) toolCounts[decision.action] += 1;
      if (!isTool && decision.action === ActionType.ALLOW) return;
      const reason = decision.reason ? ` — ${decision.reason}` : '';
      console.log(`  ${LABELS[decision.action]} ${describeEvent(context.metadata)}${reason}${policyOf(decision)}`);
    },
    approval(id: string, approved: boolean, how: string) {
      console.log(`  ${approved ? green('APPROVED') : red('REJECTED')} intervention ${id} ${dim(how)}`);
    },
    answer(text: string) {
      console.log(`  agent: ${text}`);
    },
    trace(traceId: string) {
      console.log(dim(`  trace: ${traceId}`));
    },
    backtest(decisions: Record<ActionType, number>, dbPath: string) {
      const actions = [ActionType.ALLOW, ActionType.BLOCK, ActionType.PAUSE, ActionType.REDACT, ActionType.ALERT];
      const same = actions.every((action) => decisions[action] === counts[action]);
      console.log(`\n${bold('Backtest of the same policies over this recording')}`);
      console.log(`  ${actions.map((action) => `${action} ${decisions[action]}`).join(' · ')}`);
      console.log(
        `  ${same ? green('same decisions as the live run') : red('differs from the live run')} (live: ${actions.map((action) => `${action} ${counts[action]}`).join(' · ')})`,
      );
      console.log(`  npm run clearstone -- backtest --db ${dbPath} --policy apps/demo/src/policies.ts`);
    },
    spend(ledger: SpendLedger, users: string[], budgetUsd: number) {
      console.log(`\n${bold('Spent today (UTC), from the spend ledger')}`);
      for (const user of users) {
        const today = ledger.userDay(user);
        const over = today.usd >= budgetUsd ? red(' budget spent') : '';
        console.log(
          `  ${user.padEnd(6)} $${today.usd.toFixed(4)} of $${budgetUsd} · ${today.tokens} tokens · ${today.calls} model calls${over}`,
        );
      }
    },
    failure(error: unknown) {
      console.log(`  ${red('ERROR')}: ${error instanceof Error ? error.message : String(error)}`);
    },
    ledger(ledger: ToolLedger, tables: string[]) {
      console.log(`\n${bold('What the tools actually did')}`);
      console.log(`  files read: ${ledger.filesRead.join(', ') || '-'}`);
      console.log(`  web searches: ${ledger.searches.length}`);
      console.log(
        `  SQL run: ${ledger.sql.map((query) => JSON.stringify(query)).join(', ') || '-'} (tables left: ${tables.join(', ')})`,
      );
      console.log(`  admin actions: ${ledger.adminActions.join(', ') || '-'}`);
      console.log(
        `  payments: ${ledger.payments.map((payment) => `${payment.invoice} $${payment.amountUsd}`).join(', ') || 'none'}`,
      );
      for (const email of ledger.emails) console.log(`  email to ${email.to}: ${email.body}`);
    },
    summary({
      store,
      auditTrail,
      dbPath,
      auditPath,
    }: {
      store: TraceStore;
      auditTrail: AuditTrail;
      dbPath: string;
      auditPath: string;
    }) {
      const traces = store.listTraces({ since: startedAt, limit: 1000 });
      let inputTokens = 0;
      let outputTokens = 0;
      let cost = 0;
      for (const summary of traces) {
        const trace = store.getTrace(summary.traceId);
        for (const span of trace?.spans ?? []) {
          if (!isLlmSpan(span)) continue;
          const usage = usageOf(span);
          inputTokens += usage?.inputTokens ?? 0;
          outputTokens += usage?.outputTokens ?? 0;
          cost += costOf(span) ?? 0;
        }
      }
      const audit = auditTrail.summary();
      const verified = auditTrail.verify();
      console.log(`\n${bold('Summary')}`);
      console.log('  decision   tool calls   all calls');
      for (const action of [
        ActionType.ALLOW,
        ActionType.BLOCK,
        ActionType.PAUSE,
        ActionType.REDACT,
        ActionType.ALERT,
      ]) {
        console.log(
          `  ${action.padEnd(9)}  ${String(toolCounts[action]).padStart(10)}  ${String(counts[action]).padStart(10)}`,
        );
      }
      console.log(
        `  tokens: ${inputTokens + outputTokens} (${inputTokens} in, ${outputTokens} out) · cost: $${cost.toFixed(4)} · traces: ${traces.length}`,
      );
      console.log(
        `  audit: ${audit.totalDecisions} policy decisions, hash chain ${verified.ok ? 'verified' : 'BROKEN'} → ${auditPath}`,
      );
      console.log(`\n${bold('Inspect the run')}`);
      console.log(`  npm run clearstone -- traces list --db ${dbPath}`);
      console.log(`  npm run clearstone -- traces show <trace-id> --db ${dbPath}    # a trace id printed above`);
      console.log(`  npm run clearstone -- audit verify ${auditPath}`);
      console.log(`  npm run clearstone -- ui --db ${dbPath}    # the trace viewer on http://127.0.0.1:4319`);
    },
  };
}
