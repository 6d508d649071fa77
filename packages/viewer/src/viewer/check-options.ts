import { InvalidArgumentError } from '@clearstone/core';
import type { ViewerOptions } from './viewer-options';

/** Default port of the viewer. */
export const DEFAULT_VIEWER_PORT = 4319;

/** Checks `startViewer` options; returns host and port with defaults applied. */
export function checkViewerOptions(options: ViewerOptions): { host: string; port: number } {
  if (options === null || typeof options !== 'object')
    throw new InvalidArgumentError({
      message: 'startViewer expects an options object with dbPath.',
      argument: 'options',
    });
  if (typeof options.dbPath !== 'string' || options.dbPath === '' || options.dbPath.includes('\0')) {
    throw new InvalidArgumentError({
      message: 'startViewer option dbPath must be the path of a trace database.',
      argument: 'dbPath',
    });
  }
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || !/^[0-9A-Za-z.:[\]-]{1,253}$/.test(host)) {
    throw new InvalidArgumentError({
      message: `startViewer option host must be a host name or IP address, got ${JSON.stringify(host)}.`,
      argument: 'host',
    });
  }
  const port = options.port ?? DEFAULT_VIEWER_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError({
      message: `startViewer option port must be an integer from 0 to 65535, got ${String(port)}.`,
      argument: 'port',
    });
  }
  if (
    options.checkpointsDir !== undefined &&
    (typeof options.checkpointsDir !== 'string' || options.checkpointsDir === '')
  ) {
    throw new InvalidArgumentError({
      message: 'startViewer option checkpointsDir must be a directory path.',
      argument: 'checkpointsDir',
    });
  }
  if (options.checkpoints !== undefined && typeof options.checkpoints?.listCheckpoints !== 'function') {
    throw new InvalidArgumentError({
      message: 'startViewer option checkpoints must have a listCheckpoints({ traceId }) method.',
      argument: 'checkpoints',
    });
  }
  return { host: host.replace(/^\[(.*)\]$/, '$1'), port };
}
