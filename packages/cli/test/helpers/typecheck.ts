import { resolve } from 'node:path';
import ts from 'typescript';

const packagesDir = resolve(__dirname, '../../..');
const repoRoot = resolve(packagesDir, '..');

/**
 * Type-checks `files` with the TypeScript compiler as a project using the workspace's Clearstone
 * packages (their sources) would, and returns the diagnostics as text (empty when it compiles).
 */
export function typecheck(files: readonly string[], options: { allowJs?: boolean } = {}): string[] {
  const program = ts.createProgram([...files], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    allowJs: options.allowJs === true,
    checkJs: options.allowJs === true,
    types: ['node', 'jest'],
    typeRoots: [resolve(repoRoot, 'node_modules/@types')],
    baseUrl: repoRoot,
    paths: {
      '@clearstone/policy/builtins': ['packages/policy/dist/builtins/index.d.ts'],
      '@clearstone/*': ['packages/*/dist/index.d.ts'],
    },
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter(
      (diagnostic) =>
        diagnostic.file === undefined ||
        files.includes(diagnostic.file.fileName) ||
        !diagnostic.file.fileName.includes('/packages/'),
    )
    .map((diagnostic) => {
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      if (diagnostic.file === undefined || diagnostic.start === undefined) return text;
      const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${diagnostic.file.fileName}:${line + 1}:${character + 1} ${text}`;
    });
}
