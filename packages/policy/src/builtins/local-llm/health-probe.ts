import { ALLOW, BLOCK, InvalidArgumentError, type Decision } from '@clearstone/core';

/** Default health URL: Ollama's model list. */
export const OLLAMA_HEALTH_URL = 'http://localhost:11434/api/tags';
/** LM Studio's OpenAI-compatible model list, usable as `localModelHealthUrl`. */
export const LM_STUDIO_HEALTH_URL = 'http://localhost:1234/v1/models';

/** Throws InvalidArgumentError unless `url` is an absolute http(s) URL. */
export function checkHealthUrl(url: string, argument: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new InvalidArgumentError({
      message: `'${argument}' must be an absolute http(s) URL (got '${url}').`,
      argument,
      cause: error,
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidArgumentError({
      message: `'${argument}' must use http or https (got '${parsed.protocol}').`,
      argument,
    });
  }
  return url;
}

function errorName(error: unknown): string {
  if (error === null || typeof error !== 'object') return typeof error;
  const { name, cause } = error as { name?: unknown; cause?: { code?: unknown; name?: unknown } };
  if (name === 'TimeoutError' || name === 'AbortError') return String(name);
  if (cause !== undefined && cause !== null && typeof cause.code === 'string') return cause.code;
  if (cause !== undefined && cause !== null && typeof cause.name === 'string' && cause.name !== 'Error')
    return cause.name;
  return typeof name === 'string' ? name : 'Error';
}

/**
 * Probes a model server once: any 2xx status is healthy (ALLOW); another status is
 * `Local model server at {url} is unhealthy (status: N).`; no answer within `timeoutMs`, a refused
 * connection or any other failure is `Local model server at {url} is unreachable. Error: {name}`.
 * Never throws.
 */
export async function probeModelServer(url: string, timeoutMs: number, method: 'GET' | 'HEAD'): Promise<Decision> {
  try {
    const response = await fetch(url, { method, signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return ALLOW;
    return BLOCK(`Local model server at ${url} is unhealthy (status: ${response.status}).`, {
      localModelHealthUrl: url,
      status: response.status,
    });
  } catch (error) {
    const name = errorName(error);
    return BLOCK(`Local model server at ${url} is unreachable. Error: ${name}`, {
      localModelHealthUrl: url,
      error: name,
    });
  }
}
