export { DeterministicExecutionContext, type DeterministicContextOptions } from './deterministic-execution-context';
export { type MockTarget, type ReplayCall, type SpanMatcher } from './replay-mock';
export { SeededRandom } from './seeded-random';
