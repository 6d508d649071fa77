import { ActionType } from '@clearstone/core';

/** How many decisions of each action; all six actions are always present. */
export type DecisionCounts = Record<ActionType, number>;

/** Counts with every action at zero. */
export function emptyDecisionCounts(): DecisionCounts {
  return {
    [ActionType.ALLOW]: 0,
    [ActionType.BLOCK]: 0,
    [ActionType.PAUSE]: 0,
    [ActionType.ALERT]: 0,
    [ActionType.REDACT]: 0,
    [ActionType.SKIP]: 0,
  };
}
