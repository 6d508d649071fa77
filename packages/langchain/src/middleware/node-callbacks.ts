import { getCallbackManagerForConfig, ensureConfig } from '@langchain/core/runnables';
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons';

/** The part of LangChain's `CallbackManager` the middleware uses. */
export interface NodeCallbacks {
  /** Handlers called for the node's runs. */
  handlers: readonly unknown[];
  /** The node's run id. */
  getParentRunId(): string | undefined;
  /** Sends a custom event to the handlers, on the run `runId`. */
  handleCustomEvent?(eventName: string, data: unknown, runId: string): Promise<unknown>;
}

function isNodeCallbacks(value: unknown): value is NodeCallbacks {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { handlers?: unknown }).handlers) &&
    typeof (value as { getParentRunId?: unknown }).getParentRunId === 'function'
  );
}

/**
 * The callback manager of the agent node the middleware runs in (the `model_request` or `tools`
 * node): the one LangGraph put in the node's config, read as is; otherwise (a config that holds a
 * list of handlers) the manager LangChain builds from it. Undefined outside a LangChain run.
 */
export async function nodeCallbacks(): Promise<NodeCallbacks | undefined> {
  const config = AsyncLocalStorageProviderSingleton.getRunnableConfig() as { callbacks?: unknown } | undefined;
  if (config === undefined) return undefined;
  if (isNodeCallbacks(config.callbacks)) return config.callbacks;
  try {
    const manager = await getCallbackManagerForConfig(ensureConfig());
    return isNodeCallbacks(manager) ? manager : undefined;
  } catch {
    return undefined;
  }
}
