#!/usr/bin/env node
// Public API check: fails when the public API of a publishable package changed and no changeset
// says so. Run by `npm test -- --checks` (CI) after the build; builds nothing itself.
//
// For every package under packages/* that is not private, each entry point in the `exports` of
// its package.json (the `types` file of the `import` condition, dist/**/*.d.ts) is read with the
// TypeScript compiler and written out as text: every exported symbol with its declaration, the
// declarations they refer to that the package does not export, and the names they take from other
// modules. Comments, source-map lines and formatting are dropped, blocks are sorted by name, and
// tsup's hashed chunk names and their one-letter aliases are resolved, so only a change of the API
// itself shows. The text is compared with the snapshot committed at packages/<dir>/api/<entry>.api.txt
// (`index` for ".", `middleware` for "./middleware"). A package whose API differs passes only when
// a changeset in .changeset/*.md names it (`"@clearstone/x": patch|minor|major`).
//
// Run `node scripts/check-api.mjs --help` for the options and the steps to fix a failure.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const HELP = `Usage: node scripts/check-api.mjs [--update] [--base <git-ref>] [--root <dir>]

Compares the public API of every publishable package (packages/*, not private), read from the
built .d.ts entry points listed in its package.json "exports", with the snapshots committed in
packages/<dir>/api/<entry>.api.txt. Build first: pnpm turbo run build.

A package whose API differs from its snapshot passes only when a changeset in .changeset/*.md
names it. When the check fails:
  1. pnpm changeset                        pick the package, the bump (patch, minor, major) and
                                           describe the change for its CHANGELOG
  2. node scripts/check-api.mjs --update   record the new API in packages/<dir>/api/
  3. commit both, the changeset and the updated snapshots

Options:
  --update        rewrite the snapshots from the current build (and delete those of entry points
                  that are gone); always exits 0 once the build could be read
  --base <ref>    also count a package as changed when its committed snapshots differ from those
                  at <ref> (for a pull request: --base origin/main), so a snapshot updated without
                  a changeset still fails
  --root <dir>    repository to check (default: this script's repository)
  --help          show this text

Exit status: 0 no unannounced change (or snapshots updated), 1 an API changed without a changeset
or a package is not built, 2 wrong usage.`;

const FIX_STEPS = [
  'To fix it:',
  '  1. pnpm changeset                       (pick the package, the bump and describe the change)',
  '  2. node scripts/check-api.mjs --update  (record the new API in packages/<dir>/api/)',
  '  3. commit the changeset and the updated snapshots',
];

/** Lines of the diff shown per changed entry point before it is cut short. */
const MAX_DIFF_LINES = 30;

class UsageError extends Error {}

function parseArgs(argv) {
  const options = {
    root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
    update: false,
    base: null,
    help: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      i += 1;
      return next;
    };
    if (arg === '--update') options.update = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--root') options.root = path.resolve(value());
    else if (arg === '--base') options.base = value();
    else if (arg.startsWith('--root=')) options.root = path.resolve(arg.slice('--root='.length));
    else if (arg.startsWith('--base=')) options.base = arg.slice('--base='.length);
    else throw new UsageError(`unknown argument: ${arg}`);
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Packages and entry points

/** Every package under <root>/packages that is not private, sorted by directory. */
function publishablePackages(root) {
  const packagesDir = path.join(root, 'packages');
  if (!existsSync(packagesDir)) return [];
  const packages = [];
  for (const entry of readdirSync(packagesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(packagesDir, entry.name);
    const manifestPath = path.join(dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.private === true) continue;
    packages.push({ dirName: entry.name, dir, name: manifest.name, manifest });
  }
  return packages.sort((a, b) => compare(a.dirName, b.dirName));
}

const DTS = /\.d\.(c|m)?ts$/;

/** The declaration file of one `exports` value: the `import` condition first, then `types`. */
function typesTarget(value) {
  if (typeof value === 'string') return DTS.test(value) ? value : null;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  const ordered = [
    ...['import', 'types', 'default'].filter((key) => keys.includes(key)),
    ...keys.filter((key) => !['import', 'types', 'default'].includes(key)),
  ];
  for (const key of ordered) {
    const found = typesTarget(value[key]);
    if (found) return found;
  }
  return null;
}

/** `index` for ".", `middleware` for "./middleware", `a-b` for "./a/b". */
function entryName(subpath) {
  const trimmed = subpath.replace(/^\.\/?/, '');
  return trimmed === '' ? 'index' : trimmed.replace(/\//g, '-');
}

/** Entry points of a package: subpath, snapshot name, import specifier and declaration file. */
function entryPoints(pkg) {
  const { manifest } = pkg;
  const entries = [];
  if (manifest.exports && typeof manifest.exports === 'object' && !Array.isArray(manifest.exports)) {
    const hasSubpaths = Object.keys(manifest.exports).some((key) => key.startsWith('.'));
    const map = hasSubpaths ? manifest.exports : { '.': manifest.exports };
    for (const [subpath, value] of Object.entries(map)) {
      if (subpath.includes('*')) continue; // patterns name no single entry point
      const target = typesTarget(value);
      if (!target) continue; // ./package.json
      entries.push({ subpath, target });
    }
  } else {
    const target = typesTarget(manifest.exports) ?? manifest.types ?? manifest.typings;
    if (target) entries.push({ subpath: '.', target });
  }
  return entries
    .map(({ subpath, target }) => ({
      subpath,
      name: entryName(subpath),
      specifier: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`,
      file: path.join(pkg.dir, target),
      target,
    }))
    .sort((a, b) => compare(a.name, b.name));
}

// ---------------------------------------------------------------------------------------------
// API text of one entry point

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

/** Resolves only relative imports between the package's own declaration files. */
function resolveRelative(specifier, containingFile) {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(containingFile), specifier);
  const candidates = [
    base
      .replace(/\.js$/, '.d.ts')
      .replace(/\.cjs$/, '.d.cts')
      .replace(/\.mjs$/, '.d.mts'),
    `${base}.d.ts`,
    path.join(base, 'index.d.ts'),
    base,
  ];
  const found = candidates.find((file) => DTS.test(file) && existsSync(file));
  if (!found) return undefined;
  const extension = found.endsWith('.d.cts')
    ? ts.Extension.Dcts
    : found.endsWith('.d.mts')
      ? ts.Extension.Dmts
      : ts.Extension.Dts;
  return { resolvedFileName: found, extension, isExternalLibraryImport: false };
}

function isRelative(specifier) {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
}

/** A file name without tsup's content hash: `types-BDPo1e-E.d.ts` → `types.d.ts`. */
function stableFileName(fileName) {
  return path.basename(fileName).replace(/-[A-Za-z0-9_-]{8}(\.d\.(c|m)?ts)$/, '$1');
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The module specifier an alias declaration (import or export specifier) takes its name from. */
function aliasSource(declaration) {
  let node = declaration;
  while (node && !ts.isImportDeclaration(node) && !ts.isExportDeclaration(node)) {
    if (ts.isSourceFile(node) || ts.isExportAssignment(node)) return null;
    node = node.parent;
  }
  if (!node || !node.moduleSpecifier || !ts.isStringLiteral(node.moduleSpecifier)) return null;
  return node.moduleSpecifier.text;
}

/** The name an alias declaration imports or re-exports from its module. */
function importedName(declaration) {
  if (ts.isImportSpecifier(declaration) || ts.isExportSpecifier(declaration)) {
    return (declaration.propertyName ?? declaration.name).text;
  }
  if (ts.isImportClause(declaration)) return 'default';
  return '*';
}

function extractApi(entry, pkg) {
  const options = {
    noLib: true,
    types: [],
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  const host = ts.createCompilerHost(options, true);
  host.resolveModuleNameLiterals = (literals, containingFile) =>
    literals.map((literal) => ({ resolvedModule: resolveRelative(literal.text, containingFile) }));
  const program = ts.createProgram({ rootNames: [entry.file], options, host });
  const checker = program.getTypeChecker();
  const sourceFile = program.getSourceFile(entry.file);
  if (!sourceFile) throw new Error(`cannot read ${entry.file}`);
  const ownFile = (fileName) => path.resolve(fileName).startsWith(path.resolve(pkg.dir) + path.sep);

  /** Follows an alias chain to a local declaration, or stops at a module outside the package. */
  const resolve = (symbol) => {
    let current = symbol;
    for (let hops = 0; hops < 100 && current; hops += 1) {
      if (!(current.flags & ts.SymbolFlags.Alias)) return { local: current };
      const declaration = current.declarations?.[0];
      const from = declaration ? aliasSource(declaration) : null;
      if (from !== null && !isRelative(from)) return { external: from, name: importedName(declaration) };
      const next = checker.getImmediateAliasedSymbol(current);
      if (!next || next === current) return null;
      current = next;
    }
    return null;
  };

  const declarationsOf = (symbol) =>
    (symbol.declarations ?? [])
      .filter((declaration) => ownFile(declaration.getSourceFile().fileName))
      .map((declaration) => ({ declaration, file: stableFileName(declaration.getSourceFile().fileName) }))
      .sort((a, b) => compare(a.file, b.file) || a.declaration.pos - b.declaration.pos)
      .map(({ declaration }) => declaration);

  const print = (declaration) => {
    let node = declaration;
    if (
      ts.isVariableDeclaration(node) &&
      ts.isVariableDeclarationList(node.parent) &&
      node.parent.declarations.length === 1 &&
      ts.isVariableStatement(node.parent.parent)
    ) {
      node = node.parent.parent;
    }
    if (ts.isSourceFile(node)) return `module ${stableFileName(node.fileName)}`;
    const text = printer.printNode(ts.EmitHint.Unspecified, node, node.getSourceFile());
    // `export declare function f` and `declare function f; export { f }` are the same API.
    return text.replace(
      /^export (default )?(?=declare |interface |type |class |abstract |enum |namespace |const )/,
      '',
    );
  };

  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  const exported = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
  const exportedLocals = new Set();
  const blocks = [];
  const uses = new Set();
  const pending = [];

  for (const symbol of exported) {
    const name = symbol.name;
    const target = resolve(symbol);
    if (!target) {
      blocks.push({ key: name, text: `export ${name}: (unresolved)` });
    } else if (target.external) {
      const spec = target.name === name ? name : `${target.name} as ${name}`;
      blocks.push({ key: name, text: `export { ${spec} } from '${target.external}'` });
    } else {
      exportedLocals.add(target.local);
      const declaredAs =
        target.local.name !== name && target.local.name !== 'default' ? ` (declared as ${target.local.name})` : '';
      const declarations = declarationsOf(target.local);
      blocks.push({
        key: name,
        text: [`export ${name}${declaredAs}`, ...declarations.map(print)].join('\n'),
      });
      pending.push(...declarations);
    }
  }
  // `export * from 'other-module'` re-exports names this check cannot list: keep the statement.
  for (const statement of sourceFile.statements) {
    if (
      ts.isExportDeclaration(statement) &&
      !statement.exportClause &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      !isRelative(statement.moduleSpecifier.text)
    ) {
      blocks.push({ key: '*', text: `export * from '${statement.moduleSpecifier.text}'` });
    }
  }

  // Declarations the exported ones refer to: the package's own unexported types, and names taken
  // from other modules.
  const internals = new Map();
  const visitName = (identifier) => {
    const symbol = checker.getSymbolAtLocation(identifier);
    if (!symbol || symbol.flags & ts.SymbolFlags.TypeParameter) return;
    const target = resolve(symbol);
    if (!target) return;
    if (target.external) {
      uses.add(`${target.name} from '${target.external}'`);
      return;
    }
    if (exportedLocals.has(target.local) || internals.has(target.local)) return;
    const declarations = declarationsOf(target.local);
    if (declarations.length === 0) return;
    // Members and parameters are reached through their parents; only top-level names count.
    if (!declarations.some(isTopLevel)) return;
    internals.set(target.local, declarations);
    pending.push(...declarations);
  };
  const leftmost = (name) => {
    let node = name;
    while (ts.isQualifiedName(node) || ts.isPropertyAccessExpression(node)) {
      node = ts.isQualifiedName(node) ? node.left : node.expression;
    }
    return ts.isIdentifier(node) ? node : null;
  };
  const visit = (node) => {
    let identifier = null;
    if (ts.isTypeReferenceNode(node)) identifier = leftmost(node.typeName);
    else if (ts.isExpressionWithTypeArguments(node)) identifier = leftmost(node.expression);
    else if (ts.isTypeQueryNode(node)) identifier = leftmost(node.exprName);
    else if (ts.isComputedPropertyName(node)) identifier = leftmost(node.expression);
    if (identifier) visitName(identifier);
    ts.forEachChild(node, visit);
  };
  while (pending.length > 0) visit(pending.pop());

  for (const [symbol, declarations] of internals) {
    blocks.push({
      key: `~${symbol.name}`,
      text: [`internal ${symbol.name}`, ...declarations.map(print)].join('\n'),
    });
  }
  blocks.sort((a, b) => compare(a.key, b.key) || compare(a.text, b.text));
  const lines = [
    `# Public API of ${entry.specifier} (${entry.target})`,
    '# Written by `node scripts/check-api.mjs --update`; do not edit.',
    '',
    ...blocks.flatMap((block) => [block.text, '']),
  ];
  if (uses.size > 0) {
    lines.push(...[...uses].sort(compare).map((use) => `uses ${use}`), '');
  }
  return normalize(lines.join('\n'));
}

/** True for a declaration made at the top of its file (not a member, parameter or local). */
function isTopLevel(declaration) {
  let node = declaration;
  if (ts.isVariableDeclaration(node)) node = node.parent?.parent ?? node;
  return node.parent !== undefined && ts.isSourceFile(node.parent);
}

/** Line endings, trailing spaces, source-map comments and runs of blank lines. */
function normalize(text) {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''))
    .filter((line) => !/^\/\/# sourceMappingURL=/.test(line));
  const out = [];
  for (const line of lines) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Changesets and the base revision

/** Package name → changeset files (relative to root) that give it a patch, minor or major bump. */
function changesetsByPackage(root) {
  const dir = path.join(root, '.changeset');
  const named = new Map();
  if (!existsSync(dir)) return named;
  for (const file of readdirSync(dir).sort(compare)) {
    if (!file.endsWith('.md') || file.toLowerCase() === 'readme.md') continue;
    const text = readFileSync(path.join(dir, file), 'utf8').replace(/\r\n?/g, '\n');
    const match = /^---\n([\s\S]*?)\n---(\n|$)/.exec(text);
    if (!match) continue;
    for (const line of match[1].split('\n')) {
      const entry = /^\s*(["']?)([^"':\s]+)\1\s*:\s*(major|minor|patch)\s*$/.exec(line);
      if (!entry) continue;
      const files = named.get(entry[2]) ?? [];
      files.push(path.posix.join('.changeset', file));
      named.set(entry[2], files);
    }
  }
  return named;
}

/** The file at `ref`, or null when it does not exist there. */
function fileAtRef(root, ref, relativePath) {
  try {
    return execFileSync('git', ['show', `${ref}:./${relativePath.split(path.sep).join('/')}`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return null;
  }
}

function checkRef(root, ref) {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
      cwd: root,
      stdio: 'ignore',
    });
  } catch {
    throw new UsageError(`--base ${ref}: not a commit of the repository at ${root}`);
  }
}

// ---------------------------------------------------------------------------------------------
// What changed in an entry point, block by block (one block per exported or internal name)

function blocksOf(text) {
  const blocks = new Map();
  for (const block of text.split(/\n{2,}/)) {
    const trimmed = block.trim();
    if (trimmed === '' || trimmed.startsWith('# ')) continue;
    const header = trimmed.split('\n')[0];
    let key = header;
    for (let n = 2; blocks.has(key); n += 1) key = `${header} #${n}`;
    blocks.set(key, trimmed);
  }
  return blocks;
}

/** Lines of `before` and `after` marked `-`/`+`, in order (longest common subsequence). */
function lineDiff(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i += 1;
      j += 1;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.push(`+ ${b[j]}`);
      j += 1;
    } else {
      out.push(`- ${a[i]}`);
      i += 1;
    }
  }
  return out;
}

/** A short description of how an entry point's API text changed. */
function describeChange(committed, api) {
  if (committed === null) return ['no snapshot yet (new package or entry point)'];
  const before = blocksOf(committed);
  const after = blocksOf(api);
  const out = [];
  for (const [key, text] of after) {
    if (!before.has(key)) out.push(`added    ${key}`);
    else if (before.get(key) !== text) {
      out.push(`changed  ${key}`);
      out.push(...lineDiff(before.get(key), text).map((line) => `    ${line}`));
    }
  }
  for (const key of before.keys()) if (!after.has(key)) out.push(`removed  ${key}`);
  if (out.length === 0) out.push('formatting of the snapshot differs');
  if (out.length > MAX_DIFF_LINES) {
    return [...out.slice(0, MAX_DIFF_LINES), `… ${out.length - MAX_DIFF_LINES} more lines`];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
    if (options.help) {
      console.log(HELP);
      return 0;
    }
    if (options.base) checkRef(options.root, options.base);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`check-api: ${error.message}\n\n${HELP}`);
    return 2;
  }
  const { root } = options;
  const rel = (file) => path.relative(root, file).split(path.sep).join('/');

  const packages = publishablePackages(root);
  const notBuilt = [];
  const results = [];
  for (const pkg of packages) {
    const apiDir = path.join(pkg.dir, 'api');
    const entries = entryPoints(pkg);
    const changes = [];
    const snapshots = [];
    for (const entry of entries) {
      const snapshotPath = path.join(apiDir, `${entry.name}.api.txt`);
      snapshots.push(snapshotPath);
      if (!existsSync(entry.file)) {
        notBuilt.push(`${pkg.name}: ${rel(entry.file)} (${entry.subpath})`);
        continue;
      }
      const api = extractApi(entry, pkg);
      const committed = existsSync(snapshotPath) ? readFileSync(snapshotPath, 'utf8') : null;
      if (committed !== api) changes.push({ snapshotPath, entry, api, committed });
    }
    const wanted = new Set(snapshots.map((file) => path.basename(file)));
    const stale = existsSync(apiDir)
      ? readdirSync(apiDir)
          .filter((file) => file.endsWith('.api.txt') && !wanted.has(file))
          .sort(compare)
          .map((file) => path.join(apiDir, file))
      : [];
    const sinceBase = [];
    if (options.base) {
      for (const snapshotPath of [...snapshots, ...stale]) {
        const current = existsSync(snapshotPath) ? readFileSync(snapshotPath, 'utf8') : null;
        if (fileAtRef(root, options.base, rel(snapshotPath)) !== current) sinceBase.push(snapshotPath);
      }
    }
    results.push({ pkg, apiDir, changes, stale, sinceBase });
  }

  if (notBuilt.length > 0) {
    console.error(
      [
        'API check: these entry points are not built, so their API cannot be read:',
        ...notBuilt.map((line) => `  ${line}`),
        'Build first: pnpm turbo run build',
      ].join('\n'),
    );
    return 1;
  }

  if (options.update) {
    let written = 0;
    for (const { apiDir, changes, stale } of results) {
      for (const { snapshotPath, api } of changes) {
        mkdirSync(apiDir, { recursive: true });
        writeFileSync(snapshotPath, api);
        console.log(`wrote   ${rel(snapshotPath)}`);
        written += 1;
      }
      for (const file of stale) {
        rmSync(file);
        console.log(`deleted ${rel(file)}`);
        written += 1;
      }
    }
    console.log(
      written === 0
        ? `API snapshots of ${plural(packages.length, 'package')} are up to date.`
        : `Updated ${plural(written, 'API snapshot file')}. Commit them with a changeset for each changed package (pnpm changeset).`,
    );
    return 0;
  }

  const changesets = changesetsByPackage(root);
  const unannounced = [];
  const announced = [];
  for (const result of results) {
    const { pkg, changes, stale, sinceBase } = result;
    if (changes.length === 0 && stale.length === 0 && sinceBase.length === 0) continue;
    const files = changesets.get(pkg.name);
    if (files) announced.push({ ...result, files });
    else unannounced.push(result);
  }

  for (const { pkg, changes, stale, files } of announced) {
    const stalePart =
      changes.length > 0 || stale.length > 0 ? '; run `node scripts/check-api.mjs --update` to record it' : '';
    console.log(`API of ${pkg.name} changed, announced by ${files.join(', ')}${stalePart}.`);
  }
  if (unannounced.length === 0) {
    const checked = results.reduce((sum, { pkg }) => sum + entryPoints(pkg).length, 0);
    console.log(
      `API check passed: ${plural(packages.length, 'package')}, ${plural(checked, 'entry point')}; no API change without a changeset.`,
    );
    return 0;
  }

  const report = [
    'API check failed: the public API of these packages changed, and no changeset in .changeset/ names them:',
  ];
  for (const { pkg, changes, stale, sinceBase } of unannounced) {
    report.push('', `  ${pkg.name} (packages/${pkg.dirName})`);
    for (const { snapshotPath, api, committed } of changes) {
      report.push(`    ${rel(snapshotPath)}:`);
      for (const line of describeChange(committed, api)) report.push(`      ${line}`);
    }
    for (const file of stale) report.push(`    ${rel(file)}: entry point removed`);
    for (const file of sinceBase) {
      if (!changes.some((change) => change.snapshotPath === file)) {
        report.push(`    ${rel(file)}: changed since ${options.base}`);
      }
    }
  }
  report.push('', ...FIX_STEPS);
  console.error(report.join('\n'));
  return 1;
}

process.exitCode = main();
