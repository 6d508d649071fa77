// scripts/check-api.mjs, run as CI runs it, against a small fake repository in a temporary
// directory (--root): one publishable package whose built declarations are written below (an entry
// point and a tsup-style chunk with a hashed name and one-letter aliases), its committed API
// snapshot (fixtures/check-api/index.api.txt) and a private package the check must skip.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');
const script = path.join(repoRoot, 'scripts', 'check-api.mjs');
const committedSnapshot = path.join(__dirname, 'fixtures', 'check-api', 'index.api.txt');

const PACKAGE_JSON = {
  name: '@clearstone/widgets',
  version: '1.0.0',
  type: 'module',
  exports: {
    '.': {
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
};

const ENTRY = `import { W as WidgetOptions } from './types-AbCd1234.js';
export { S as WidgetSize } from './types-AbCd1234.js';
import { Decision } from '@clearstone/core';

/** A widget. */
interface Widget {
    readonly id: string;
    options: WidgetOptions;
}
/** Makes a widget. */
declare function makeWidget(options: WidgetOptions): Widget;
/** Decides whether a widget may be shown. */
declare function decide(widget: Widget): Decision;
declare const WIDGETS_VERSION = "1.0.0";

export { WIDGETS_VERSION, type Widget, type WidgetOptions, decide, makeWidget };
`;

const CHUNK = `/** Not exported, but part of the API through WidgetOptions. */
interface Layout {
    columns: number;
}
/** Size of a widget. */
type WidgetSize = 'small' | 'large';
/** Options of makeWidget. */
interface WidgetOptions {
    size: WidgetSize;
    layout?: Layout;
}

export type { WidgetSize as S, WidgetOptions as W };
`;

/** The same declarations as another build could write them: new chunk hash and aliases, other order. */
const REBUNDLED = {
  entry: `import { Decision } from '@clearstone/core';
import { x as WidgetOptions } from './types-Zz9_Yy8-.js';
export { y as WidgetSize } from './types-Zz9_Yy8-.js';

declare const WIDGETS_VERSION = "1.0.0";
// a comment that moved
declare function decide(widget: Widget): Decision;
declare function makeWidget(options: WidgetOptions): Widget;
interface Widget {
    readonly id: string;
    options: WidgetOptions;
}

export { makeWidget, decide, type Widget, WIDGETS_VERSION, type WidgetOptions };
//# sourceMappingURL=index.d.ts.map
`,
  chunk: `type WidgetSize = 'small' | 'large';
interface WidgetOptions {
    size: WidgetSize;
    layout?: Layout;
}
interface Layout {
    columns: number;
}

export type { WidgetOptions as x, WidgetSize as y };
`,
};

let root: string;

function write(relativePath: string, text: string): void {
  const file = path.join(root, relativePath);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function build(entry = ENTRY, chunk = CHUNK, chunkName = 'types-AbCd1234.d.ts'): void {
  rmSync(path.join(root, 'packages/widgets/dist'), { recursive: true, force: true });
  write('packages/widgets/dist/index.d.ts', entry);
  write(`packages/widgets/dist/${chunkName}`, chunk);
}

function checkApi(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [script, '--root', root, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const snapshotPath = (): string => path.join(root, 'packages/widgets/api/index.api.txt');

function git(...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
    cwd: root,
    stdio: 'ignore',
  });
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'check-api-'));
  write('packages/widgets/package.json', JSON.stringify(PACKAGE_JSON, null, 2));
  write('packages/widgets/api/index.api.txt', readFileSync(committedSnapshot, 'utf8'));
  // Private: no build, no snapshot, never checked.
  write('packages/playground/package.json', JSON.stringify({ name: '@clearstone/playground', private: true }));
  write('.changeset/README.md', '# Changesets\n');
  build();
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('scripts/check-api.mjs', () => {
  it('passes when the built API matches the snapshot', () => {
    const result = checkApi();
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('API check passed: 1 package, 1 entry point;');
    expect(result.status).toBe(0);
  });

  it('reads the same API from another bundling of the same declarations', () => {
    build(REBUNDLED.entry, REBUNDLED.chunk, 'types-Zz9_Yy8-.d.ts');
    const result = checkApi();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('fails with exit 1 and names the package when its API changed without a changeset', () => {
    build(ENTRY.replace('readonly id: string;', 'readonly id: number;'));
    const result = checkApi();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('API check failed');
    expect(result.stderr).toContain('@clearstone/widgets (packages/widgets)');
    expect(result.stderr).toContain('changed  export Widget');
    expect(result.stderr).toContain('-     readonly id: string;');
    expect(result.stderr).toContain('+     readonly id: number;');
    expect(result.stderr).toContain('pnpm changeset');
    expect(result.stderr).toContain('node scripts/check-api.mjs --update');
  });

  it('counts a changed unexported type the exports refer to as an API change', () => {
    build(ENTRY, CHUNK.replace('columns: number;', 'columns: number;\n    rows: number;'));
    const result = checkApi();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('changed  internal Layout');
  });

  it('passes a changed API once a changeset names the package, and only then', () => {
    build(
      ENTRY.replace(
        'export { WIDGETS_VERSION,',
        'declare function removeWidget(id: string): void;\n\nexport { removeWidget, WIDGETS_VERSION,',
      ),
    );
    write('.changeset/other-package.md', "---\n'@clearstone/other': minor\n---\n\nNot this one.\n");
    const other = checkApi();
    expect(other.status).toBe(1);
    expect(other.stderr).toContain('added    export removeWidget');

    write(
      '.changeset/remove-widgets.md',
      '---\n"@clearstone/widgets": minor\n---\n\n`removeWidget` removes a widget.\n',
    );
    const announced = checkApi();
    expect(announced.stderr).toBe('');
    expect(announced.stdout).toContain('API of @clearstone/widgets changed, announced by .changeset/remove-widgets.md');
    expect(announced.status).toBe(0);
  });

  it('--update rewrites the snapshot from the build', () => {
    build(
      ENTRY.replace(
        'export { WIDGETS_VERSION,',
        'declare function removeWidget(id: string): void;\n\nexport { removeWidget, WIDGETS_VERSION,',
      ),
    );
    const update = checkApi('--update');
    expect(update.status).toBe(0);
    expect(update.stdout).toContain('wrote   packages/widgets/api/index.api.txt');
    const snapshot = readFileSync(snapshotPath(), 'utf8');
    expect(snapshot).toContain('export removeWidget\ndeclare function removeWidget(id: string): void;');
    expect(snapshot).not.toMatch(/\/\*\*|sourceMappingURL|AbCd1234/);

    expect(checkApi().status).toBe(0);
    expect(checkApi('--update').stdout).toContain('API snapshots of 1 package are up to date.');
  });

  it('--update writes the snapshot of a new entry point and deletes the one of a removed entry point', () => {
    write('packages/widgets/api/gone.api.txt', '# an entry point that no longer exists\n');
    expect(checkApi().stderr).toContain('packages/widgets/api/gone.api.txt: entry point removed');
    rmSync(snapshotPath());
    expect(checkApi().stderr).toContain('no snapshot yet');

    const update = checkApi('--update');
    expect(update.status).toBe(0);
    expect(update.stdout).toContain('deleted packages/widgets/api/gone.api.txt');
    expect(existsSync(path.join(root, 'packages/widgets/api/gone.api.txt'))).toBe(false);
    expect(readFileSync(snapshotPath(), 'utf8')).toBe(readFileSync(committedSnapshot, 'utf8'));
  });

  it('fails when a package is not built', () => {
    rmSync(path.join(root, 'packages/widgets/dist'), { recursive: true });
    const result = checkApi();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('@clearstone/widgets: packages/widgets/dist/index.d.ts');
    expect(result.stderr).toContain('pnpm turbo run build');
  });

  it('--base fails a snapshot updated since that revision without a changeset', () => {
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    build(ENTRY.replace('readonly id: string;', 'readonly id: number;'));
    expect(checkApi('--update').status).toBe(0);

    expect(checkApi().status).toBe(0); // the snapshot matches the build again
    const sinceBase = checkApi('--base', 'HEAD');
    expect(sinceBase.status).toBe(1);
    expect(sinceBase.stderr).toContain('packages/widgets/api/index.api.txt: changed since HEAD');

    write('.changeset/widget-ids.md', "---\n'@clearstone/widgets': major\n---\n\nWidget ids are numbers.\n");
    expect(checkApi('--base', 'HEAD').status).toBe(0);
  });

  it('rejects unknown arguments with exit 2 and prints how to use it', () => {
    const result = checkApi('--frobnicate');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown argument: --frobnicate');
    expect(result.stderr).toContain('Usage: node scripts/check-api.mjs');
  });
});
