import * as core from '@clearstone/core';
import * as observability from '@clearstone/observability';
import { ClearstoneAttributes, ClearstoneEvents, GenAiAttributes, GenAiOperations } from '../src';

describe('attribute name conventions', () => {
  it('are the one vocabulary of @clearstone/core, not a copy', () => {
    expect(GenAiAttributes).toBe(core.GenAiAttributes);
    expect(GenAiOperations).toBe(core.GenAiOperations);
    expect(ClearstoneAttributes).toBe(core.ClearstoneAttributes);
    expect(ClearstoneEvents).toBe(core.ClearstoneEvents);
    expect(observability.GenAiAttributes).toBe(core.GenAiAttributes);
    expect(observability.ClearstoneAttributes).toBe(core.ClearstoneAttributes);
  });

  it('follow the OpenTelemetry GenAI names and keep Clearstone names under clearstone.*', () => {
    expect(GenAiAttributes).toMatchObject({
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
    expect(GenAiOperations).toMatchObject({
      CHAT: 'chat',
      TEXT_COMPLETION: 'text_completion',
      EXECUTE_TOOL: 'execute_tool',
      INVOKE_AGENT: 'invoke_agent',
      RETRIEVAL: 'retrieval',
      CHAIN: 'chain',
    });
    for (const value of Object.values(ClearstoneAttributes)) expect(value.startsWith('clearstone.')).toBe(true);
    expect(ClearstoneEvents.POLICY_DECISION).toBe('clearstone.policy.decision');
  });
});
