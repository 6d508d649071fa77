import { recordComponentInitialized } from '@clearstone/core';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { TraceStore } from '@clearstone/observability';
import { addApiRoutes } from '../api';
import { ViewerError } from '../errors';
import { allowedHosts } from '../server/host-check';
import { createRequestHandler } from '../server/request-handler';
import { Router } from '../server/router';
import { loadStaticAssets } from '../server/static-assets';
import { checkViewerOptions } from './check-options';
import { defaultAssetsDir } from './default-assets-dir';
import type { RunningViewer, ViewerOptions } from './viewer-options';

function listenError(error: NodeJS.ErrnoException, host: string, port: number): ViewerError {
  if (error.code === 'EADDRINUSE') {
    return new ViewerError({
      code: 'PORT_IN_USE',
      message: `Port ${port} on ${host} is already in use; choose another with --port.`,
      cause: error,
    });
  }
  return new ViewerError({
    code: 'LISTEN_FAILED',
    message: `The viewer could not listen on ${host}:${port}: ${error.message}`,
    cause: error,
  });
}

/**
 * Serves the trace viewer — a web page and its JSON API — for the trace database at `dbPath`,
 * opened read-only. Resolves once the server listens.
 *
 * @throws InvalidArgumentError for bad options; TraceStoreError when the database cannot be opened
 * (`DATABASE_NOT_FOUND`, `NOT_A_CLEARSTONE_DATABASE`, …); ViewerError `PORT_IN_USE`,
 * `LISTEN_FAILED` or `ASSETS_MISSING`.
 *
 * @example
 * ```ts
 * import { startViewer } from '@clearstone/viewer';
 *
 * const viewer = await startViewer({ dbPath: 'clearstone_traces.db', port: 4319 });
 * console.log(`Trace viewer at ${viewer.url}`);
 * process.once('SIGINT', () => void viewer.close());
 * ```
 */
export async function startViewer(options: ViewerOptions): Promise<RunningViewer> {
  recordComponentInitialized('Viewer');
  const { host, port } = checkViewerOptions(options);
  const assets = loadStaticAssets(options.assetsDir ?? defaultAssetsDir() ?? path.resolve('dist/ui'));
  const store = new TraceStore(options.dbPath, { readonly: true });
  const router = addApiRoutes(new Router(), {
    store,
    ...(options.checkpointsDir === undefined ? {} : { checkpointsDir: path.resolve(options.checkpointsDir) }),
    ...(options.checkpoints === undefined ? {} : { checkpoints: options.checkpoints }),
  });
  let hosts: Set<string> | undefined = new Set();
  const server = createServer(createRequestHandler({ router, assets, allowedHosts: () => hosts }));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    store.close();
    throw listenError(error as NodeJS.ErrnoException, host, port);
  }
  const actualPort = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, actualPort);
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${actualPort}/`,
    port: actualPort,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).finally(() => store.close());
      return closing;
    },
  };
}
