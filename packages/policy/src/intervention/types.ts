/** Where an intervention stands. An approval is single-use: `consumedAt` is set when it lets an action through. */
export type InterventionStatus = 'pending' | 'approved' | 'rejected';

/** One request for human approval, as kept in an {@link InterventionStore}. */
export interface InterventionRecord {
  /** The intervention id, from the PAUSE decision's `metadata.interventionId`. */
  readonly id: string;
  /** Pending until a human approves or rejects it. */
  readonly status: InterventionStatus;
  /** The PAUSE decision's reason. */
  readonly reason: string;
  /** The PAUSE decision's metadata (JSON-safe copy). */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The policy that paused, when the decision names it. */
  readonly policyName?: string;
  /** Stable digest of the paused action, used to recognise a re-run of the same action. */
  readonly fingerprint?: string;
  /** ISO-8601 times. */
  readonly createdAt: string;
  /** When it was approved or rejected; ISO-8601. */
  readonly decidedAt?: string;
  /** Who decided: `'terminal'`, `'programmatic'`, a CLI user name, … */
  readonly decidedBy?: string;
  /** When the approval let the action through (it will not again). */
  readonly consumedAt?: string;
}

/** Persistence of interventions, shared by every client (and process) that uses it. */
export interface InterventionStore {
  /** The intervention with this id, or undefined. */
  get(id: string): InterventionRecord | undefined;
  /** Stores a record, replacing any with the same id. */
  put(record: InterventionRecord): void;
  /** Every stored intervention. */
  list(): InterventionRecord[];
}
