import { join, relative } from 'node:path';
import type { CommandModule } from 'yargs';
import { usageError } from '../cli/cli-error';
import type { CommandContext } from '../cli/command-context';
import { moduleTypeOf } from './module-type';
import { policyNames } from './policy-name';
import { renderPolicyFile, renderTestFile } from './policy-template';
import { resolveTargetDirectory } from './target-directory';
import { writeScaffold } from './write-scaffold';

interface NewPolicyArguments {
  name: string;
  priority: number;
  dir: string;
  force: boolean;
  js: boolean;
  json: boolean;
}

/**
 * `clearstone new-policy NAME`: scaffolds a policy file and its test, written for the project's
 * module type (the nearest package.json's `"type"`).
 */
export function newPolicyCommand(context: CommandContext): CommandModule<object, NewPolicyArguments> {
  return {
    command: 'new-policy <name>',
    describe: 'Scaffold a policy file and its test',
    builder: (yargs) =>
      yargs
        .positional('name', {
          type: 'string',
          demandOption: true,
          describe: 'Policy name: letters, digits, - and _, e.g. enforce_data_locality',
        })
        .option('priority', { type: 'number', default: 0, describe: 'Priority (higher runs first)' })
        .option('dir', { type: 'string', default: 'policies', describe: 'Directory for the files, inside the project' })
        .option('force', {
          type: 'boolean',
          default: false,
          describe: 'Overwrite existing files; allow a directory outside the project',
        })
        .option('js', {
          type: 'boolean',
          default: false,
          describe: 'Write JavaScript (ES module) instead of TypeScript',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print the created files as JSON' })
        .example(
          '$0 new-policy enforce_data_locality --priority=80 --dir=my_app/compliance',
          'Create my_app/compliance/enforce-data-locality.ts and its test',
        ),
    handler: (args) => {
      const names = policyNames(String(args.name));
      if (!Number.isFinite(args.priority))
        throw usageError(`--priority must be a number (got '${String(args.priority)}').`, 'INVALID_PRIORITY');
      const directory = resolveTargetDirectory(context.io.cwd, args.dir, args.force);
      const extension = args.js ? 'js' : 'ts';
      const moduleType = moduleTypeOf(directory);
      const esm = moduleType.type === 'module';
      const input = { ...names, priority: args.priority, javascript: args.js, esm };
      const policyFile = join(directory, `${names.fileBase}.${extension}`);
      const testFile = join(directory, `${names.fileBase}.test.${extension}`);
      writeScaffold(
        directory,
        [
          { path: policyFile, content: renderPolicyFile(input) },
          { path: testFile, content: renderTestFile(input) },
        ],
        args.force,
      );
      if (args.json) {
        context.printJson({
          name: names.policyName,
          priority: args.priority,
          exportName: names.exportName,
          policyFile,
          testFile,
          moduleType: moduleType.type,
        });
        return;
      }
      const shown = (path: string): string => relative(context.io.cwd, path) || path;
      context.print(context.colors.green(`✓ Created policy '${names.policyName}' (export ${names.exportName}):`));
      context.print(`  ${shown(policyFile)}`);
      context.print(`  ${shown(testFile)}`);
      context.print(
        context.colors.dim(
          'Next: fill in the TODOs, then run the test. The files import @clearstone/core and @clearstone/policy.',
        ),
      );
      if (esm && !args.js)
        context.print(
          context.colors.dim(
            `${shown(moduleType.packageJson ?? 'package.json')} has "type": "module", so the test imports './${names.fileBase}.js'. With ts-jest, map such imports to the sources: moduleNameMapper: { '^(\\\\.{1,2}/.*)\\\\.js$': '$1' }.`,
          ),
        );
    },
  };
}
