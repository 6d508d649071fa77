import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidArgumentError } from '@clearstone/core';
import { TraceStoreError } from '@clearstone/observability';
import { ViewerError, startViewer } from '../src';
import { buildPageAssets } from './support/page-assets';
import { writeSampleDatabase } from './support/sample-database';

let directory: string;
let assetsDir: string;
let dbPath: string;

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'clearstone-viewer-start-'));
  dbPath = path.join(directory, 'traces.db');
  [, assetsDir] = await Promise.all([writeSampleDatabase(dbPath), buildPageAssets()]);
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
  rmSync(assetsDir, { recursive: true, force: true });
});

it('binds to 127.0.0.1 by default and reports its url', async () => {
  const viewer = await startViewer({ dbPath, port: 0, assetsDir });
  try {
    expect(viewer.url).toBe(`http://127.0.0.1:${viewer.port}/`);
    expect((await fetch(viewer.url)).status).toBe(200);
  } finally {
    await viewer.close();
    await viewer.close();
  }
  await expect(fetch(viewer.url)).rejects.toThrow();
});

it('opens the database read-only: a missing file is an error and is not created', async () => {
  const missing = path.join(directory, 'missing.db');
  await expect(startViewer({ dbPath: missing, port: 0, assetsDir })).rejects.toMatchObject({
    code: 'DATABASE_NOT_FOUND',
  });
  expect(() => statSync(missing)).toThrow();
  const notSqlite = path.join(directory, 'notes.txt');
  writeFileSync(notSqlite, 'hello');
  const error = await startViewer({ dbPath: notSqlite, port: 0, assetsDir }).catch((caught: unknown) => caught);
  expect(TraceStoreError.isInstance(error) && error.code).toBe('NOT_A_CLEARSTONE_DATABASE');
});

it('rejects bad options with InvalidArgumentError', async () => {
  for (const options of [
    { dbPath: '' },
    { dbPath, port: 70000 },
    { dbPath, port: 1.5 },
    { dbPath, host: 'evil host' },
  ]) {
    const error = await startViewer({ assetsDir, ...options }).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
  }
});

it('reports a port in use with PORT_IN_USE', async () => {
  const first = await startViewer({ dbPath, port: 0, assetsDir });
  try {
    const error = await startViewer({ dbPath, port: first.port, assetsDir }).catch((caught: unknown) => caught);
    expect(ViewerError.isInstance(error) && error.code).toBe('PORT_IN_USE');
  } finally {
    await first.close();
  }
});

it('reports a missing page build with ASSETS_MISSING', async () => {
  const error = await startViewer({ dbPath, port: 0, assetsDir: path.join(directory, 'nowhere') }).catch(
    (caught: unknown) => caught,
  );
  expect(ViewerError.isInstance(error) && error.code).toBe('ASSETS_MISSING');
});
