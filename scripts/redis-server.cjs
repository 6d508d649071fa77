// Starts a throwaway redis-server on 127.0.0.1 and a free port, for the tests of the Redis
// governance store: no persistence directory is shared, nothing listens beyond loopback.
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { createServer, connect } = require('node:net');
const { tmpdir } = require('node:os');
const path = require('node:path');

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function answersPing(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * Starts redis-server (`/usr/bin/redis-server` or `$REDIS_SERVER`) with append-only persistence
 * in a temporary directory. Resolves `{ url, port, pid, stop(), kill() }` once it answers PING.
 * `port` reuses a port (to restart a killed server with its data), `dir` a data directory,
 * `appendfsync` Redis's fsync policy (default `always`: every acknowledged write survives a kill).
 */
async function startRedisServer(options = {}) {
  const binary = process.env.REDIS_SERVER ?? 'redis-server';
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'clearstone-redis-'));
  const child = spawn(
    binary,
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      options.appendfsync ?? 'always',
      '--protected-mode',
      'yes',
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let failure;
  child.on('error', (error) => {
    failure = error;
  });
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port))) {
    if (failure !== undefined || child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `could not start ${binary} on 127.0.0.1:${port}: ${failure?.message ?? `exit ${child.exitCode}`}. Install it with \`apt-get install redis-server\`.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const end = async (signal) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      await exited;
    }
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    pid: child.pid,
    /** Stops the server and removes its data directory (unless the caller gave it). */
    stop: async () => {
      await end('SIGTERM');
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
    /** Kills the server at once (SIGKILL), keeping its data directory for a restart. */
    kill: () => end('SIGKILL'),
  };
}

module.exports = { freePort, startRedisServer };
