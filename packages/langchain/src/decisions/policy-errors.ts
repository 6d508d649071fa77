import { PolicyPauseError, PolicyViolationError, type Decision } from '@clearstone/core';
import type { GovernedEvent } from './types';

/** Words for what was decided on, e.g. `tool call 'search'` or `model call to 'gpt-4o'`. */
export function describeEvent(event: GovernedEvent): string {
  switch (event.eventType) {
    case 'tool_call':
      return `tool call '${event.toolName ?? 'unknown'}'`;
    case 'retriever_call':
      return `retriever call${event.retrieverName ? ` '${event.retrieverName}'` : ''}`;
    default:
      return `model call${event.model ? ` to '${event.model}'` : ''}`;
  }
}

/** The error for a BLOCK of `event`. */
export function violationError(decision: Decision, event: GovernedEvent, cause?: unknown): PolicyViolationError {
  const message = `Policy blocked ${describeEvent(event)}: ${decision.reason ?? 'blocked'}`;
  return new PolicyViolationError({ message, decision, cause });
}

/** The error for a PAUSE of `event` that no approval channel resolved. */
export function pauseError(decision: Decision, event: GovernedEvent, cause?: unknown): PolicyPauseError {
  const message = `Policy paused ${describeEvent(event)} for approval (intervention ${String(decision.metadata.interventionId)}): ${decision.reason ?? 'paused'}`;
  return new PolicyPauseError({ message, decision, cause });
}
