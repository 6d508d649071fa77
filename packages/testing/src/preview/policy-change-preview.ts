import type { ActionType } from '@clearstone/core';
import type { DecisionCounts } from '../result';

/** A change of a call's final action from the baseline set to the head set, e.g. `'allow→block'`. */
export type ActionChange = `${ActionType}→${ActionType}`;

/** One recorded call whose final action differs between the baseline and the head policy set. */
export interface PolicyFlip {
  /** Trace of the call. */
  traceId: string;
  /** Span that recorded the call. */
  spanId: string;
  /** A tool call or a model call. */
  kind: 'tool' | 'model';
  /** The tool called, for a tool call. */
  toolName?: string;
  /** The model called, for a model call, when recorded. */
  model?: string;
  /** The user of the context the call was decided in. */
  userId?: string;
  /** Final action of the baseline set. */
  before: ActionType;
  /** Final action of the head set. */
  after: ActionType;
  /** The baseline's deciding policy (none when every policy allowed). */
  beforePolicy?: string;
  /** The head's deciding policy (none when every policy allowed). */
  afterPolicy?: string;
  /** Why: the head's reason, or the baseline's when the head allows the call. */
  reason?: string;
}

/** What a change of policies does through one policy: the flips it decides after, and before. */
export interface PolicyFlipCounts {
  /** Flips the head set decides through this policy (`afterPolicy`). */
  added: number;
  /** Flips the baseline set decided through this policy (`beforePolicy`). */
  removed: number;
  /** Of `added`, calls this policy now blocks that the baseline did not. */
  newBlocks: number;
  /** Of `removed`, calls this policy blocked that the head set does not block. */
  liftedBlocks: number;
}

/** What {@link PolicyChangePreview.summary} returns: every count, without the list of flips. */
export interface PolicyChangeSummary {
  /** Name of the baseline set, e.g. `PolicyEngine(a, b)`. */
  baseline: string;
  /** Name of the head set. */
  head: string;
  /** Policies of the head set that the baseline set does not have. */
  policiesAdded: string[];
  /** Policies of the baseline set that the head set does not have. */
  policiesRemoved: string[];
  /** Traces read. */
  tracesAnalyzed: number;
  /** Tool and model calls both sets evaluated. */
  callsEvaluated: number;
  /** Calls whose final action differs. */
  totalFlips: number;
  /** Flips listed in `flips` (at most `maxFlips`). */
  flipsListed: number;
  /** Calls the head set blocks and the baseline did not. */
  newBlocks: number;
  /** Calls the baseline blocked and the head set does not. */
  liftedBlocks: number;
  /** Flips per change of action, e.g. `{ 'allow→block': 2, 'allow→alert': 1 }`. */
  byChange: Partial<Record<ActionChange, number>>;
  /** Flips per policy, for every policy of either set. */
  byPolicy: Record<string, PolicyFlipCounts>;
  /** Final decisions per action of each set, over the calls evaluated. */
  decisions: { baseline: DecisionCounts; head: DecisionCounts };
}

/** Fields of a {@link PolicyChangePreview}. */
export interface PolicyChangePreviewInit {
  /** Name of the baseline set. */
  baseline: string;
  /** Name of the head set. */
  head: string;
  /** Policies of the baseline set, in evaluation order. */
  baselinePolicies: readonly string[];
  /** Policies of the head set, in evaluation order. */
  headPolicies: readonly string[];
  /** Traces read. */
  tracesAnalyzed: number;
  /** Tool and model calls both sets evaluated. */
  callsEvaluated: number;
  /** The flips kept, in the order the calls were read. */
  flips: readonly PolicyFlip[];
  /** Every flip, kept or not. */
  totalFlips: number;
  /** Calls the head set blocks and the baseline did not. */
  newBlocks: number;
  /** Calls the baseline blocked and the head set does not. */
  liftedBlocks: number;
  /** Flips per change of action. */
  byChange: Partial<Record<ActionChange, number>>;
  /** Flips per policy. */
  byPolicy: Record<string, PolicyFlipCounts>;
  /** Final decisions per action of each set. */
  decisions: { baseline: DecisionCounts; head: DecisionCounts };
}

/**
 * What changing the baseline policies into the head policies does to recorded calls: every call
 * whose final action differs (a flip), counted per change of action and per policy. Returned by
 * `previewPolicyChange`.
 *
 * @example
 * ```ts
 * const preview = await previewPolicyChange(production, proposed, harness.iterateTraces({ since: lastWeek }));
 * if (preview.newBlocks > 0) console.log(preview.flips.filter((flip) => flip.after === 'block'));
 * console.log(preview.summary().byChange); // { 'allow→block': 3, 'alert→allow': 1 }
 * ```
 */
export class PolicyChangePreview {
  /** Name of the baseline set, e.g. `PolicyEngine(a, b)`. */
  readonly baseline: string;
  /** Name of the head set. */
  readonly head: string;
  /** Policies of the baseline set, in evaluation order. */
  readonly baselinePolicies: readonly string[];
  /** Policies of the head set, in evaluation order. */
  readonly headPolicies: readonly string[];
  /** Traces read. */
  readonly tracesAnalyzed: number;
  /** Tool and model calls both sets evaluated. */
  readonly callsEvaluated: number;
  /** The first flips (at most `maxFlips`), in the order the calls were read. */
  readonly flips: readonly PolicyFlip[];
  /** Every call whose final action differs, listed or not. */
  readonly totalFlips: number;
  /** Calls the head set blocks and the baseline did not (from any other action to BLOCK). */
  readonly newBlocks: number;
  /** Calls the baseline blocked and the head set does not. */
  readonly liftedBlocks: number;
  /** Flips per change of action; changes that did not happen are absent. */
  readonly byChange: Readonly<Partial<Record<ActionChange, number>>>;
  /** Flips per policy, for every policy of either set. */
  readonly byPolicy: Readonly<Record<string, Readonly<PolicyFlipCounts>>>;
  /** Final decisions per action of each set, over the calls evaluated. */
  readonly decisions: Readonly<{ baseline: Readonly<DecisionCounts>; head: Readonly<DecisionCounts> }>;

  constructor(init: PolicyChangePreviewInit) {
    this.baseline = init.baseline;
    this.head = init.head;
    this.baselinePolicies = Object.freeze([...init.baselinePolicies]);
    this.headPolicies = Object.freeze([...init.headPolicies]);
    this.tracesAnalyzed = init.tracesAnalyzed;
    this.callsEvaluated = init.callsEvaluated;
    this.flips = Object.freeze(init.flips.map((flip) => Object.freeze({ ...flip })));
    this.totalFlips = init.totalFlips;
    this.newBlocks = init.newBlocks;
    this.liftedBlocks = init.liftedBlocks;
    this.byChange = Object.freeze({ ...init.byChange });
    const byPolicy: Record<string, Readonly<PolicyFlipCounts>> = {};
    for (const [name, counts] of Object.entries(init.byPolicy)) byPolicy[name] = Object.freeze({ ...counts });
    this.byPolicy = Object.freeze(byPolicy);
    this.decisions = Object.freeze({
      baseline: Object.freeze({ ...init.decisions.baseline }),
      head: Object.freeze({ ...init.decisions.head }),
    });
  }

  /** True when at least one recorded call would be decided differently. */
  get changed(): boolean {
    return this.totalFlips > 0;
  }

  /** True when `flips` does not list every flip (more than `maxFlips`). */
  get truncated(): boolean {
    return this.totalFlips > this.flips.length;
  }

  /** Every count as a plain object (no flips); see {@link PolicyChangeSummary}. */
  summary(): PolicyChangeSummary {
    const byPolicy: Record<string, PolicyFlipCounts> = {};
    for (const [name, counts] of Object.entries(this.byPolicy)) byPolicy[name] = { ...counts };
    return {
      baseline: this.baseline,
      head: this.head,
      policiesAdded: this.headPolicies.filter((name) => !this.baselinePolicies.includes(name)),
      policiesRemoved: this.baselinePolicies.filter((name) => !this.headPolicies.includes(name)),
      tracesAnalyzed: this.tracesAnalyzed,
      callsEvaluated: this.callsEvaluated,
      totalFlips: this.totalFlips,
      flipsListed: this.flips.length,
      newBlocks: this.newBlocks,
      liftedBlocks: this.liftedBlocks,
      byChange: { ...this.byChange },
      byPolicy,
      decisions: { baseline: { ...this.decisions.baseline }, head: { ...this.decisions.head } },
    };
  }

  /** The summary with the listed flips, for `JSON.stringify`. */
  toJSON(): PolicyChangeSummary & { flips: PolicyFlip[] } {
    return { ...this.summary(), flips: this.flips.map((flip) => ({ ...flip })) };
  }
}
