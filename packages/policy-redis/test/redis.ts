import { startRedisServer, type TestRedisServer } from '../../../scripts/redis-server.cjs';

/**
 * The Redis the tests use: the server `npm test` started (`CLEARSTONE_TEST_REDIS_URL`), else one
 * started here for this file. Each test file uses its own key prefix.
 */
export async function testRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const url = process.env.CLEARSTONE_TEST_REDIS_URL;
  if (url !== undefined && url !== '') return { url, stop: () => Promise.resolve() };
  const server: TestRedisServer = await startRedisServer();
  return { url: server.url, stop: () => server.stop() };
}

export { startRedisServer, type TestRedisServer };
