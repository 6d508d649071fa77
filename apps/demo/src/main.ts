import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ActionType, contextScope, createContext } from '@clearstone/core';
import { TracingCallbackHandler } from '@clearstone/langchain';
import { clearstoneMiddleware } from '@clearstone/langchain/middleware';
import { TracerProvider } from '@clearstone/observability';
import { AuditTrail, PolicyEngine, type EvaluationResult } from '@clearstone/policy';
import { redactValue } from '@clearstone/policy/builtins';
import { SpendLedger } from '@clearstone/policy/ledger';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { createAgent } from 'langchain';
import { backtest } from '@clearstone/testing';
import { createApprovals, type ApprovalMode } from './approvals';
import { buildPolicies, DAILY_BUDGET_USD, DEMO_PRICES } from './policies';
import { createReporter } from './report';
import { SCENARIOS, SCRIPTS } from './scenarios';

/** PII kept out of the trace database. */
const TRACE_PII = ['email', 'phone', 'credit_card', 'iban', 'ssn', 'secret'];
import { ScriptedChatModel } from './scripted-model';
import { createTools } from './tools';

const HELP = `Clearstone demo: a governed, traced LangChain.js agent.

Usage: npm start -- [options]
  --approve            approve paused actions without asking
  --reject             reject paused actions without asking
  --model ollama:NAME  use a local Ollama model (default: a deterministic offline model)
  --db PATH            trace database (default: clearstone_traces.db; started afresh each run);
                       the spend ledger of the daily budget is next to it (<db>.spend.db)
  --append             keep the traces and the spend of earlier runs (the budget then runs out sooner)
  --audit PATH         audit log, JSON lines (default: clearstone_audit.jsonl)
  --help               show this help`;

const demoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      approve: { type: 'boolean', default: false },
      reject: { type: 'boolean', default: false },
      model: { type: 'string' },
      db: { type: 'string', default: 'clearstone_traces.db' },
      append: { type: 'boolean', default: false },
      audit: { type: 'string', default: 'clearstone_audit.jsonl' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.approve && values.reject) {
    console.error('Choose one of --approve and --reject.');
    return 2;
  }
  const approvalMode: ApprovalMode = values.approve ? 'approve' : values.reject ? 'reject' : 'ask';
  const ollamaModel = values.model?.startsWith('ollama:') ? values.model.slice('ollama:'.length) : undefined;
  if (values.model !== undefined && !ollamaModel) {
    console.error(`Unknown --model ${values.model}: use ollama:NAME, e.g. ollama:llama3.2`);
    return 2;
  }

  const dbPath = path.resolve(values.db);
  const auditPath = path.resolve(values.audit);
  const ledgerPath = `${dbPath.replace(/\.db$/, '')}.spend.db`;
  // Each run starts from a clean record, so the summary, the audit log and a backtest all describe it.
  const sqliteFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`];
  const stale = values.append ? [auditPath] : [auditPath, ...sqliteFiles(dbPath), ...sqliteFiles(ledgerPath)];
  for (const file of stale) if (existsSync(file)) rmSync(file);

  const provider = new TracerProvider({ dbPath });
  // Policies mask PII before a tool sees it; redactContent keeps it out of the trace database too.
  const tracing = new TracingCallbackHandler(provider, {
    prices: DEMO_PRICES,
    redactContent: (value) => redactValue(value, { entities: TRACE_PII }),
  });
  const reporter = createReporter();
  reporter.note(
    `Traces: ${dbPath} (${values.append ? 'appending to earlier runs' : 'a fresh database for this run; --append keeps earlier runs'})`,
  );
  // Every model call's cost is recorded here for its user; the daily budget reads it, in this
  // process or any other that opens the same file.
  const spendLedger = new SpendLedger(ledgerPath);
  reporter.note(`Spend ledger: ${ledgerPath} (daily budget $${DAILY_BUDGET_USD} per user)`);
  const auditTrail = new AuditTrail({ sinkPath: auditPath });
  const engine = new PolicyEngine({
    policies: buildPolicies({ ollama: ollamaModel !== undefined, ledger: spendLedger }),
    auditTrail,
    onDecision: (result: EvaluationResult) => reporter.decision(result),
  });
  const approvals = createApprovals(approvalMode, (id, approved, how) => reporter.approval(id, approved, how));
  const { tools, ledger, tableNames, close } = createTools(path.join(demoDir, 'workspace'));

  let model: BaseChatModel;
  if (ollamaModel) {
    const { ChatOllama } = await import('@langchain/ollama');
    model = new ChatOllama({ model: ollamaModel, temperature: 0 });
    reporter.note(`Model: Ollama ${ollamaModel} (the local-model health policy checks the server before every call)`);
  } else {
    model = new ScriptedChatModel(SCRIPTS);
    reporter.note('Model: deterministic offline model (use --model ollama:NAME for a local LLM)');
  }

  const agent = createAgent({
    model,
    tools,
    middleware: [
      clearstoneMiddleware({
        engine,
        interventions: approvals,
        approvalTimeoutMs: 120_000,
        onBlock: 'tool-message',
        prices: DEMO_PRICES,
        ledger: spendLedger,
      }),
    ],
  });

  for (const scenario of SCENARIOS) {
    reporter.scenario(scenario);
    const ctx = createContext({
      userId: scenario.userId,
      agentId: 'ops-assistant',
      metadata: {
        userRole: scenario.userRole,
        ...(scenario.tokenLimit === undefined ? {} : { tokenLimit: scenario.tokenLimit }),
      },
    });
    try {
      const result = await contextScope(ctx, () =>
        agent.invoke(
          { messages: [{ role: 'user', content: scenario.request }] },
          { callbacks: [tracing], runName: 'ops-assistant' },
        ),
      );
      const last = result.messages.at(-1);
      reporter.answer(typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content));
    } catch (error) {
      reporter.failure(error);
      if (ollamaModel) break;
    } finally {
      await provider.forceFlush();
      const [latest] = provider.traceStore.listTraces({ limit: 1 });
      if (latest) reporter.trace(latest.traceId);
    }
  }

  await provider.forceFlush();
  reporter.ledger(ledger, tableNames());
  reporter.spend(spendLedger, [...new Set(SCENARIOS.map((scenario) => scenario.userId))], DAILY_BUDGET_USD);
  spendLedger.close();
  reporter.summary({ store: provider.traceStore, auditTrail, dbPath, auditPath });
  const replay = await backtest(new PolicyEngine({ policies: buildPolicies({ ollama: ollamaModel !== undefined }) }), [
    ...provider.traceStore.iterateTraces({ since: reporter.startedAt }),
  ]);
  reporter.backtest(replay.summary().decisions, dbPath);
  close();
  await provider.shutdown();
  provider.traceStore.close();
  return reporter.counts[ActionType.BLOCK] > 0 || reporter.counts[ActionType.ALLOW] > 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
