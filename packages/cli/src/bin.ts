#!/usr/bin/env node
import { recordComponentInitialized } from '@clearstone/core';
import { runCli } from './cli/run-cli';

// Output piped into `head` and the like: stop quietly when the reader goes away.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const argv = process.argv.slice(2);
// The telemetry command changes the setting itself, so it records nothing.
if (argv[0] !== 'telemetry') recordComponentInitialized('cli');
runCli(argv).then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    process.stderr.write(`Unexpected error: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
