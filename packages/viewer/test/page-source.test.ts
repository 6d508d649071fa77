import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const PAGE_DIR = path.resolve(__dirname, '../src/page');

describe('page source', () => {
  const files = readdirSync(PAGE_DIR).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));

  it.each(files)('%s never parses strings as markup or code, and loads nothing from elsewhere', (name) => {
    const source = readFileSync(path.join(PAGE_DIR, name), 'utf8');
    for (const forbidden of [
      'innerHTML',
      'outerHTML',
      'insertAdjacentHTML',
      'document.write',
      'eval(',
      'new Function',
      'createContextualFragment',
      'DOMParser',
      "setAttribute('style'",
      'http://',
      'https://',
    ]) {
      expect({ name, forbidden, found: source.includes(forbidden) }).toEqual({ name, forbidden, found: false });
    }
  });
});
