import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SDK_VERSION } from './version';

describe('SDK_VERSION', () => {
  it('is the version of @clearstone/core in its package.json', () => {
    const packageJson = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(SDK_VERSION).toBe(packageJson.version);
  });
});
