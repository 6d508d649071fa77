/**
 * `@clearstone/langchain/testing` — record and replay LangChain model and tool calls with a
 * cassette (`Cassette` of `@clearstone/testing`), so agent tests run offline, fast and the same
 * every time.
 *
 * @example
 * ```ts
 * import { cassetteMiddleware, withCassette } from '@clearstone/langchain/testing';
 * const agent = createAgent({ model, tools, middleware: [cassetteMiddleware(cassette)] });
 * const answer = await withCassette(model, cassette).invoke([new HumanMessage('hi')]);
 * ```
 * @packageDocumentation
 */

export { cassetteMiddleware, modelCassetteRequest } from './cassette-middleware';
export { withCassette } from './with-cassette';

export type { CassetteMiddlewareOptions } from './cassette-middleware';
export type { CassetteInvocable } from './with-cassette';
export type {
  CassetteMessage,
  CassetteMode,
  CassetteModelResponse,
  CassetteRequest,
  CassetteSource,
  CassetteToolResponse,
} from './cassette-types';
