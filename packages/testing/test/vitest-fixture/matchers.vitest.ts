// A user's Vitest suite: no global `expect`, so the matchers are registered with `expect.extend`.
import { describe, expect, test } from 'vitest';
import { traceBuilder } from '@clearstone/testing';
import { clearstoneMatchers, type ClearstoneMatchers } from '@clearstone/testing/jest';
import { blockDangerousToolsPolicy, tokenLimitPolicy } from '@clearstone/policy/builtins';

expect.extend(clearstoneMatchers);

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Assertion<T = any> extends ClearstoneMatchers<T> {}
}

const run = traceBuilder({ agentId: 'researcher', userId: 'u1' })
  .llm('gpt-4o', { inputTokens: 900, outputTokens: 120, costUsd: 0.004 })
  .span('research', (step) => step.tool('web_search', { input: { query: 'clearstone' } }))
  .llm('gpt-4o', { inputTokens: 400, outputTokens: 300, costUsd: 0.003 })
  .build();

const risky = traceBuilder({ agentId: 'janitor' })
  .tool('DropTable', { input: { table: 'orders' } })
  .tool('send_email')
  .error('SMTP timeout')
  .build();

describe('Clearstone matchers under Vitest', () => {
  test('passing matchers, plain and negated', () => {
    expect(run).toHaveCalledTool('web_search', { times: 1 });
    expect(run).toNotHaveCalledTool('delete_file');
    expect(run).toHaveNoErrors();
    expect(run).toHaveSpanOrder(['chat gpt-4o', 'research']);
    expect(run).toCostLessThan(0.01);
    expect(run).toMatchTrajectory(['web_search']);
    expect(run).toPassPolicy([blockDangerousToolsPolicy(), tokenLimitPolicy({ tokenLimit: 5000 })]);
    expect(risky).not.toHaveNoErrors();
    expect(risky).not.toPassPolicy([blockDangerousToolsPolicy()]);
    expect(run).not.toCostLessThan(0.005);
  });

  test('failing matchers throw with the reason and the trace tree', () => {
    expect(() => expect(run).toHaveCalledTool('web_search', { times: 2 })).toThrow(
      /Expected tool 'web_search' to be called 2 time\(s\), but it was called 1 time\(s\)/,
    );
    expect(() => expect(run).not.toHaveNoErrors()).toThrow('expect(trace).not.toHaveNoErrors()');
    expect(() => expect(risky).toPassPolicy([blockDangerousToolsPolicy()])).toThrow(
      "Policy 'block_dangerous_tools' would have blocked tool call 'execute_tool DropTable'",
    );
    expect(() => expect(risky).toHaveNoErrors()).toThrow(/└─ execute_tool send_email {2}ERROR/);
    expect(() => expect({ spans: [] }).toHaveNoErrors()).toThrow(/expected a Clearstone Trace/);
  });

  test('a failing expectation is reported by Vitest', () => {
    expect(risky).toCostLessThan(0);
  });
});
