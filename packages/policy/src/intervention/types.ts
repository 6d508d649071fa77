/** Where an intervention stands. An approval is single-use: `consumedAt` is set when it lets an action through. */
export type InterventionStatus = 'pending' | 'approved' | 'rejected';

/** One request for human approval, as kept in an {@link InterventionStore}. */
export interface InterventionRecord {
  readonly id: string;
  readonly status: InterventionStatus;
  readonly reason: string;
  /** The PAUSE decision's metadata (JSON-safe copy). */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The policy that paused, when the decision names it. */
  readonly policyName?: string;
  /** Stable digest of the paused action, used to recognise a re-run of the same action. */
  readonly fingerprint?: string;
  /** ISO-8601 times. */
  readonly createdAt: string;
  readonly decidedAt?: string;
  /** Who decided: `'terminal'`, `'programmatic'`, a CLI user name, … */
  readonly decidedBy?: string;
  /** When the approval let the action through (it will not again). */
  readonly consumedAt?: string;
}

/** Persistence of interventions, shared by every client (and process) that uses it. */
export interface InterventionStore {
  get(id: string): InterventionRecord | undefined;
  put(record: InterventionRecord): void;
  list(): InterventionRecord[];
}
