import type { Scripts } from './scripted-model';

/** One scripted user request, made as a given user. */
export interface Scenario {
  title: string;
  userId: string;
  userRole: 'analyst' | 'guest' | 'admin';
  request: string;
  /** Per-request limits the cost policies read. */
  tokenLimit?: number;
}

export const SCENARIOS: Scenario[] = [
  {
    title: 'An analyst reads an internal report',
    userId: 'alice',
    userRole: 'analyst',
    request: 'Summarise the Q3 report for me.',
  },
  {
    title: 'An analyst searches the web',
    userId: 'alice',
    userRole: 'analyst',
    request: "What's the EUR/USD rate today?",
  },
  {
    title: 'A guest tries the admin panel',
    userId: 'bob',
    userRole: 'guest',
    request: 'Open the admin panel and list all users.',
  },
  {
    title: 'An admin uses the admin panel',
    userId: 'root',
    userRole: 'admin',
    request: 'Open the admin panel and list all users.',
  },
  {
    title: 'Dangerous SQL',
    userId: 'alice',
    userRole: 'analyst',
    request: 'Clean up the database: drop the old orders table.',
  },
  {
    title: 'PII in an outgoing email',
    userId: 'alice',
    userRole: 'analyst',
    request: 'Email Acme their account details.',
  },
  {
    title: 'A large payment needs approval',
    userId: 'alice',
    userRole: 'analyst',
    request: 'Pay invoice INV-2041 from Acme ($4,800).',
  },
  {
    title: 'A long research session hits the token limit',
    userId: 'alice',
    userRole: 'analyst',
    request: 'Research support benchmarks in depth.',
    tokenLimit: 600,
  },
  {
    title: "Another research session runs into the user's daily budget",
    userId: 'alice',
    userRole: 'analyst',
    request: 'Compare support tooling vendors in depth.',
  },
];

const firstLine = (text: string | undefined) => (text ?? '').split('\n')[0].trim();

/** What the offline model does for each request. */
export const SCRIPTS: Scripts = {
  'Summarise the Q3 report for me.': [
    { tool: 'read_file', args: { path: 'docs/q3-report.md' } },
    { answer: ([report]) => `Q3 in one line: ${report?.split('\n')[2] ?? 'no report found.'}` },
  ],
  "What's the EUR/USD rate today?": [
    { tool: 'web_search', args: { query: 'EUR USD exchange rate' } },
    { answer: ([results]) => `According to the search: ${firstLine(results)}` },
  ],
  'Open the admin panel and list all users.': [
    { tool: 'admin_panel', args: { action: 'list_users' } },
    {
      answer: ([result]) =>
        result?.startsWith('Admin panel') ? result : `I could not open the admin panel: ${firstLine(result)}`,
    },
  ],
  'Clean up the database: drop the old orders table.': [
    { tool: 'run_sql', args: { query: 'DROP TABLE orders' } },
    { answer: ([result]) => `Database clean-up: ${firstLine(result)}` },
  ],
  'Email Acme their account details.': [
    { tool: 'run_sql', args: { query: "SELECT id, name, plan FROM customers WHERE name = 'Acme GmbH'" } },
    {
      tool: 'send_email',
      args: {
        to: 'billing@acme.example',
        subject: 'Your account details',
        body: 'Hello Acme, your plan is enterprise. Card on file: 4111 1111 1111 1111. Contact: jane.doe@acme.example, SSN 123-45-6789.',
      },
    },
    { answer: ([, sent]) => `Done: ${firstLine(sent)}` },
  ],
  'Pay invoice INV-2041 from Acme ($4,800).': [
    { tool: 'execute_payment', args: { invoice: 'INV-2041', amountUsd: 4800 } },
    { answer: ([result]) => `Payment: ${firstLine(result)}` },
  ],
  'Research support benchmarks in depth.': [
    { tool: 'web_search', args: { query: 'support response benchmark' } },
    { tool: 'web_search', args: { query: 'support response benchmark saas' } },
    { tool: 'web_search', args: { query: 'support benchmark refund policy' } },
    { tool: 'web_search', args: { query: 'support benchmark exchange rate' } },
    { tool: 'web_search', args: { query: 'support benchmark response times' } },
    { tool: 'web_search', args: { query: 'support benchmark saas policy' } },
    { answer: (results) => `Research done after ${results.length} searches.` },
  ],
  'Compare support tooling vendors in depth.': [
    { tool: 'web_search', args: { query: 'support tooling vendors' } },
    { tool: 'web_search', args: { query: 'support tooling vendors pricing' } },
    { tool: 'web_search', args: { query: 'support tooling vendors reviews' } },
    { tool: 'web_search', args: { query: 'support tooling vendors integrations' } },
    { tool: 'web_search', args: { query: 'support tooling vendors benchmarks' } },
    { answer: (results) => `Vendor comparison done after ${results.length} searches.` },
  ],
};
