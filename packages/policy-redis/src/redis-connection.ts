import { createRequire } from 'node:module';
import { join } from 'node:path';
import { GovernanceStoreError } from '@clearstone/policy';

/** Sends one command (`['EVALSHA', sha, '1', key, …]`) and answers the reply. */
export type SendCommand = (args: string[]) => Promise<unknown>;

/**
 * The members of a client this store uses: `sendCommand` of a node-redis client (`redis` 4–6),
 * or `call` of an ioredis client.
 */
export interface RedisClientLike {
  /** node-redis: sends a raw command (`sendCommand(['GET', key])`). */
  sendCommand?: (...args: never[]) => unknown;
  /** ioredis: sends a raw command (`call('GET', key)`). */
  call?: (...args: never[]) => unknown;
}

/** A connection the store owns (made from a URL), or a client it was given. */
export interface RedisConnection {
  send: SendCommand;
  close(): Promise<void>;
}

function localRequire(): NodeJS.Require {
  return createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'));
}

function tryRequire(name: string): unknown {
  try {
    return localRequire()(name);
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** Uses a client the caller made and keeps (it is never closed here). */
export function wrapClient(client: RedisClientLike): RedisConnection {
  if (typeof client?.call === 'function') {
    const call = (client.call as (command: string, ...args: string[]) => Promise<unknown>).bind(client);
    return { send: (args) => call(args[0], ...args.slice(1)), close: () => Promise.resolve() };
  }
  if (typeof client?.sendCommand === 'function') {
    const sendCommand = (client.sendCommand as (args: string[]) => Promise<unknown>).bind(client);
    return { send: (args) => sendCommand(args), close: () => Promise.resolve() };
  }
  throw new GovernanceStoreError({
    code: 'STORE_FAILED',
    message: 'RedisGovernanceStore: client must be a node-redis client (sendCommand) or an ioredis client (call).',
  });
}

interface NodeRedisClient {
  connect(): Promise<unknown>;
  sendCommand(args: string[]): Promise<unknown>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  destroy?: () => unknown;
  disconnect?: () => Promise<unknown>;
  isOpen?: boolean;
}

interface IoRedisClient {
  status: string;
  call(command: string, ...args: string[]): Promise<unknown>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  once(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
  disconnect(): unknown;
}

/** Waits (at most `timeoutMs`) for an ioredis client to be ready: without an offline queue it refuses commands until then. */
function whenReady(client: IoRedisClient, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      client.removeListener('ready', onReady);
      reject(new Error(`not connected (${client.status}) after ${timeoutMs} ms`));
    }, timeoutMs);
    timer.unref?.();
    client.once('ready', onReady);
  });
}

const backoff = (attempt: number): number => Math.min(50 * 2 ** attempt, 2000);

/**
 * Connects to `url` with whichever client library is installed (`redis`, else `ioredis`), set to
 * fail fast while disconnected (no offline queue) and to reconnect in the background with a
 * backoff capped at 2 s, so a store call during an outage fails at once instead of hanging.
 *
 * @throws GovernanceStoreError `'MISSING_DEPENDENCY'` when neither library is installed.
 */
export function connect(url: string, connectTimeoutMs: number): RedisConnection {
  const nodeRedis = tryRequire('redis') as
    { createClient(options: Record<string, unknown>): NodeRedisClient } | undefined;
  if (nodeRedis !== undefined) {
    const client = nodeRedis.createClient({
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: connectTimeoutMs, reconnectStrategy: (retries: number) => backoff(retries) },
    });
    // node-redis emits 'error' on every failed reconnect; without a listener that would end the process.
    client.on('error', () => undefined);
    let connecting: Promise<unknown> | undefined;
    const ready = (): Promise<unknown> => {
      connecting ??= client.connect().catch((error: unknown) => {
        connecting = undefined;
        throw error;
      });
      return connecting;
    };
    return {
      send: async (args) => {
        await ready();
        return client.sendCommand(args);
      },
      close: async () => {
        if (connecting === undefined) return;
        try {
          await (client.disconnect?.() ?? Promise.resolve(client.destroy?.()));
        } catch {
          // Already closed.
        }
      },
    };
  }
  const ioredis = tryRequire('ioredis') as
    | (new (url: string, options: Record<string, unknown>) => IoRedisClient)
    | { default: new (url: string, options: Record<string, unknown>) => IoRedisClient }
    | undefined;
  if (ioredis !== undefined) {
    const Redis = typeof ioredis === 'function' ? ioredis : ioredis.default;
    const client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: connectTimeoutMs,
      retryStrategy: (times: number) => backoff(times),
      lazyConnect: false,
    });
    client.on('error', () => undefined);
    return {
      send: async (args) => {
        await whenReady(client, connectTimeoutMs);
        return client.call(args[0], ...args.slice(1));
      },
      close: () => {
        client.disconnect();
        return Promise.resolve();
      },
    };
  }
  throw new GovernanceStoreError({
    code: 'MISSING_DEPENDENCY',
    message:
      'RedisGovernanceStore needs a Redis client library: install the peer dependency redis (npm install redis) or ioredis (npm install ioredis).',
  });
}
