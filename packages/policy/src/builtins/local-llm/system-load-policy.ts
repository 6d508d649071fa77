import { ALLOW, BLOCK, InvalidArgumentError } from '@clearstone/core';
import type { RegisteredPolicy } from '../../policy/types';
import { defineBuiltinPolicy } from '../internal/builtin-policy';
import { asNumber } from '../internal/metadata-readers';
import { checkFunction, checkNumber, checkOptionsObject } from '../internal/option-checks';
import { defaultSystemLoadSampler, SystemLoadSampler, type SystemLoad } from './system-load-sampler';

/** Options of {@link systemLoadPolicy}. */
export interface SystemLoadPolicyOptions {
  /** CPU load (%) above which actions are blocked (default 90); metadata `cpuThresholdPercent` overrides it. */
  cpuThresholdPercent?: number;
  /** Memory use (%) above which actions are blocked (default 95); metadata `memoryThresholdPercent` overrides it. */
  memoryThresholdPercent?: number;
  /** The sampler to read from (default: the shared {@link defaultSystemLoadSampler}). */
  sampler?: SystemLoadSampler;
  /** Reads load from another source instead of a sampler (e.g. cgroup limits); must not block. */
  readLoad?: () => Pick<SystemLoad, 'cpuPercent' | 'memoryPercent'>;
}

/** A system-load policy: a RegisteredPolicy that can stop its background sampler. */
export type SystemLoadPolicy = RegisteredPolicy & {
  /** Stops the sampler this policy reads from; a later decision restarts it. */
  dispose(): void;
};

/**
 * `system_load_protection` (priority 200): BLOCKs when the machine is overloaded, so a local model
 * does not freeze it. CPU is checked first:
 * `System CPU load is critical (97.3%). Action blocked to prevent overload.`, then memory:
 * `System memory usage is critical (96.1%). Action blocked.` Readings come from a background
 * systeminformation sampler and never delay a decision.
 *
 * @example
 * ```ts
 * const policy = systemLoadPolicy({ cpuThresholdPercent: 85, memoryThresholdPercent: 90 });
 * const engine = new PolicyEngine({ policies: [policy] });
 * // … when done:
 * policy.dispose();
 * ```
 */
export function systemLoadPolicy(options?: SystemLoadPolicyOptions): SystemLoadPolicy {
  const name = 'system_load_protection';
  const checked = checkOptionsObject(name, options);
  const cpuThreshold =
    checkNumber(name, 'cpuThresholdPercent', checked.cpuThresholdPercent, { min: 0, max: 100 }) ?? 90;
  const memoryThreshold =
    checkNumber(name, 'memoryThresholdPercent', checked.memoryThresholdPercent, { min: 0, max: 100 }) ?? 95;
  if (checked.sampler !== undefined && !(checked.sampler instanceof SystemLoadSampler)) {
    throw new InvalidArgumentError({
      message: `Policy '${name}': option 'sampler' must be a SystemLoadSampler.`,
      argument: 'sampler',
    });
  }
  const sampler = checked.sampler ?? defaultSystemLoadSampler;
  const readLoad =
    checkFunction<() => Pick<SystemLoad, 'cpuPercent' | 'memoryPercent'>>(name, 'readLoad', checked.readLoad) ??
    (() => sampler.read());
  const policy = defineBuiltinPolicy(
    { name, priority: 200, description: 'Blocks actions while CPU or memory use is critical.' },
    (ctx) => {
      const cpuLimit = asNumber(ctx.metadata.cpuThresholdPercent, 'cpuThresholdPercent') ?? cpuThreshold;
      const memoryLimit = asNumber(ctx.metadata.memoryThresholdPercent, 'memoryThresholdPercent') ?? memoryThreshold;
      const { cpuPercent, memoryPercent } = readLoad();
      if (!Number.isFinite(cpuPercent) || !Number.isFinite(memoryPercent)) {
        throw new InvalidArgumentError({
          message: `system load reading is not numeric (cpu: ${String(cpuPercent)}, memory: ${String(memoryPercent)}).`,
        });
      }
      if (cpuPercent > cpuLimit) {
        return BLOCK(`System CPU load is critical (${cpuPercent.toFixed(1)}%). Action blocked to prevent overload.`, {
          cpuPercent,
          cpuThresholdPercent: cpuLimit,
        });
      }
      if (memoryPercent > memoryLimit) {
        return BLOCK(`System memory usage is critical (${memoryPercent.toFixed(1)}%). Action blocked.`, {
          memoryPercent,
          memoryThresholdPercent: memoryLimit,
        });
      }
      return ALLOW;
    },
  );
  Object.defineProperty(policy, 'dispose', { value: () => sampler.stop() });
  return policy as SystemLoadPolicy;
}
