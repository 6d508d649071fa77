export { PolicyMetrics, addLatency, countInto, type PolicyCounters, type PolicyStats } from './policy-metrics';
export { LatencyWindow } from './latency-window';
