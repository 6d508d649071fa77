import { InvalidArgumentError, type Decision } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy } from '../internal/builtin-policy';
import { readNumber, readString } from '../internal/metadata-readers';
import { checkNumber, checkOptionsObject, checkString } from '../internal/option-checks';
import { checkHealthUrl, OLLAMA_HEALTH_URL, probeModelServer } from './health-probe';

/** Options of {@link modelHealthCheckPolicy}. */
export interface ModelHealthCheckPolicyOptions {
  /**
   * URL to probe (default Ollama, {@link OLLAMA_HEALTH_URL}; LM Studio: `http://localhost:1234/v1/models`;
   * any http(s) URL). Metadata `localModelHealthUrl` overrides it.
   */
  localModelHealthUrl?: string;
  /** Probe timeout in seconds (default 0.5); metadata `healthCheckTimeout` overrides it. */
  healthCheckTimeout?: number;
  /** How long a probe result is reused for the same URL (default 2000 ms; 0 probes every time). */
  cacheTtlMs?: number;
  /** HTTP method of the probe (default `'GET'`; some servers do not answer `HEAD` on these routes). */
  method?: 'GET' | 'HEAD';
}

interface CacheEntry {
  readonly decision: Decision;
  readonly expiresAtMs: number;
}

function pruneExpired(cache: Map<string, CacheEntry>): void {
  const now = Date.now();
  for (const [key, entry] of cache) if (entry.expiresAtMs <= now) cache.delete(key);
}

/**
 * `local_model_health_check` (priority 190, async): probes the local model server with a real
 * HTTP request before the action and BLOCKs when it is down, instead of letting an LLM call hang:
 * `Local model server at {url} is unhealthy (status: 503).` or
 * `Local model server at {url} is unreachable. Error: ECONNREFUSED`. Any 2xx is healthy. Results
 * are cached per URL for `cacheTtlMs`, and concurrent decisions share one probe. Fails closed.
 *
 * @example
 * ```ts
 * const policy = modelHealthCheckPolicy({ localModelHealthUrl: 'http://localhost:1234/v1/models', healthCheckTimeout: 1 });
 * const engine = new PolicyEngine({ policies: [policy], policyTimeoutMs: 2000 });
 * await engine.evaluate(ctx); // BLOCK while LM Studio is not running
 * ```
 */
export function modelHealthCheckPolicy(options?: ModelHealthCheckPolicyOptions): RegisteredPolicy {
  const name = 'local_model_health_check';
  const checked = checkOptionsObject(name, options);
  const urlOption = checkString(name, 'localModelHealthUrl', checked.localModelHealthUrl);
  const defaultUrl = urlOption === undefined ? OLLAMA_HEALTH_URL : checkHealthUrl(urlOption, 'localModelHealthUrl');
  const defaultTimeout = checkNumber(name, 'healthCheckTimeout', checked.healthCheckTimeout, { min: 0.001 }) ?? 0.5;
  const cacheTtlMs = checkNumber(name, 'cacheTtlMs', checked.cacheTtlMs, { min: 0 }) ?? 2000;
  const method = checked.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    throw new InvalidArgumentError({
      message: `Policy '${name}': option 'method' must be 'GET' or 'HEAD'.`,
      argument: 'method',
    });
  }
  const cache = new Map<string, CacheEntry>();
  const inFlight = new Map<string, Promise<Decision>>();

  return defineBuiltinPolicy(
    { name, priority: 190, description: 'Blocks actions while the local model server is down.' },
    async (ctx) => {
      const metadataUrl = readString(ctx, 'localModelHealthUrl');
      const url = metadataUrl === undefined ? defaultUrl : checkHealthUrl(metadataUrl, 'metadata.localModelHealthUrl');
      const timeout = readNumber(ctx, 'healthCheckTimeout') ?? defaultTimeout;
      if (!(timeout > 0))
        throw new InvalidArgumentError({
          message: `metadata 'healthCheckTimeout' must be a positive number of seconds.`,
        });
      const cached = cache.get(url);
      if (cached !== undefined && cached.expiresAtMs > Date.now()) return cached.decision;
      let probe = inFlight.get(url);
      if (probe === undefined) {
        probe = probeModelServer(url, Math.round(timeout * 1000), method).then((decision) => {
          if (cacheTtlMs > 0) {
            if (cache.size >= 64) pruneExpired(cache);
            cache.set(url, { decision, expiresAtMs: Date.now() + cacheTtlMs });
          }
          inFlight.delete(url);
          return decision;
        });
        inFlight.set(url, probe);
      }
      return probe;
    },
  );
}
