// One-off generator for package manifests (kept for reference when adding packages).
import { writeFileSync, mkdirSync, existsSync } from 'node:fs';

const packages = {
  core: { description: 'Shared types and primitives for Clearstone: actions, decisions, policy context, errors, span model and the hybrid serializer.', entries: ['index'], deps: {} },
  policy: { description: 'Policy-as-code for AI agents: the Clearstone policy engine, composition, validator, debugger, metrics, audit trail, interventions and prebuilt policies.', entries: ['index', 'builtins/index'], deps: { '@clearstone/core': 'workspace:^', acorn: '^8.15.0', systeminformation: '^5.27.0' } },
  observability: { description: 'Tracing for AI agents: spans stored in a local SQLite file, OpenTelemetry bridge and OTLP export.', entries: ['index'], deps: { '@clearstone/core': 'workspace:^', 'better-sqlite3': '^12.4.1' }, peers: { '@opentelemetry/api': '^1.9.0' }, dev: { '@opentelemetry/api': '1.9.1', '@types/better-sqlite3': '^7.6.13' } },
  testing: { description: 'Behavioural assertions, backtesting of policies on recorded traces, and Jest matchers for AI agents.', entries: ['index', 'jest/index'], deps: { '@clearstone/core': 'workspace:^', '@clearstone/observability': 'workspace:^', '@clearstone/policy': 'workspace:^' } },
  debugging: { description: 'Time-travel debugging for AI agents: checkpoints, rehydration and deterministic replay.', entries: ['index'], deps: { '@clearstone/core': 'workspace:^', '@clearstone/observability': 'workspace:^' } },
  langchain: { description: 'Clearstone governance and tracing for LangChain.js agents: middleware for createAgent and callback handlers.', entries: ['index', 'middleware/index'], deps: { '@clearstone/core': 'workspace:^', '@clearstone/observability': 'workspace:^', '@clearstone/policy': 'workspace:^' }, peers: { '@langchain/core': '^1.0.0', langchain: '^1.0.0' }, optionalPeers: ['langchain'], dev: { '@langchain/core': '1.4.0', langchain: '1.5.14', '@langchain/langgraph': '^1.7.3', zod: '^4.1.0' } },
  cli: { description: 'The clearstone command: scaffold policies, inspect traces, backtest, audit, checkpoints and interventions.', entries: ['index', 'bin'], deps: { '@clearstone/core': 'workspace:^', '@clearstone/observability': 'workspace:^', '@clearstone/policy': 'workspace:^', '@clearstone/testing': 'workspace:^', '@clearstone/debugging': 'workspace:^', yargs: '^17.7.2', jiti: '^2.6.0' }, dev: { '@types/yargs': '^17.0.33' }, bin: true },
};

for (const [name, spec] of Object.entries(packages)) {
  const dir = `packages/${name}`;
  mkdirSync(`${dir}/src`, { recursive: true });
  const exportsMap = {};
  for (const entry of spec.entries) {
    if (entry === 'bin') continue;
    const key = entry === 'index' ? '.' : `./${entry.replace(/\/index$/, '')}`;
    exportsMap[key] = {
      import: { types: `./dist/${entry}.d.ts`, default: `./dist/${entry}.js` },
      require: { types: `./dist/${entry}.d.cts`, default: `./dist/${entry}.cjs` },
    };
  }
  exportsMap['./package.json'] = './package.json';
  const manifest = {
    name: `@clearstone/${name}`,
    version: '0.1.0',
    description: spec.description,
    license: 'MIT',
    keywords: ['ai', 'agents', 'governance', 'observability', 'llm', 'clearstone'],
    type: 'module',
    sideEffects: false,
    main: './dist/index.cjs',
    module: './dist/index.js',
    types: './dist/index.d.cts',
    exports: exportsMap,
    ...(spec.bin ? { bin: { clearstone: './dist/bin.js' } } : {}),
    files: ['dist', 'README.md'],
    engines: { node: '>=20' },
    scripts: {
      build: 'tsup',
      typecheck: 'tsc --noEmit -p tsconfig.json',
      test: 'jest',
      lint: 'publint --strict && attw --pack . --profile node16',
    },
    publishConfig: { access: 'public' },
    dependencies: spec.deps,
    ...(spec.peers ? { peerDependencies: spec.peers } : {}),
    ...(spec.optionalPeers ? { peerDependenciesMeta: Object.fromEntries(spec.optionalPeers.map((p) => [p, { optional: true }])) } : {}),
    ...(spec.dev ? { devDependencies: spec.dev } : {}),
  };
  writeFileSync(`${dir}/package.json`, JSON.stringify(manifest, null, 2) + '\n');
  const entryMap = Object.fromEntries(spec.entries.map((entry) => [entry, `src/${entry}.ts`]));
  writeFileSync(
    `${dir}/tsup.config.ts`,
    `import { defineConfig } from 'tsup';\n\nexport default defineConfig({\n  entry: ${JSON.stringify(entryMap, null, 2).replace(/\n/g, '\n  ')},\n  format: ['esm', 'cjs'],\n  dts: true,\n  clean: true,\n  sourcemap: true,\n  target: 'node20',\n  splitting: false,\n  shims: true,\n});\n`,
  );
  writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true }, include: ['src', 'test'] }, null, 2) + '\n');
  writeFileSync(`${dir}/jest.config.cjs`, `module.exports = require('../../jest.preset.cjs')(__dirname);\n`);
  if (!existsSync(`${dir}/src/index.ts`)) writeFileSync(`${dir}/src/index.ts`, `export {};\n`);
}
