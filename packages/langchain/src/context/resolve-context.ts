import { getCurrentContext, withMetadata, type PolicyContext } from '@clearstone/core';
import { PolicyEngineError } from '@clearstone/policy';

/**
 * Where the integration gets the context it enriches with each event: a fixed context, or a
 * function called at every decision. The ambient context (`contextScope`) always wins over it.
 */
export type ContextSource = PolicyContext | (() => PolicyContext | undefined);

/**
 * The context a decision starts from: the ambient one set by `contextScope`, else the
 * configured `source`.
 *
 * @throws PolicyEngineError `'NO_CONTEXT'` when there is neither.
 */
export function resolveBaseContext(source: ContextSource | undefined): PolicyContext {
  const ambient = getCurrentContext();
  if (ambient !== undefined) return ambient;
  const configured = typeof source === 'function' ? source() : source;
  if (configured !== undefined && configured !== null) return configured;
  throw new PolicyEngineError({
    code: 'NO_CONTEXT',
    message:
      'No PolicyContext for this LangChain run: wrap agent.invoke in contextScope(ctx, ...) or pass `context` to the middleware or handler.',
  });
}

/** The base context with the event's data merged into its metadata (event keys win). */
export function enrichContext(
  source: ContextSource | undefined,
  eventMetadata: Record<string, unknown>,
): PolicyContext {
  return withMetadata(resolveBaseContext(source), eventMetadata);
}
