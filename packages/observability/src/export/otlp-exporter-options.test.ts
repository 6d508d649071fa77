import { MissingDependencyError } from '../errors';
import { requireOptional } from './load-transformer';
import { resolveOtlpOptions } from './otlp-exporter-options';
import { parseRetryAfter, retryDelayMs } from './retry-delay';

describe('resolveOtlpOptions', () => {
  it('uses the defaults of the OTLP/HTTP specification', () => {
    const resolved = resolveOtlpOptions({}, {});
    expect(resolved).toMatchObject({
      encoding: 'protobuf',
      compression: 'none',
      timeoutMs: 10_000,
      maxRetries: 5,
      maxQueueSize: 2048,
      maxBatchSize: 512,
      headers: {},
    });
    expect(resolved.url.href).toBe('http://localhost:4318/v1/traces');
    expect(resolved.resource['service.name']).toBe('unknown_service:node');
  });

  it('falls back to the standard OTEL_* environment variables, options winning over them', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example.com:4318/',
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Basic%20cGs6c2s=,x-team=agents',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_SERVICE_NAME: 'from-env',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=staging,service.name=ignored',
    };
    const resolved = resolveOtlpOptions({ headers: { 'x-team': 'override' } }, env);
    expect(resolved.url.href).toBe('https://collector.example.com:4318/v1/traces');
    expect(resolved.headers).toEqual({ Authorization: 'Basic cGs6c2s=', 'x-team': 'override' });
    expect(resolved.compression).toBe('gzip');
    expect(resolved.resource).toMatchObject({ 'service.name': 'from-env', 'deployment.environment.name': 'staging' });
    expect(resolveOtlpOptions({ serviceName: 'explicit' }, env).resource['service.name']).toBe('explicit');
    expect(
      resolveOtlpOptions({}, { ...env, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom' }).url.href,
    ).toBe('http://traces:4318/custom');
  });
});

describe('retry delays', () => {
  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('grows exponentially with jitter, capped, and lets Retry-After decide up to the cap', () => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const delay = retryDelayMs(attempt, 100, 10_000, undefined);
      expect(delay).toBeGreaterThanOrEqual(50 * 2 ** attempt);
      expect(delay).toBeLessThanOrEqual(100 * 2 ** attempt);
    }
    expect(retryDelayMs(20, 100, 1000, undefined)).toBeLessThanOrEqual(1000);
    expect(retryDelayMs(0, 100, 10_000, 2500)).toBe(2500);
    expect(retryDelayMs(0, 100, 1000, 60_000)).toBe(1000);
  });
});

describe('optional dependencies', () => {
  it('names the missing package and how to install it', () => {
    let thrown: unknown;
    try {
      requireOptional('@clearstone/not-an-installed-package', 'OtlpHttpExporter');
    } catch (error) {
      thrown = error;
    }
    expect(MissingDependencyError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'MISSING_DEPENDENCY', packageName: '@clearstone/not-an-installed-package' });
    expect((thrown as Error).message).toContain('npm install @clearstone/not-an-installed-package');
  });
});
