// Local LLM protection: block model calls while the local model server is down.
// A fake Ollama server answers 503 first (model still loading), then 200.
// Run: node_modules/.bin/tsx examples/local-llm-protection.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionType, createContext } from '@clearstone/core';
import { PolicyEngine } from '@clearstone/policy';
import { createLocalLlmPolicies, stopSystemLoadSampling } from '@clearstone/policy/builtins';

// 1. A stand-in for Ollama on a random local port: GET /api/tags answers with `status`.
let status = 503;
const server = createServer((_request, response) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(
    status === 200 ? JSON.stringify({ models: [{ name: 'llama3.2' }] }) : JSON.stringify({ error: 'loading model' }),
  );
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const localModelHealthUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/tags`;

// 2. The local-LLM bundle: system load, model health check, token limit, rate limit.
//    cacheTtlMs: 0 re-probes on every call so the demo sees the server change at once (the default
//    caches a probe for 2 s); the 100% thresholds keep this demo's output independent of the
//    machine's load (the defaults are 90% CPU and 95% memory).
const engine = new PolicyEngine({
  policies: createLocalLlmPolicies({
    localModelHealthUrl,
    cacheTtlMs: 0,
    cpuThresholdPercent: 100,
    memoryThresholdPercent: 100,
    tokenLimit: 8000,
  }),
});

// 3. Ask the engine before each LLM call.
async function callLocalModel(): Promise<void> {
  const ctx = createContext({
    userId: 'dev',
    agentId: 'local-agent',
    metadata: { model: 'llama3.2', tokensUsed: 1200 },
  });
  const decision = await engine.evaluate(ctx);
  if (decision.action === ActionType.BLOCK) {
    console.log(`❌ LLM call blocked by ${String(decision.metadata.policyName)}: ${decision.reason}`);
  } else {
    console.log(`✅ LLM call allowed (server answered ${status})`);
  }
}

await callLocalModel(); // the server answers 503
status = 200;
await callLocalModel(); // the server answers 200

// 4. Clean up: stop the background load sampler and the server.
stopSystemLoadSampling();
server.closeAllConnections();
server.close();
