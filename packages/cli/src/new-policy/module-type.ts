import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** How Node.js loads the `.js` (and TypeScript's `nodenext` checks the `.ts`) files of a directory. */
export interface ModuleType {
  /** `'module'` when the nearest package.json says `"type": "module"`, else `'commonjs'`. */
  type: 'module' | 'commonjs';
  /** The package.json that decided, or undefined when there is none above the directory. */
  packageJson: string | undefined;
}

/**
 * The module type of files written to `directory`, found as Node.js finds it: the `"type"` of the
 * nearest package.json above it (the directory need not exist yet), looking no further than a
 * `node_modules` folder. No package.json, one that cannot be read or parsed, or any other
 * `"type"` means CommonJS.
 */
export function moduleTypeOf(directory: string): ModuleType {
  let current = directory;
  for (;;) {
    const candidate = join(current, 'package.json');
    let text: string | undefined;
    try {
      text = readFileSync(candidate, 'utf8');
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      let type: unknown;
      try {
        type = (JSON.parse(text) as { type?: unknown } | null)?.type;
      } catch {
        type = undefined;
      }
      return { type: type === 'module' ? 'module' : 'commonjs', packageJson: candidate };
    }
    const parent = dirname(current);
    if (parent === current || basename(current) === 'node_modules') return { type: 'commonjs', packageJson: undefined };
    current = parent;
  }
}
