import type { InterventionRecord, InterventionStore } from './types';

/**
 * Interventions held in this process only. The default store of {@link InterventionClient}.
 *
 * @example
 * ```ts
 * const store = new MemoryInterventionStore();
 * const agentSide = new InterventionClient({ store });
 * const reviewerSide = new InterventionClient({ store });
 * ```
 */
export class MemoryInterventionStore implements InterventionStore {
  private readonly records = new Map<string, InterventionRecord>();

  /** The intervention with this id, or undefined. */
  get(id: string): InterventionRecord | undefined {
    return this.records.get(id);
  }

  /** Stores a frozen copy of the record, replacing any with the same id. */
  put(record: InterventionRecord): void {
    this.records.set(record.id, Object.freeze({ ...record }));
  }

  /** Every stored intervention, in the order first stored. */
  list(): InterventionRecord[] {
    return [...this.records.values()];
  }
}
