import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTR_CLEARSTONE_COST_USD, ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_TOOL_CALL_ID, ClearstoneAttributes, ClearstoneEvents, GenAiAttributes, GenAiOperations, LegacyAttributes } from './index';

const ourGroups: Record<string, Readonly<Record<string, string>>> = { GenAiAttributes, GenAiOperations, ClearstoneAttributes, ClearstoneEvents, LegacyAttributes };

/** `group.KEY = 'value'` entries of the frozen name objects in a package's own conventions file (read as text). */
function namesIn(path: string): Array<[string, string, string]> {
  const entries: Array<[string, string, string]> = [];
  for (const [, group, body] of readFileSync(path, 'utf8').matchAll(/export const (\w+) = Object\.freeze\(\{([\s\S]*?)\}\)/g)) {
    for (const [, key, value] of body!.matchAll(/^\s*(\w+): '([^']+)'/gm)) entries.push([group!, key!, value!]);
  }
  return entries;
}

// The LangChain and testing packages carry their own copies of these names until they import this
// module; every name they write or read must exist here under the same key with the same value.
const copies = ['langchain', 'testing'].map((name) => [name, join(__dirname, `../../../${name}/src/conventions.ts`)] as const).filter(([, path]) => existsSync(path));

describe('attribute name conventions', () => {
  (copies.length > 0 ? it.each(copies) : it.skip.each([['(no copies left)', '']]))('contain every name of the %s package, under the same key', (_name, path) => {
    const theirs = namesIn(path);
    expect(theirs.length).toBeGreaterThan(5);
    for (const [group, key, value] of theirs) expect([group, key, ourGroups[group]?.[key]]).toEqual([group, key, value]);
  });

  it('use the OpenTelemetry GenAI names and the clearstone namespace', () => {
    expect(ATTR_GEN_AI_OPERATION_NAME).toBe('gen_ai.operation.name');
    expect(ATTR_GEN_AI_TOOL_CALL_ID).toBe('gen_ai.tool.call.id');
    expect(ATTR_CLEARSTONE_COST_USD).toBe('clearstone.cost.usd');
    expect(Object.values(GenAiAttributes).every((name) => name.startsWith('gen_ai.'))).toBe(true);
    expect(Object.values(ClearstoneAttributes).every((name) => name.startsWith('clearstone.'))).toBe(true);
    expect(Object.isFrozen(GenAiAttributes)).toBe(true);
  });
});
