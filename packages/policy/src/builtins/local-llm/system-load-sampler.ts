import { cpus, freemem, loadavg, totalmem } from 'node:os';
import si from 'systeminformation';

/** One reading of system load. */
export interface SystemLoad {
  /** CPU load across all cores, 0–100. */
  readonly cpuPercent: number;
  /** Memory in use (total minus available), 0–100. */
  readonly memoryPercent: number;
  /** `'systeminformation'` for a background sample, `'os'` for the synchronous fallback. */
  readonly source: 'systeminformation' | 'os';
  /** When the reading was taken (ms since the epoch). */
  readonly sampledAtMs: number;
}

/** Options of {@link SystemLoadSampler}. */
export interface SystemLoadSamplerOptions {
  /** How often to sample in the background (default 1000 ms). */
  intervalMs?: number;
  /** A sample older than this is ignored in favour of the fallback (default 5 × intervalMs). */
  maxAgeMs?: number;
}

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value));
}

/** CPU from the 1-minute load average per core, memory from free/total: synchronous and cheap. */
export function readOsLoad(): SystemLoad {
  const cores = Math.max(1, cpus().length);
  const total = totalmem();
  return {
    cpuPercent: clampPercent((loadavg()[0] / cores) * 100),
    memoryPercent: clampPercent(total > 0 ? ((total - freemem()) / total) * 100 : 0),
    source: 'os',
    sampledAtMs: Date.now(),
  };
}

/**
 * Samples CPU (`si.currentLoad()`) and memory (`si.mem()`) from systeminformation in the
 * background on an unref'd interval, so reading the latest sample never waits and never keeps the
 * process alive. Until the first sample arrives, or when the last one is stale or sampling
 * failed, {@link read} falls back to `os.loadavg()`/`os.cpus()` and `os.totalmem()`/`os.freemem()`.
 * Sampling starts on the first {@link read} (or {@link start}) and stops with {@link stop}.
 *
 * @example
 * ```ts
 * const sampler = new SystemLoadSampler({ intervalMs: 500 });
 * const policy = systemLoadPolicy({ sampler });
 * // … on shutdown:
 * sampler.stop();
 * ```
 */
export class SystemLoadSampler {
  private readonly intervalMs: number;
  private readonly maxAgeMs: number;
  private timer: NodeJS.Timeout | undefined;
  private latest: SystemLoad | undefined;
  private inFlight: Promise<void> | undefined;
  private lastError: unknown;

  constructor(options: SystemLoadSamplerOptions = {}) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.maxAgeMs = options.maxAgeMs ?? this.intervalMs * 5;
  }

  /** True while the background interval runs. */
  get running(): boolean {
    return this.timer !== undefined;
  }

  /** The error of the last failed sample, if the last attempt failed. */
  get error(): unknown {
    return this.lastError;
  }

  /** Starts background sampling (idempotent) and takes a first sample right away. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    this.timer.unref();
    void this.sample();
  }

  /** Stops background sampling. A later {@link read} starts it again. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The latest sample, or the synchronous fallback; never waits. Starts sampling when stopped. */
  read(): SystemLoad {
    this.start();
    const latest = this.latest;
    if (latest !== undefined && Date.now() - latest.sampledAtMs <= this.maxAgeMs) return latest;
    return readOsLoad();
  }

  /** Takes one sample now (shared with any sample already in flight). */
  sample(): Promise<void> {
    this.inFlight ??= Promise.all([si.currentLoad(), si.mem()])
      .then(([load, memory]) => {
        const available = memory.available > 0 ? memory.available : memory.free;
        this.latest = {
          cpuPercent: clampPercent(load.currentLoad),
          memoryPercent: clampPercent(memory.total > 0 ? ((memory.total - available) / memory.total) * 100 : 0),
          source: 'systeminformation',
          sampledAtMs: Date.now(),
        };
        this.lastError = undefined;
      })
      .catch((error: unknown) => {
        this.lastError = error;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}

/** The sampler shared by every {@link systemLoadPolicy} that is not given its own. */
export const defaultSystemLoadSampler = new SystemLoadSampler();

/**
 * Stops the shared background sampler (for clean process or test exit). A later decision of a
 * system-load policy starts it again.
 */
export function stopSystemLoadSampling(): void {
  defaultSystemLoadSampler.stop();
}
