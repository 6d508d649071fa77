import * as observability from '@clearstone/observability';
import { ClearstoneAttributes, ClearstoneEvents, GenAiAttributes, GenAiOperations } from '../src';

describe('attribute name conventions', () => {
  it('are the OpenTelemetry GenAI names, as defined by @clearstone/observability', () => {
    expect(GenAiAttributes).toEqual({
      OPERATION_NAME: 'gen_ai.operation.name',
      PROVIDER_NAME: 'gen_ai.provider.name',
      REQUEST_MODEL: 'gen_ai.request.model',
      RESPONSE_MODEL: 'gen_ai.response.model',
      USAGE_INPUT_TOKENS: 'gen_ai.usage.input_tokens',
      USAGE_OUTPUT_TOKENS: 'gen_ai.usage.output_tokens',
      TOOL_NAME: 'gen_ai.tool.name',
      TOOL_CALL_ID: 'gen_ai.tool.call.id',
      AGENT_NAME: 'gen_ai.agent.name',
      DATA_SOURCE_ID: 'gen_ai.data_source.id',
    });
    expect(GenAiOperations).toEqual({
      CHAT: 'chat',
      TEXT_COMPLETION: 'text_completion',
      EXECUTE_TOOL: 'execute_tool',
      INVOKE_AGENT: 'invoke_agent',
      RETRIEVAL: 'retrieval',
      CHAIN: 'chain',
    });
    for (const [key, value] of Object.entries(GenAiAttributes))
      expect([key, value]).toEqual([
        key,
        observability.GenAiAttributes[key as keyof typeof observability.GenAiAttributes],
      ]);
    for (const [key, value] of Object.entries(GenAiOperations))
      expect([key, value]).toEqual([
        key,
        observability.GenAiOperations[key as keyof typeof observability.GenAiOperations],
      ]);
  });

  it("are Clearstone's names, as defined by @clearstone/observability where it defines them", () => {
    const shared: Readonly<Record<string, string>> = observability.ClearstoneAttributes;
    const own = Object.entries(ClearstoneAttributes).filter(([key, value]) => {
      expect(value.startsWith('clearstone.')).toBe(true);
      return shared[key] === undefined;
    });
    expect(own.filter(([key]) => key !== 'CONTENT_REDACTION_FAILED')).toEqual([]);
    expect(ClearstoneAttributes.CONTENT_REDACTION_FAILED).toBe('clearstone.content.redaction_failed');
    for (const [key, value] of Object.entries(ClearstoneAttributes))
      if (shared[key] !== undefined) expect([key, value]).toEqual([key, shared[key]]);
    expect(ClearstoneEvents).toEqual({ POLICY_DECISION: observability.ClearstoneEvents.POLICY_DECISION });
    expect(ClearstoneEvents.POLICY_DECISION).toBe('clearstone.policy.decision');
    expect(
      [GenAiAttributes, GenAiOperations, ClearstoneAttributes, ClearstoneEvents].every((names) =>
        Object.isFrozen(names),
      ),
    ).toBe(true);
  });
});
