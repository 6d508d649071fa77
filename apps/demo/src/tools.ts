import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';

/** What the demo's tools did, so the run can be checked afterwards. */
export interface ToolLedger {
  filesRead: string[];
  searches: string[];
  sql: string[];
  payments: Array<{ invoice: string; amountUsd: number }>;
  emails: Array<{ to: string; subject: string; body: string }>;
  adminActions: string[];
}

const SEARCH_INDEX: Array<{ title: string; snippet: string; keywords: string[] }> = [
  {
    title: 'ECB reference rates',
    snippet: 'EUR/USD reference rate 1.0842 (ECB, today 14:15 CET).',
    keywords: ['eur', 'usd', 'rate', 'exchange'],
  },
  {
    title: 'Refund best practices',
    snippet: 'Most SaaS companies offer 14–30 day refund windows.',
    keywords: ['refund', 'saas', 'policy'],
  },
  {
    title: 'Support benchmarks 2026',
    snippet: 'Median first response time in B2B SaaS support: 52 minutes.',
    keywords: ['support', 'response', 'benchmark'],
  },
];

/**
 * The demo's tools: a file reader confined to the workspace folder, a web search over a local
 * index, a SQL runner on a real (in-memory) SQLite database, a payment executor, an email sender
 * and an admin panel. Every call is recorded in the returned ledger.
 */
export function createTools(workspaceDir: string) {
  const ledger: ToolLedger = { filesRead: [], searches: [], sql: [], payments: [], emails: [], adminActions: [] };
  const database = new Database(':memory:');
  database.exec(`
    CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, plan TEXT);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, total_usd REAL, created_at TEXT);
    INSERT INTO customers (name, plan) VALUES ('Acme GmbH', 'enterprise'), ('Globex', 'team'), ('Initech', 'starter');
    INSERT INTO orders (customer_id, total_usd, created_at) VALUES (1, 4800, '2026-09-01'), (2, 950, '2025-03-14'), (3, 120, '2024-11-02');
  `);

  const readFileTool = tool(
    async ({ path: relativePath }) => {
      const resolved = path.resolve(workspaceDir, relativePath);
      if (!resolved.startsWith(path.resolve(workspaceDir) + path.sep))
        return `Refused: ${relativePath} is outside the workspace.`;
      ledger.filesRead.push(relativePath);
      return readFile(resolved, 'utf8');
    },
    {
      name: 'read_file',
      description: 'Read a text file from the company workspace.',
      schema: z.object({ path: z.string() }),
    },
  );

  const webSearch = tool(
    async ({ query }) => {
      ledger.searches.push(query);
      const words = query.toLowerCase().split(/\W+/);
      const hits = SEARCH_INDEX.filter((entry) => entry.keywords.some((keyword) => words.includes(keyword)));
      return hits.length ? hits.map((hit) => `${hit.title}: ${hit.snippet}`).join('\n') : 'No results.';
    },
    { name: 'web_search', description: 'Search the web.', schema: z.object({ query: z.string() }) },
  );

  const runSql = tool(
    async ({ query }) => {
      ledger.sql.push(query);
      const statement = database.prepare(query);
      return statement.reader ? JSON.stringify(statement.all()) : `OK, ${statement.run().changes} row(s) changed.`;
    },
    {
      name: 'run_sql',
      description: 'Run a SQL statement on the customer database.',
      schema: z.object({ query: z.string() }),
    },
  );

  const executePayment = tool(
    async ({ invoice, amountUsd }) => {
      ledger.payments.push({ invoice, amountUsd });
      return `Paid ${invoice}: $${amountUsd.toFixed(2)}.`;
    },
    {
      name: 'execute_payment',
      description: 'Pay a supplier invoice.',
      schema: z.object({ invoice: z.string(), amountUsd: z.number() }),
    },
  );

  const sendEmail = tool(
    async ({ to, subject, body }) => {
      ledger.emails.push({ to, subject, body });
      return `Email to ${to} queued.`;
    },
    {
      name: 'send_email',
      description: 'Send an email.',
      schema: z.object({ to: z.string(), subject: z.string(), body: z.string() }),
    },
  );

  const adminPanel = tool(
    async ({ action }) => {
      ledger.adminActions.push(action);
      return `Admin panel: ${action} done. 3 users listed: alice (analyst), bob (guest), root (admin).`;
    },
    { name: 'admin_panel', description: 'Administer users and settings.', schema: z.object({ action: z.string() }) },
  );

  return {
    tools: [readFileTool, webSearch, runSql, executePayment, sendEmail, adminPanel],
    ledger,
    tableNames: () =>
      (
        database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{
          name: string;
        }>
      ).map((row) => row.name),
    close: () => database.close(),
  };
}
