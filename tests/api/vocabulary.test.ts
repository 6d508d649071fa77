// One vocabulary: span attribute and event names live in @clearstone/core (its conventions module:
// GenAiAttributes, ClearstoneAttributes, ClearstoneEvents, LegacyAttributes) and every other
// package reads and writes them through those constants and the span facts (toolNameOf, usageOf,
// costOf, policyDecisionsOf, …), never as string literals. This test parses every non-test source
// file under packages/*/src and fails on a string or template literal that starts with `gen_ai.` or
// `clearstone.`, or names the Python SDK's legacy `tool.name` / `llm.cost*`, listing file:line.
// Comments are not literals, so documentation may still spell the names out.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const repoRoot = path.resolve(__dirname, '../..');
const packagesDir = path.join(repoRoot, 'packages');

/** Where the names are defined: the only place they may be spelled out. */
const CONVENTIONS_DIR = path.join('packages', 'core', 'src', 'conventions');

const SOURCE_FILE = /\.(c|m)?(t|j)sx?$/;
const TEST_FILE = /\.(test|spec)\.(c|m)?(t|j)sx?$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '__tests__', '__mocks__', '__fixtures__']);

/** Every non-test source file under packages/*\/src, outside the conventions module. */
function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && path.relative(repoRoot, full) !== CONVENTIONS_DIR) walk(full);
      } else if (SOURCE_FILE.test(entry.name) && !TEST_FILE.test(entry.name)) {
        files.push(full);
      }
    }
  };
  for (const pkg of readdirSync(packagesDir, { withFileTypes: true })) {
    if (!pkg.isDirectory()) continue;
    const src = path.join(packagesDir, pkg.name, 'src');
    try {
      walk(src);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return files.sort();
}

/** True for text that names a span attribute or event: `gen_ai.*`, `clearstone.*`, or a legacy name. */
export function isVocabularyName(text: string): boolean {
  return (
    text.startsWith('gen_ai.') || text.startsWith('clearstone.') || text === 'tool.name' || text.startsWith('llm.cost')
  );
}

/**
 * Literals in the `clearstone.` namespace that are not attribute or event names: error brand
 * markers (`clearstone.error`, `clearstone.error.<Class>`) and symbol descriptions and registry
 * keys (`Symbol('clearstone.…')`, `Symbol.for('clearstone.…')`).
 */
function isExempt(node: ts.Node, text: string): boolean {
  if (text === 'clearstone.error' || text.startsWith('clearstone.error.')) return true;
  const call = node.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== node) return false;
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text === 'Symbol';
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Symbol' &&
    callee.name.text === 'for'
  );
}

interface Finding {
  /** `path/from/repo/root.ts:line`. */
  at: string;
  /** The literal's text (a template literal's text before its first substitution). */
  literal: string;
}

/** The literals of `file` that spell out a vocabulary name. */
function findingsIn(file: string): Finding[] {
  const text = readFileSync(file, 'utf8');
  const kind = /\.(c|m)?jsx?$/.test(file)
    ? ts.ScriptKind.JS
    : file.endsWith('x')
      ? ts.ScriptKind.TSX
      : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const findings: Finding[] = [];
  const visit = (node: ts.Node): void => {
    let literal: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    else if (ts.isTemplateExpression(node)) literal = node.head.text;
    if (literal !== undefined && isVocabularyName(literal) && !isExempt(node, literal)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      findings.push({ at: `${path.relative(repoRoot, file)}:${line + 1}`, literal });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

describe('one vocabulary', () => {
  it('recognises attribute and event names, and only those', () => {
    for (const name of ['gen_ai.tool.name', 'clearstone.cost.usd', 'clearstone.policy ', 'tool.name', 'llm.cost_usd'])
      expect({ name, flagged: isVocabularyName(name) }).toEqual({ name, flagged: true });
    for (const name of ['clearstone', 'clearstone traces list', 'tool.names', 'input.value', 'gen_ai'])
      expect({ name, flagged: isVocabularyName(name) }).toEqual({ name, flagged: false });
  });

  it('finds literals in code, not in comments, and exempts error markers and Symbol.for keys', () => {
    const sample = [
      "// 'gen_ai.tool.name' in a comment",
      '/** `clearstone.cost.usd` in JSDoc */',
      "const a = span.attributes['gen_ai.usage.input_tokens'];",
      'const b = `clearstone.policy ${kind}`;',
      "const marker = 'clearstone.error.CliError';",
      "const key = Symbol.for('clearstone.context.storage');",
      "const NEEDS_V8 = Symbol('clearstone.serialization.needsV8');",
      "const c = { 'llm.cost': 1 };",
    ].join('\n');
    const source = ts.createSourceFile('sample.ts', sample, ts.ScriptTarget.Latest, true);
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
      const literal = ts.isStringLiteral(node) ? node.text : ts.isTemplateExpression(node) ? node.head.text : undefined;
      if (literal !== undefined && isVocabularyName(literal) && !isExempt(node, literal)) found.push(literal);
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(found).toEqual(['gen_ai.usage.input_tokens', 'clearstone.policy ', 'llm.cost']);
  });

  it('no source file outside @clearstone/core conventions spells out an attribute or event name', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((file) => file.includes(`${path.sep}conventions${path.sep}`) && file.includes('core'))).toBe(
      false,
    );
    const findings = files.flatMap(findingsIn);
    const report = findings.map(({ at, literal }) => `${at}: '${literal}'`).join('\n');
    expect(report).toBe('');
  });
});
