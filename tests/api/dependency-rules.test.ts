// The dependency rules of ARCHITECTURE.md hold: the table under "Dependency rules" says which
// packages each publishable package may depend on, and this test reads it and checks every
// package against it — its package.json (`dependencies`, `peerDependencies` and their
// optionality) and the imports of its sources. Optional peers marked "types only" may be imported
// with `import type` alone. No package names the CLI or a private workspace, devDependencies
// included.
import { builtinModules } from 'node:module';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const repoRoot = path.resolve(__dirname, '../..');
const architecture = readFileSync(path.join(repoRoot, 'ARCHITECTURE.md'), 'utf8');

interface Manifest {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface PeerRule {
  optional: boolean;
  typesOnly: boolean;
}

interface Rule {
  dependencies: Set<string>;
  peers: Map<string, PeerRule>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The rows of the table in ARCHITECTURE.md's "Dependency rules" section. */
function parseRules(): Map<string, Rule> {
  const section = architecture.split(/^## /m).find((part) => part.startsWith('Dependency rules'));
  if (section === undefined) throw new Error('ARCHITECTURE.md has no "## Dependency rules" section');
  const rules = new Map<string, Rule>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    // | `@clearstone/x` | deps | peers |  →  ['', name, deps, peers, '']
    if (cells.length !== 5 || !/^`@clearstone\/[a-z-]+`$/.test(cells[1])) continue;
    const names = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
    const peers = new Map<string, PeerRule>();
    for (const match of cells[3].matchAll(/`([^`]+)`(?:\s*\(([^)]*)\))?/g)) {
      const note = match[2] ?? '';
      peers.set(match[1], { optional: /\boptional\b/.test(note), typesOnly: /\btypes only\b/.test(note) });
    }
    rules.set(cells[1].replace(/`/g, ''), { dependencies: new Set(names(cells[2])), peers });
  }
  return rules;
}

function workspaceDirs(): string[] {
  const dirs: string[] = [];
  for (const parent of ['packages', 'apps', 'tests']) {
    const full = path.join(repoRoot, parent);
    if (!existsSync(full)) continue;
    for (const name of readdirSync(full)) dirs.push(path.join(full, name));
  }
  dirs.push(path.join(repoRoot, 'examples'), path.join(repoRoot, 'benchmarks'));
  return dirs.filter((dir) => existsSync(path.join(dir, 'package.json')));
}

/** The package a bare import specifier names (`@scope/name/sub` → `@scope/name`), or undefined. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtinModules.includes(name) ? undefined : name;
}

interface SourceImport {
  file: string;
  pkg: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === '__tests__' || name === 'fixtures' ? [] : sourceFiles(full);
    return /\.(ts|tsx|mts|cts)$/.test(name) && !/\.(test|spec)\.[cm]?tsx?$/.test(name) ? [full] : [];
  });
}

/** Every package imported by the sources of a package (not its tests), and whether only for types. */
function importsOf(pkgDir: string): SourceImport[] {
  const found: SourceImport[] = [];
  for (const file of sourceFiles(path.join(pkgDir, 'src'))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const add = (specifier: ts.Expression | undefined, typeOnly: boolean) => {
      if (specifier === undefined || !ts.isStringLiteralLike(specifier)) return;
      const pkg = packageOf(specifier.text);
      if (pkg !== undefined) found.push({ file: path.relative(repoRoot, file), pkg, typeOnly });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        const named = clause?.namedBindings;
        const onlyTypeElements =
          clause !== undefined &&
          clause.name === undefined &&
          named !== undefined &&
          ts.isNamedImports(named) &&
          named.elements.length > 0 &&
          named.elements.every((element) => element.isTypeOnly);
        add(node.moduleSpecifier, clause?.isTypeOnly === true || onlyTypeElements);
      } else if (ts.isExportDeclaration(node)) {
        add(node.moduleSpecifier, node.isTypeOnly);
      } else if (ts.isImportTypeNode(node)) {
        const argument = node.argument;
        if (ts.isLiteralTypeNode(argument)) add(argument.literal, true);
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        add(node.arguments[0], false);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

const rules = parseRules();
const packages = workspaceDirs()
  .filter((dir) => path.basename(path.dirname(dir)) === 'packages')
  .map((dir) => ({ dir, manifest: readManifest(dir) }))
  .filter(({ manifest }) => manifest.private !== true);
const privateNames = workspaceDirs()
  .map(readManifest)
  .filter((manifest) => manifest.private === true)
  .map((manifest) => manifest.name);

test('ARCHITECTURE.md has a rule for every publishable package, and only for those', () => {
  expect([...rules.keys()].sort()).toEqual(packages.map(({ manifest }) => manifest.name).sort());
});

describe.each(packages.map(({ dir, manifest }) => [manifest.name, dir, manifest] as const))(
  '%s',
  (name, dir, manifest) => {
    const rule = rules.get(name);

    test('depends only on what ARCHITECTURE.md allows', () => {
      if (rule === undefined) throw new Error(`no rule for ${name} in ARCHITECTURE.md`);
      const outside = Object.keys(manifest.dependencies ?? {}).filter((dep) => !rule.dependencies.has(dep));
      expect({ dependencies: outside }).toEqual({ dependencies: [] });
    });

    test('has only the peers ARCHITECTURE.md allows, optional where it says so', () => {
      if (rule === undefined) throw new Error(`no rule for ${name} in ARCHITECTURE.md`);
      const problems: string[] = [];
      for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
        const allowed = rule.peers.get(peer);
        const optional = manifest.peerDependenciesMeta?.[peer]?.optional === true;
        if (allowed === undefined) problems.push(`${peer} is not an allowed peer`);
        else if (allowed.optional !== optional) {
          problems.push(`${peer} is ${optional ? '' : 'not '}optional in package.json, ARCHITECTURE.md says otherwise`);
        }
      }
      expect(problems).toEqual([]);
    });

    test('never depends on the CLI or a private workspace', () => {
      const all = [manifest.dependencies, manifest.devDependencies, manifest.peerDependencies].flatMap((deps) =>
        Object.keys(deps ?? {}),
      );
      const forbidden = all.filter((dep) => privateNames.includes(dep) || (dep === '@clearstone/cli' && name !== dep));
      expect(forbidden).toEqual([]);
    });

    test('its sources import only what it depends on (optional "types only" peers with import type)', () => {
      if (rule === undefined) throw new Error(`no rule for ${name} in ARCHITECTURE.md`);
      const declared = new Set([
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
      ]);
      const problems = importsOf(dir).flatMap(({ file, pkg, typeOnly }) => {
        if (pkg === name) return [];
        if (!declared.has(pkg)) return [`${file} imports ${pkg}, which is not a dependency or peer of ${name}`];
        if (rule.peers.get(pkg)?.typesOnly === true && !typeOnly) {
          return [`${file} imports ${pkg} for more than types (it is an optional peer, types only)`];
        }
        return [];
      });
      expect([...new Set(problems)]).toEqual([]);
    });
  },
);
