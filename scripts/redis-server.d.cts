/** A redis-server started for tests. */
export interface TestRedisServer {
  url: string;
  port: number;
  dir: string;
  pid: number | undefined;
  /** Stops the server and removes its data directory (unless the caller gave it). */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL), keeping its data directory for a restart. */
  kill(): Promise<void>;
}
/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number>;
/** Starts redis-server on 127.0.0.1 with append-only persistence; `port`/`dir` restart a killed one with its data. */
export function startRedisServer(options?: {
  port?: number;
  dir?: string;
  appendfsync?: 'always' | 'everysec' | 'no';
}): Promise<TestRedisServer>;
