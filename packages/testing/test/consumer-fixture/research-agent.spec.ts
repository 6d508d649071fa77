// A user's Jest suite: the matchers come from `setupFilesAfterEnv: ['@clearstone/testing/jest']`.
import { BLOCK, ALLOW } from '@clearstone/core';
import { definePolicy } from '@clearstone/policy';
import { assertMaxLlmCalls, traceBuilder } from '@clearstone/testing';

const noDeletes = definePolicy({ name: 'no_deletes', priority: 100 }, (ctx) =>
  String(ctx.metadata.toolName).startsWith('delete_') ? BLOCK('Deletes need a human') : ALLOW,
);

const run = traceBuilder({ agentId: 'researcher', userId: 'u1' })
  .llm('gpt-4o', { inputTokens: 900, outputTokens: 120, costUsd: 0.004 })
  .span('research', (step) => step.tool('web_search', { input: { query: 'clearstone' } }))
  .llm('gpt-4o', { inputTokens: 400, outputTokens: 300, costUsd: 0.003 })
  .build();

describe('research agent', () => {
  it('searches once, in order, without errors, on budget', () => {
    expect(run).toHaveCalledTool('web_search', { times: 1 });
    expect(run).toNotHaveCalledTool('delete_file');
    expect(run).not.toHaveBlockedTool('web_search');
    expect(run).toHaveNoErrors();
    expect(run).toHaveSpanOrder(['chat gpt-4o', 'research']);
    expect(run).toCostLessThan(0.01);
    expect(run).toMatchTrajectory(['web_search']);
    expect(run).toPassPolicy(assertMaxLlmCalls(2));
    expect(run).toPassPolicy(noDeletes);
  });
});
