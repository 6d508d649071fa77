/**
 * @clearstone/testing/jest — matchers for recorded agent traces. Importing this entry registers
 * them on the global `expect` when there is one (Jest's `setupFilesAfterEnv`); `clearstoneMatchers`
 * is exported for `expect.extend` elsewhere (Vitest, `@jest/globals`). Its declarations type them
 * on Jest's global `expect` once TypeScript sees them: add the entry to the tsconfig's `types`.
 *
 * @example
 * ```ts
 * // jest.config.cjs: setupFilesAfterEnv: ['@clearstone/testing/jest']
 * // tsconfig.json:   "types": ["jest", "@clearstone/testing/jest"]
 * test('the researcher searches once and stays on budget', () => {
 *   const trace = harness.loadTraces({ limit: 1 })[0];
 *   expect(trace).toHaveCalledTool('web_search', { times: 1 });
 *   expect(trace).toHaveNoErrors();
 *   expect(trace).toCostLessThan(0.05);
 * });
 * ```
 * @packageDocumentation
 */
import { clearstoneMatchers } from './clearstone-matchers';

export { clearstoneMatchers } from './clearstone-matchers';
export { formatTraceTree } from '../format';
export type { ClearstoneMatchers } from './matcher-types';
export type { MatcherContextLike, MatcherOutcome } from './matcher-message';

const globalExpect = (globalThis as { expect?: { extend?: (matchers: object) => void } }).expect;
if (typeof globalExpect?.extend === 'function') globalExpect.extend(clearstoneMatchers);
