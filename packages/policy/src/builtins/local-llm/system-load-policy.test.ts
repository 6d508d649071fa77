import { ActionType, type Decision } from '@clearstone/core';
import { contextWith } from '../internal/test-context';
import { systemLoadPolicy } from './system-load-policy';
import { SystemLoadSampler, defaultSystemLoadSampler, readOsLoad, stopSystemLoadSampling } from './system-load-sampler';

const decide = (decision: Decision | Promise<Decision>): Decision => decision as Decision;
const CPU_MESSAGE = /^System CPU load is critical \(\d+\.\d%\)\. Action blocked to prevent overload\.$/;
const MEMORY_MESSAGE = /^System memory usage is critical \(\d+\.\d%\)\. Action blocked\.$/;

describe('SystemLoadSampler', () => {
  const sampler = new SystemLoadSampler({ intervalMs: 250 });
  afterAll(() => sampler.stop());

  it('answers from the os fallback before the first sample, then from systeminformation', async () => {
    const first = sampler.read();
    expect(first.source).toBe('os');
    expect(sampler.running).toBe(true);
    await sampler.sample();
    const sampled = sampler.read();
    expect(sampled.source).toBe('systeminformation');
    for (const value of [sampled.cpuPercent, sampled.memoryPercent]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(100);
    }
    expect(sampled.memoryPercent).toBeGreaterThan(0);
    sampler.stop();
    expect(sampler.running).toBe(false);
  });

  it('has a synchronous fallback with real numbers', () => {
    const load = readOsLoad();
    expect(load.memoryPercent).toBeGreaterThan(0);
    expect(load.cpuPercent).toBeGreaterThanOrEqual(0);
  });
});

describe('systemLoadPolicy', () => {
  const sampler = new SystemLoadSampler({ intervalMs: 250 });
  beforeAll(() => sampler.sample());
  afterAll(() => {
    sampler.stop();
    stopSystemLoadSampling();
  });

  it('has the original name and priority', () => {
    expect(systemLoadPolicy({ sampler }).policyInfo).toMatchObject({ name: 'system_load_protection', priority: 200 });
  });

  it('allows with 100% thresholds and blocks on memory with a 0% memory threshold', () => {
    expect(
      decide(systemLoadPolicy({ sampler, cpuThresholdPercent: 100, memoryThresholdPercent: 100 })(contextWith()))
        .action,
    ).toBe(ActionType.ALLOW);
    const decision = decide(
      systemLoadPolicy({ sampler, cpuThresholdPercent: 100, memoryThresholdPercent: 0 })(contextWith()),
    );
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toMatch(MEMORY_MESSAGE);
  });

  it('blocks with 0% thresholds (CPU checked first when it is above zero)', () => {
    const decision = decide(
      systemLoadPolicy({ sampler, cpuThresholdPercent: 0, memoryThresholdPercent: 0 })(contextWith()),
    );
    expect(decision.action).toBe(ActionType.BLOCK);
    expect(decision.reason).toMatch(
      (decision.metadata.cpuPercent as number | undefined) === undefined ? MEMORY_MESSAGE : CPU_MESSAGE,
    );
  });

  it('takes thresholds from metadata over options', () => {
    const policy = systemLoadPolicy({ sampler, cpuThresholdPercent: 100, memoryThresholdPercent: 100 });
    expect(decide(policy(contextWith({ memoryThresholdPercent: 0 }))).reason).toMatch(MEMORY_MESSAGE);
    const strict = systemLoadPolicy({ sampler, memoryThresholdPercent: 0 });
    expect(decide(strict(contextWith({ cpuThresholdPercent: 100, memoryThresholdPercent: 100 }))).action).toBe(
      ActionType.ALLOW,
    );
  });

  it('formats readings as the original and checks CPU before memory', () => {
    const policy = systemLoadPolicy({ readLoad: () => ({ cpuPercent: 95, memoryPercent: 98 }) });
    expect(decide(policy(contextWith())).reason).toBe(
      'System CPU load is critical (95.0%). Action blocked to prevent overload.',
    );
    const custom = systemLoadPolicy({
      cpuThresholdPercent: 80,
      readLoad: () => ({ cpuPercent: 85, memoryPercent: 10 }),
    });
    expect(decide(custom(contextWith())).action).toBe(ActionType.BLOCK);
    const memory = systemLoadPolicy({ readLoad: () => ({ cpuPercent: 50, memoryPercent: 96.25 }) });
    expect(decide(memory(contextWith())).reason).toBe('System memory usage is critical (96.3%). Action blocked.');
    expect(
      decide(systemLoadPolicy({ readLoad: () => ({ cpuPercent: 50, memoryPercent: 70 }) })(contextWith())).action,
    ).toBe(ActionType.ALLOW);
  });

  it('fails closed on a reading that is not numeric', () => {
    const broken = systemLoadPolicy({ readLoad: () => ({ cpuPercent: Number.NaN, memoryPercent: 10 }) });
    expect(decide(broken(contextWith())).action).toBe(ActionType.BLOCK);
  });

  it('rejects invalid thresholds at construction', () => {
    expect(() => systemLoadPolicy({ cpuThresholdPercent: 150 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'cpuThresholdPercent' }),
    );
    expect(() => systemLoadPolicy({ memoryThresholdPercent: '90' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => systemLoadPolicy({ sampler: {} as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'sampler' }),
    );
  });

  it('uses the shared sampler by default and dispose() stops it', () => {
    const policy = systemLoadPolicy();
    void policy(contextWith());
    expect(defaultSystemLoadSampler.running).toBe(true);
    policy.dispose();
    expect(defaultSystemLoadSampler.running).toBe(false);
  });
});
