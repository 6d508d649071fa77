// Docs that run: every TypeScript block (```ts) of the READMEs compiles, with strict TypeScript,
// against the built packages as a user imports them (`@clearstone/*` resolved through
// node_modules to each package's `exports`, so to dist/). A block preceded by `<!-- runs -->` is a
// complete program and is also run with tsx, in an empty directory of its own, and must exit 0.
// A block that cannot compile alone (a few lines showing a call) is preceded by
// `<!-- fragment -->` and is skipped; the quickstarts never are.
//
// The blocks are written to a temporary directory whose node_modules links to this package's
// (tests/api depends on every package and on the third-party packages the READMEs import) and to
// the workspace's @types. The
// packages must be built first; `npm test` builds everything before Jest runs.
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');

/** The publishable packages' directory names (`core`, `policy`, …). */
const PACKAGES = readdirSync(path.join(repoRoot, 'packages')).filter((name) =>
  existsSync(path.join(repoRoot, 'packages', name, 'package.json')),
);

/** The READMEs whose TypeScript blocks are checked. */
const READMES = [
  'README.md',
  ...PACKAGES.map((name) => `packages/${name}/README.md`),
  'examples/README.md',
  'apps/demo/README.md',
  'benchmarks/README.md',
].filter((readme) => existsSync(path.join(repoRoot, readme)));

/** Blocks that must be complete: the root README's quickstarts. */
const QUICKSTART_README = 'README.md';

/** Longest a `<!-- runs -->` block may take. */
const RUN_TIMEOUT_MS = 60_000;

type Mark = 'fragment' | 'runs' | undefined;

interface Block {
  readme: string;
  /** 1-based line of the README where the code starts (the line after the fence). */
  line: number;
  code: string;
  mark: Mark;
  /** File name the block is written to, e.g. `packages-core-README-L0013.ts` (sorts in README order). */
  file: string;
}

/** The ```ts blocks of a README and the marker comment (if any) on the line before each fence. */
function blocksOf(readme: string): Block[] {
  const lines = readFileSync(path.join(repoRoot, readme), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const fence = /^(\s*)```(\w*)\s*$/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((line, j) => j > i && /^\s*```\s*$/.test(line));
    if (end === -1) throw new Error(`${readme}:${i + 1}: code block never closed`);
    if (fence[2] === 'ts' || fence[2] === 'typescript') {
      let previous = i - 1;
      while (previous >= 0 && lines[previous].trim() === '') previous -= 1;
      const marker = previous >= 0 ? /^<!--\s*(fragment|runs)\s*-->$/.exec(lines[previous].trim()) : null;
      const stem = readme.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-');
      blocks.push({
        readme,
        line: i + 2,
        code: lines.slice(i + 1, end).join('\n'),
        mark: marker ? (marker[1] as Mark) : undefined,
        file: `${stem}-L${String(i + 2).padStart(4, '0')}.ts`,
      });
    }
    i = end;
  }
  return blocks;
}

interface CommandResult {
  code: number | null;
  output: string;
}

function runCommand(
  file: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (error === null) resolve({ code: 0, output });
      else if (typeof error.code === 'number' || error.killed)
        resolve({ code: error.killed ? null : Number(error.code), output });
      else reject(new Error(`${file} could not run: ${error.message}`, { cause: error }));
    });
  });
}

const blocks = READMES.flatMap(blocksOf);
const blocksByFile = new Map(blocks.map((block) => [block.file, block]));
let workDir = '';
let compileErrors: string[] = [];

/**
 * Strict TypeScript as the packages are built with; for the blocks that are Jest tests, the types
 * the testing README tells users to set (`jest` and the matchers of `@clearstone/testing/jest`).
 */
const compilerOptions = {
  target: 'ES2022',
  lib: ['ES2022', 'ESNext.Disposable'],
  module: 'nodenext',
  moduleResolution: 'nodenext',
  // Each block is a module of its own, whether or not it imports anything.
  moduleDetection: 'force',
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node', 'jest', '@clearstone/testing/jest'],
};

/** `x.ts(3,5): error TS…` → `README.md:47:5: error TS…` (the README line of the error). */
function toReadmeLocation(output: string): string[] {
  const messages: string[] = [];
  for (const line of output.split('\n')) {
    const located = /^([^(]+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line);
    if (located) {
      const block = blocksByFile.get(path.basename(located[1]));
      messages.push(
        block
          ? `${block.readme}:${block.line + Number(located[2]) - 1}:${located[3]}: ${located[4]}`
          : `${located[1]}(${located[2]},${located[3]}): ${located[4]}`,
      );
    } else if (line.trim() !== '' && messages.length > 0) {
      messages[messages.length - 1] += `\n${line}`;
    } else if (line.trim() !== '') {
      messages.push(line);
    }
  }
  return messages;
}

beforeAll(async () => {
  const unbuilt = PACKAGES.filter((pkg) => !existsSync(path.join(repoRoot, 'packages', pkg, 'dist', 'index.d.ts')));
  if (unbuilt.length > 0) {
    throw new Error(
      `The README blocks compile against the built packages; not built: ${unbuilt.join(', ')}.\n` +
        'Build them first: `pnpm turbo run build` (`npm test` builds everything before Jest runs).',
    );
  }
  workDir = mkdtempSync(path.join(os.tmpdir(), 'clearstone-readme-blocks-'));
  // node_modules: this package's dependencies, and the workspace's @types (node, jest).
  const modules = path.join(workDir, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(path.join(__dirname, 'node_modules'))) {
    if (name !== '.bin') symlinkSync(path.join(__dirname, 'node_modules', name), path.join(modules, name), 'dir');
  }
  symlinkSync(path.join(repoRoot, 'node_modules', '@types'), path.join(modules, '@types'), 'dir');
  writeFileSync(path.join(workDir, 'package.json'), '{ "type": "module" }\n');
  const checked = blocks.filter((block) => block.mark !== 'fragment');
  for (const block of checked) writeFileSync(path.join(workDir, block.file), `${block.code}\n`);
  // One program for all blocks, except those declaring a module augmentation or globals: each of
  // those gets its own, so that it sees only what its own imports bring (LangChain's testing entry
  // augments Vitest's Assertion differently from the testing README's Vitest setup, for instance).
  const augments = (block: Block) => /^\s*declare\s+(module|global)\b/m.test(block.code);
  const programs = [
    checked.filter((block) => !augments(block)),
    ...checked.filter(augments).map((block) => [block]),
  ].filter((files) => files.length > 0);
  const tsc = require.resolve('typescript/bin/tsc', { paths: [__dirname] });
  const results = await Promise.all(
    programs.map(async (files, index) => {
      const tsconfig = path.join(workDir, `tsconfig.${index}.json`);
      writeFileSync(
        tsconfig,
        `${JSON.stringify({ compilerOptions, files: files.map((block) => block.file) }, null, 2)}\n`,
      );
      return runCommand(process.execPath, [tsc, '-p', tsconfig], { cwd: workDir });
    }),
  );
  compileErrors = results
    .filter((result) => result.code !== 0)
    .flatMap((result) => toReadmeLocation(result.output.split(workDir + path.sep).join('')));
}, 180_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('the READMEs have TypeScript blocks', () => {
  expect(blocks.length).toBeGreaterThan(0);
});

test('the quickstarts of the root README are complete: none is a fragment', () => {
  const fragments = blocks.filter((block) => block.readme === QUICKSTART_README && block.mark === 'fragment');
  expect(fragments.map((block) => `${block.readme}:${block.line}`)).toEqual([]);
});

test('every TypeScript block of the READMEs compiles (strict), except those marked <!-- fragment -->', () => {
  if (compileErrors.length > 0) {
    throw new Error(
      `${compileErrors.length} compile error(s) in README code blocks (complete the block, or mark it ` +
        `<!-- fragment --> if it only shows a call):\n\n${compileErrors.join('\n')}`,
    );
  }
});

const runnable = blocks.filter((block) => block.mark === 'runs');

test('some blocks are complete programs marked <!-- runs -->', () => {
  expect(runnable.length).toBeGreaterThan(0);
});

// (Jest refuses an empty table; the test above fails when there is nothing to run.)
if (runnable.length > 0) {
  test.each(runnable.map((block) => [`${block.readme}:${block.line}`, block] as const))(
    '%s (<!-- runs -->) runs with tsx and exits 0',
    async (_name, block) => {
      const cwd = path.join(workDir, 'run', path.basename(block.file, '.ts'));
      mkdirSync(cwd, { recursive: true });
      const tsxCli = require.resolve('tsx/cli', { paths: [repoRoot] });
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        HOME: cwd,
        CLEARSTONE_TELEMETRY_DISABLED: '1',
        NO_COLOR: '1',
      };
      for (const key of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'OTEL_EXPORTER_OTLP_ENDPOINT']) delete env[key];
      const result = await runCommand(process.execPath, [tsxCli, path.join(workDir, block.file)], {
        cwd,
        env,
        timeout: RUN_TIMEOUT_MS,
      });
      if (result.code !== 0) {
        const how = result.code === null ? `did not finish within ${RUN_TIMEOUT_MS / 1000} s` : `exited ${result.code}`;
        throw new Error(`${block.readme}:${block.line} ${how}:\n${result.output}`);
      }
    },
    RUN_TIMEOUT_MS + 10_000,
  );
}
