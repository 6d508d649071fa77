// Audit trail: record every policy decision to a hash-chained JSONL file, summarise it, export JSON
// and CSV, verify the chain, and show that editing one line of a copy is detected.
// Run: node_modules/.bin/tsx examples/audit-export.ts
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createContext } from '@clearstone/core';
import { AuditTrail, PolicyEngine, verifyAuditFile } from '@clearstone/policy';
import { alertOnPrivilegedAccessPolicy, blockDangerousToolsPolicy } from '@clearstone/policy/builtins';

const directory = mkdtempSync(join(tmpdir(), 'clearstone-audit-'));
try {
  const sinkPath = join(directory, 'decisions.jsonl');
  const auditTrail = new AuditTrail({ sinkPath });
  const engine = new PolicyEngine({
    auditTrail,
    policies: [blockDangerousToolsPolicy(), alertOnPrivilegedAccessPolicy({ privilegedTools: ['read_salaries'] })],
  });

  // An agent's tool calls; each policy's decision is one audit entry (a BLOCK stops the rest).
  for (const toolName of ['search_docs', 'read_salaries', 'drop_table', 'send_email', 'DeleteDatabase']) {
    engine.evaluateSync(
      createContext({ userId: 'user-42', agentId: 'hr-agent', sessionId: 'session-1', metadata: { toolName } }),
    );
  }
  auditTrail.flush(); // the sink batches lines; write them now

  console.log(`summary: ${JSON.stringify(auditTrail.summary())}`);
  for (const entry of auditTrail.entries()) {
    console.log(`  ${entry.policyName} → ${entry.decision}${entry.reason ? `: ${entry.reason}` : ''}`);
  }

  // Exports for compliance tools and spreadsheets.
  const jsonPath = join(directory, 'decisions.json');
  const csvPath = join(directory, 'decisions.csv');
  auditTrail.toJSON(jsonPath);
  auditTrail.toCSV(csvPath);
  const csvLines = readFileSync(csvPath, 'utf8').trimEnd().split('\r\n');
  console.log(
    `exported ${(JSON.parse(readFileSync(jsonPath, 'utf8')) as unknown[]).length} entries to ${basename(jsonPath)}`,
  );
  console.log(`exported ${csvLines.length - 1} rows to ${basename(csvPath)}, header: ${csvLines[0]}`);

  // The chain verifies in memory, in the JSONL sink and in the JSON export.
  const inMemory = auditTrail.verify();
  console.log(`verify in memory: ok=${inMemory.ok}, ${inMemory.checked} entries checked`);
  for (const path of [sinkPath, jsonPath]) {
    const result = verifyAuditFile(path);
    console.log(`verify ${basename(path)}: ok=${result.ok}, ${result.checked} entries checked`);
  }

  // Tamper with a copy: turn the BLOCK of drop_table (5th line) into an ALLOW.
  auditTrail.close();
  const tamperedPath = join(directory, 'tampered.jsonl');
  copyFileSync(sinkPath, tamperedPath);
  const lines = readFileSync(tamperedPath, 'utf8').split('\n');
  lines[4] = lines[4].replace('"decision":"block"', '"decision":"allow"');
  writeFileSync(tamperedPath, lines.join('\n'));
  const tampered = verifyAuditFile(tamperedPath);
  console.log(
    `verify ${basename(tamperedPath)}: ok=${tampered.ok}, first tampered entry: index ${tampered.firstInvalidIndex} (line ${(tampered.firstInvalidIndex ?? 0) + 1}): ${tampered.reason}`,
  );
} finally {
  rmSync(directory, { recursive: true, force: true });
}
