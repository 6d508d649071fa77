import { ActionType, type Decision } from '@clearstone/core';
import type { AlertHandler, GovernedEvent } from './types';

/** True for an ALERT, or a decision that carries ALERT reasons from other policies. */
export function hasAlerts(decision: Decision): boolean {
  const alerts = decision.metadata.alerts;
  return decision.action === ActionType.ALERT || (Array.isArray(alerts) && alerts.length > 0);
}

/** Calls `onAlert` for a decision with alerts; its errors become process warnings, never failures. */
export async function notifyAlert(
  onAlert: AlertHandler | undefined,
  decision: Decision,
  event: GovernedEvent,
): Promise<void> {
  if (!onAlert || !hasAlerts(decision)) return;
  try {
    await onAlert(decision, event);
  } catch (error) {
    process.emitWarning(
      `Clearstone onAlert handler failed: ${error instanceof Error ? error.message : String(error)}`,
      'ClearstoneWarning',
    );
  }
}
