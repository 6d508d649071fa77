/**
 * What a policy decides about an action.
 *
 * Severity, most severe first: BLOCK > PAUSE > REDACT > ALERT > ALLOW; SKIP is neutral (the
 * policy does not apply).
 */
export enum ActionType {
  /** Let the action proceed. */
  ALLOW = 'allow',
  /** Stop the action. */
  BLOCK = 'block',
  /** Hold the action until a human approves it. */
  PAUSE = 'pause',
  /** Let the action proceed but report it. */
  ALERT = 'alert',
  /** Let the action proceed after removing sensitive data. */
  REDACT = 'redact',
  /** The policy does not apply to this action. */
  SKIP = 'skip',
}
