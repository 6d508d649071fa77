// The public API of every publishable package is documented: each symbol exported from a package
// entry point (every `exports` subpath of its package.json) has a JSDoc comment, as do the public
// members declared in exported classes, interfaces and object type aliases. Members that carry no
// comment of their own but implement or override a documented member of a base class or interface
// inherit its documentation and pass. Every package also has a README with a runnable example.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const repoRoot = path.resolve(__dirname, '../..');
const packagesDir = path.join(repoRoot, 'packages');

const PACKAGES = [
  'core',
  'policy',
  'policy-redis',
  'observability',
  'testing',
  'debugging',
  'langchain',
  'cli',
  'viewer',
];

/**
 * Temporary: undocumented members in packages/testing/src/backtest, left out of this check until
 * that code is documented. A name listed here that has a comment fails the test, so the list can
 * only shrink; delete it once empty.
 */
const TEMPORARILY_UNDOCUMENTED: Record<string, readonly string[]> = {
  testing: [
    'BacktestComparison.candidate',
    'BacktestResultInit.blockedRuns',
    'BacktestResultInit.byPolicy',
    'BacktestResultInit.callsEvaluated',
    'BacktestSummary.byPolicy',
    'BlockedRun.eventType',
    'BlockedRun.model',
    'BlockedRun.reason',
    'BlockedRun.spanId',
    'BlockedRun.spanName',
    'BlockedRun.toolName',
    'BlockedRun.traceId',
    'EngineLike.evaluate',
    'EngineLike.evaluateSync',
    'EngineLike.policies',
    'RunTotals.inputTokens',
    'RunTotals.llmCallCount',
    'RunTotals.outputTokens',
    'RunTotals.sessionCost',
    'RunTotals.tokensUsed',
    'RunTotals.toolCallCount',
  ],
};

interface Entry {
  /** Package directory name, e.g. `policy`. */
  pkg: string;
  /** Import specifier, e.g. `@clearstone/policy/builtins`. */
  specifier: string;
  /** Absolute path of the TypeScript source of the entry point. */
  source: string;
}

/** Maps an `exports` target such as `./dist/builtins/index.d.ts` to its TypeScript source. */
function sourceOf(pkgDir: string, target: string): string {
  const stem = target.replace(/^\.\/dist\//, '').replace(/(\.d)?\.(c|m)?(js|ts)$/, '');
  const candidates = [`src/${stem}.ts`, `src/${stem}/index.ts`].map((file) => path.join(pkgDir, file));
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`no source for ${target} in ${pkgDir} (tried ${candidates.join(', ')})`);
  return found;
}

/** Every string target below an `exports` condition object. */
function targetsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(targetsOf);
  return [];
}

function entriesOf(pkg: string): Entry[] {
  const pkgDir = path.join(packagesDir, pkg);
  const manifest = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, unknown>;
  };
  const entries: Entry[] = [];
  for (const [subpath, value] of Object.entries(manifest.exports)) {
    const targets = targetsOf(value).filter((target) => target.startsWith('./dist/'));
    if (targets.length === 0) continue; // ./package.json
    const sources = [...new Set(targets.map((target) => sourceOf(pkgDir, target)))];
    if (sources.length !== 1) throw new Error(`${manifest.name} ${subpath} maps to ${sources.join(', ')}`);
    entries.push({ pkg, specifier: path.posix.join(manifest.name, subpath), source: sources[0] });
  }
  return entries;
}

const entries = PACKAGES.flatMap(entriesOf);

const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  resolveJsonModule: true,
  esModuleInterop: true,
  types: ['node'],
};

// One program over every entry point; imports between packages resolve to their sources.
const program = ts.createProgram(
  entries.map((entry) => entry.source),
  {
    ...compilerOptions,
    baseUrl: repoRoot,
    paths: Object.fromEntries(entries.map((entry) => [entry.specifier, [path.relative(repoRoot, entry.source)]])),
  },
);

function isPublicMember(member: ts.ClassElement | ts.TypeElement): boolean {
  if (ts.isConstructorDeclaration(member) || ts.isClassStaticBlockDeclaration(member)) return false;
  if (ts.isIndexSignatureDeclaration(member) || ts.isSemicolonClassElement(member)) return false;
  if (ts.isCallSignatureDeclaration(member) || ts.isConstructSignatureDeclaration(member)) return false;
  if (member.name && ts.isPrivateIdentifier(member.name)) return false;
  const flags = ts.getCombinedModifierFlags(member);
  return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0;
}

/** The public members declared in a class, an interface or an object type alias. */
function membersOf(declaration: ts.Declaration): ReadonlyArray<ts.ClassElement | ts.TypeElement> {
  if (ts.isClassDeclaration(declaration) || ts.isInterfaceDeclaration(declaration))
    return declaration.members.filter(isPublicMember);
  if (ts.isTypeAliasDeclaration(declaration) && ts.isTypeLiteralNode(declaration.type)) {
    return declaration.type.members.filter(isPublicMember);
  }
  return [];
}

function location(node: ts.Node): string {
  const file = node.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(node.getStart());
  return `${path.relative(repoRoot, file.fileName)}:${line + 1}`;
}

/**
 * The undocumented public API reachable from `sources` (entry points of `checkedProgram`), as a map
 * from `Name` or `Name.member` to where it is declared. Declarations outside `ownRoot` (symbols
 * re-exported from dependencies) are not checked.
 */
function undocumentedExports(
  checkedProgram: ts.Program,
  sources: readonly string[],
  ownRoot: string,
): Map<string, string> {
  const checker = checkedProgram.getTypeChecker();
  const isDocumented = (symbol: ts.Symbol): boolean =>
    ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim().length > 0;
  const missing = new Map<string, string>();
  const seen = new Set<ts.Symbol>();
  for (const source of sources) {
    const file = checkedProgram.getSourceFile(source);
    const moduleSymbol = file && checker.getSymbolAtLocation(file);
    if (!moduleSymbol) throw new Error(`cannot read the exports of ${source}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (seen.has(symbol)) continue;
      seen.add(symbol);
      const declarations = (symbol.getDeclarations() ?? []).filter((declaration) => {
        const fileName = declaration.getSourceFile().fileName;
        return fileName.startsWith(ownRoot + path.sep) && !fileName.includes('/node_modules/');
      });
      if (declarations.length === 0) continue;
      const name = exported.getName();
      if (!isDocumented(symbol)) missing.set(name, location(declarations[0]));
      for (const declaration of declarations) {
        for (const member of membersOf(declaration)) {
          const memberSymbol = member.name && checker.getSymbolAtLocation(member.name);
          if (memberSymbol && !isDocumented(memberSymbol))
            missing.set(`${name}.${member.name.getText()}`, location(member));
        }
      }
    }
  }
  return missing;
}

const fixture = path.join(__dirname, 'fixtures', 'api.ts');

describe('JSDoc on the public API', () => {
  it('finds the entry points of every package', () => {
    expect(entries.map((entry) => entry.specifier)).toEqual(
      expect.arrayContaining([
        '@clearstone/policy/builtins',
        '@clearstone/testing/jest',
        '@clearstone/langchain/middleware',
      ]),
    );
    for (const pkg of PACKAGES) expect(entries.some((entry) => entry.pkg === pkg)).toBe(true);
  });

  it('reports what lacks a comment and nothing else', () => {
    const fixtureProgram = ts.createProgram([fixture], compilerOptions);
    const missing = undocumentedExports(fixtureProgram, [fixture], path.dirname(fixture));
    expect([...missing.keys()].sort()).toEqual([
      'Bare',
      'BareClass',
      'Documented.bare',
      'DocumentedClass.bare',
      'DocumentedClass.bareMethod',
      'Shape.bare',
      'bareConst',
      'bareFunction',
      'renamedBare',
    ]);
  });

  it.each(PACKAGES)('every exported symbol of @clearstone/%s is documented', (pkg) => {
    const sources = entries.filter((entry) => entry.pkg === pkg).map((entry) => entry.source);
    const missing = undocumentedExports(program, sources, path.join(packagesDir, pkg));
    const known = TEMPORARILY_UNDOCUMENTED[pkg] ?? [];
    const unexpected = [...missing.keys()].filter((name) => !known.includes(name)).sort();
    const nowDocumented = known.filter((name) => !missing.has(name));
    const problems: string[] = [];
    if (unexpected.length > 0) {
      const lines = unexpected.map((name) => `${name}  (${missing.get(name)})`);
      problems.push(`${unexpected.length} undocumented in @clearstone/${pkg}:\n  ${lines.join('\n  ')}`);
    }
    if (nowDocumented.length > 0) {
      problems.push(`documented now, remove from TEMPORARILY_UNDOCUMENTED.${pkg}:\n  ${nowDocumented.join('\n  ')}`);
    }
    if (problems.length > 0) throw new Error(problems.join('\n'));
  });
});

describe('package READMEs', () => {
  const dirs = readdirSync(packagesDir, { withFileTypes: true })
    .filter((dirent) => dirent.isDirectory() && existsSync(path.join(packagesDir, dirent.name, 'package.json')))
    .map((dirent) => dirent.name);

  it('covers every package of packages/', () => {
    expect([...dirs].sort()).toEqual([...PACKAGES].sort());
  });

  it.each(dirs)('packages/%s has a README.md with an example', (dir) => {
    const readme = path.join(packagesDir, dir, 'README.md');
    expect(existsSync(readme)).toBe(true);
    const fence = dir === 'cli' ? /^```(sh|ts)\s*$/m : /^```ts\s*$/m;
    expect(readFileSync(readme, 'utf8')).toMatch(fence);
  });
});
