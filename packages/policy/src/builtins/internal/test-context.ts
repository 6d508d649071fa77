import { createContext, type PolicyContext } from '@clearstone/core';

/** A context for tests of the prebuilt policies. */
export function contextWith(metadata: Record<string, unknown> = {}, userId = 'user-1'): PolicyContext {
  return createContext({ userId, agentId: 'agent-1', metadata });
}
