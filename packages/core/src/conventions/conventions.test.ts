import {
  ATTR_CLEARSTONE_COST_USD,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ClearstoneAttributes,
  GenAiAttributes,
} from './index';

describe('attribute name conventions', () => {
  it('use the OpenTelemetry GenAI names and the clearstone namespace', () => {
    expect(ATTR_GEN_AI_OPERATION_NAME).toBe('gen_ai.operation.name');
    expect(ATTR_GEN_AI_TOOL_CALL_ID).toBe('gen_ai.tool.call.id');
    expect(ATTR_CLEARSTONE_COST_USD).toBe('clearstone.cost.usd');
    expect(Object.values(GenAiAttributes).every((name) => name.startsWith('gen_ai.'))).toBe(true);
    expect(Object.values(ClearstoneAttributes).every((name) => name.startsWith('clearstone.'))).toBe(true);
    expect(Object.isFrozen(GenAiAttributes)).toBe(true);
  });
});
