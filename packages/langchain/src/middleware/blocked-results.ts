import type { Decision } from '@clearstone/core';
import { AIMessage, ToolMessage } from '@langchain/core/messages';
import { describeEvent } from '../decisions/policy-errors';
import type { GovernedEvent } from '../decisions/types';
import { BLOCKED_MARKER } from './run-totals';

function blockText(decision: Decision, event: GovernedEvent): string {
  const policy = typeof decision.metadata.policyName === 'string' ? ` by policy '${decision.metadata.policyName}'` : '';
  return `Blocked${policy}: ${describeEvent(event)} is not allowed. Reason: ${decision.reason ?? 'blocked'}`;
}

/** The error ToolMessage returned for a blocked tool call in `'tool-message'` mode. */
export function blockedToolMessage(
  decision: Decision,
  event: GovernedEvent,
  toolCallId: string | undefined,
): ToolMessage {
  return new ToolMessage({
    content: blockText(decision, event),
    tool_call_id: toolCallId ?? '',
    name: event.toolName,
    status: 'error',
    response_metadata: { [BLOCKED_MARKER]: true, policyDecision: { action: decision.action, reason: decision.reason } },
  });
}

/** The AIMessage returned for a blocked model call in `'tool-message'` mode; it ends the run. */
export function blockedModelMessage(decision: Decision, event: GovernedEvent): AIMessage {
  return new AIMessage({
    content: blockText(decision, event),
    response_metadata: { [BLOCKED_MARKER]: true, policyDecision: { action: decision.action, reason: decision.reason } },
  });
}
