import type { PolicyNames } from './policy-name';

/** What a scaffolded policy file is made from. */
export interface TemplateInput extends PolicyNames {
  priority: number;
  /** Plain JavaScript (ES module with JSDoc types) instead of TypeScript. */
  javascript: boolean;
  /**
   * The files are ES modules (`"type": "module"` in the nearest package.json): relative imports
   * then name the `.js` file, as Node.js and TypeScript's `nodenext` require.
   */
  esm: boolean;
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function docComment(input: TemplateInput): string {
  return `/**
 * Policy ${input.policyName} (priority ${input.priority}; higher priorities run first).
 *
 * TODO: Describe what this policy does, and when it blocks, pauses or alerts.
 *
 * Context metadata this policy reads (set by your integration or with \`withMetadata\`):
 *
 * | Key        | Type     | Meaning                                   |
 * | ---------- | -------- | ----------------------------------------- |
 * | \`userRole\` | \`string\` | TODO: role of the user the agent acts for |
 * | \`toolName\` | \`string\` | TODO: tool the agent is about to call     |
 */`;
}

function body(input: TemplateInput, contextParameter: string): string {
  return `export const ${input.exportName} = Policy(
  {
    name: ${quote(input.policyName)},
    priority: ${input.priority},
    description: 'TODO: Describe what this policy does.',
  },
  (${contextParameter}) => {
    const { userRole, toolName } = ctx.metadata;
    // TODO: Replace this example rule with the policy's own logic.
    if (userRole === 'guest' && typeof toolName === 'string' && toolName.startsWith('delete')) {
      return BLOCK(\`Guests may not call '\${toolName}'\`);
    }
    return ALLOW;
  },
);

export default ${input.exportName};
`;
}

/** Source of a new policy file: a registered `Policy` with a TODO description and a metadata table. */
export function renderPolicyFile(input: TemplateInput): string {
  if (input.javascript) {
    return `// @ts-check
import { ALLOW, BLOCK } from '@clearstone/core';
import { Policy } from '@clearstone/policy';

${docComment(input)}
${body(input, 'ctx')}`;
  }
  return `import { ALLOW, BLOCK } from '@clearstone/core';
import type { PolicyContext } from '@clearstone/core';
import { Policy } from '@clearstone/policy';

${docComment(input)}
${body(input, 'ctx: PolicyContext')}`;
}

/**
 * Source of the matching test file (Jest with ts-jest or babel; Vitest with `globals: true`). It
 * imports the policy as `./name.js` in an ES module package and in JavaScript, `./name` otherwise,
 * so that it compiles in both kinds of project (TS2835 is `nodenext` refusing an extensionless
 * import in an ES module) and Jest resolves it in a CommonJS one without any mapping.
 */
export function renderTestFile(input: TemplateInput): string {
  const importPath = input.javascript || input.esm ? `./${input.fileBase}.js` : `./${input.fileBase}`;
  return `import { ActionType, createContext } from '@clearstone/core';
import { ${input.exportName} } from ${quote(importPath)};

function contextFor(metadata${input.javascript ? '' : ': Record<string, unknown>'}) {
  return createContext({ userId: 'user-1', agentId: 'agent-1', metadata });
}

describe(${quote(input.policyName)}, () => {
  it('carries its name and priority', () => {
    expect(${input.exportName}.policyInfo).toMatchObject({ name: ${quote(input.policyName)}, priority: ${input.priority} });
  });

  it('allows an ordinary tool call', async () => {
    const decision = await ${input.exportName}(contextFor({ userRole: 'member', toolName: 'search' }));
    expect(decision.action).toBe(ActionType.ALLOW);
  });

  it('blocks a guest calling a delete tool (the example rule)', async () => {
    const decision = await ${input.exportName}(contextFor({ userRole: 'guest', toolName: 'delete_records' }));
    expect(decision.action).toBe(ActionType.BLOCK);
  });

  // TODO: Add the cases that define this policy.
});
`;
}
