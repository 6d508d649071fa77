#!/usr/bin/env node
// The `clearstone` command: a stable entry that exists before the package is built (workspace
// installs link it then), running the built CLI.
import '../dist/bin.js';
