// Evaluates policies with an AuditTrail writing a JSONL sink until it is killed. After each
// `auditTrail.flush()` returns it prints `written <count>` (entries written so far) and the hash
// of the last one.
import { ALERT, ALLOW, BLOCK, createContext } from '@clearstone/core';
import { AuditTrail, PolicyEngine, definePolicy } from '@clearstone/policy';

const [sinkPath] = process.argv.slice(2);
const auditTrail = new AuditTrail({ sinkPath, maxEntries: 100 });
const engine = new PolicyEngine({
  auditTrail,
  policies: [
    definePolicy({ name: 'budget', priority: 10 }, (ctx) =>
      Number(ctx.metadata.amount) > 900 ? BLOCK(`Amount ${String(ctx.metadata.amount)} over budget`) : ALLOW,
    ),
    definePolicy({ name: 'watch', priority: 5 }, (ctx) =>
      Number(ctx.metadata.amount) % 3 === 0 ? ALERT('Divisible by three, "quoted", with\nnewline') : ALLOW,
    ),
  ],
});
process.stdout.write('ready\n');
for (let round = 0; ; round++) {
  for (let index = 0; index < 200; index++) {
    const amount = (round * 200 + index) % 1000;
    engine.evaluateSync(createContext({ userId: `user-${index % 13}`, agentId: 'crash-agent', metadata: { amount } }));
  }
  auditTrail.flush();
  const written = auditTrail.summary().totalDecisions;
  const last = auditTrail.entries(1)[0];
  process.stdout.write(`written ${written} ${last?.hash ?? ''}\n`);
  await new Promise((resolve) => setImmediate(resolve));
}
