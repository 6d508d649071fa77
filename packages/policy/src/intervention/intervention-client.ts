import { ActionType, InvalidArgumentError, isDecision, type Decision, type PolicyContext } from '@clearstone/core';
import { InterventionError } from '../errors/intervention-error';
import { actionFingerprint } from './action-fingerprint';
import { toJsonSafe } from './json-safe';
import { MemoryInterventionStore } from './memory-intervention-store';
import { askTerminal, type PromptInput, type PromptOutput, type TerminalQuestion } from './terminal-prompt';
import type { InterventionRecord, InterventionStatus, InterventionStore } from './types';

/** Options of {@link InterventionClient}. */
export interface InterventionClientOptions {
  /** Where interventions live; a {@link FileInterventionStore} shares them with other processes. Default: in memory. */
  store?: InterventionStore;
  /** How often a waiting client re-reads the store for decisions made elsewhere (default 250 ms). */
  pollIntervalMs?: number;
  /** Ask on the terminal while waiting: `'auto'` (default) only when `input` is a TTY; `true` always; `false` never. */
  terminal?: boolean | 'auto';
  /** Terminal input (default `process.stdin`); any Node.js readable stream. */
  input?: PromptInput;
  /** Terminal output (default `process.stdout`); any Node.js writable stream. */
  output?: PromptOutput;
  /** Default `timeoutMs` of {@link InterventionClient.waitForApproval} (default 300 000). */
  defaultTimeoutMs?: number;
}

/** Options of {@link InterventionClient.waitForApproval}. */
export interface WaitForApprovalOptions {
  /** Give up (rejected) after this many milliseconds. */
  timeoutMs?: number;
  /** Give up (rejected) when aborted. */
  signal?: AbortSignal;
  /** The terminal question; default "Approve action for intervention '{id}'? (yes/no): ". */
  prompt?: string;
}

/**
 * Human-in-the-loop approval of PAUSE decisions. A pending intervention can be decided on the
 * terminal (readline), in-process (`approve`/`reject`), or by another process sharing the store
 * (e.g. the `clearstone interventions approve` command with a {@link FileInterventionStore}).
 * Waiting fails closed: timeout, abort, end of input or an unknown id mean "not approved".
 * An approval is single-use: it lets its action through once.
 *
 * @example
 * ```ts
 * const client = new InterventionClient({ store: new FileInterventionStore() });
 * const decision = await engine.evaluate(ctx);
 * if (decision.action === ActionType.PAUSE) {
 *   const { id } = client.requestIntervention(decision, { context: ctx });
 *   if (!(await client.waitForApproval(id, { timeoutMs: 60_000 }))) throw new Error('not approved');
 * }
 * ```
 */
export class InterventionClient {
  /** Where this client reads and writes interventions. */
  readonly store: InterventionStore;
  private readonly pollIntervalMs: number;
  private readonly terminal: boolean | 'auto';
  private readonly input: PromptInput;
  private readonly output: PromptOutput;
  private readonly defaultTimeoutMs: number;
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(options: InterventionClientOptions = {}) {
    this.store = options.store ?? new MemoryInterventionStore();
    this.pollIntervalMs = positive(options.pollIntervalMs ?? 250, 'pollIntervalMs');
    this.defaultTimeoutMs = positive(options.defaultTimeoutMs ?? 300_000, 'defaultTimeoutMs');
    this.terminal = options.terminal ?? 'auto';
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
  }

  /**
   * Records a PAUSE decision as a pending intervention and returns it. An intervention that
   * already exists under the decision's id, or — given a `context` or `fingerprint` — a pending
   * or unused approved one for the same action, is returned instead; use the returned `id`.
   *
   * @throws InvalidArgumentError when `decision` is not a PAUSE decision.
   */
  requestIntervention(
    decision: Decision,
    options: { context?: PolicyContext; fingerprint?: string } = {},
  ): InterventionRecord {
    if (!isDecision(decision) || decision.action !== ActionType.PAUSE) {
      throw new InvalidArgumentError({ message: 'requestIntervention needs a PAUSE decision.', argument: 'decision' });
    }
    const id = decision.metadata.interventionId;
    if (typeof id !== 'string' || id === '') {
      throw new InvalidArgumentError({
        message: 'The PAUSE decision has no metadata.interventionId.',
        argument: 'decision',
      });
    }
    const policyName = typeof decision.metadata.policyName === 'string' ? decision.metadata.policyName : undefined;
    const fingerprint =
      options.fingerprint ??
      (options.context === undefined ? undefined : actionFingerprint(options.context, policyName));
    const existing = this.store.get(id);
    if (existing !== undefined) return existing;
    if (fingerprint !== undefined) {
      const match = this.store.list().find((record) => record.fingerprint === fingerprint && isOpen(record));
      if (match !== undefined) return match;
    }
    const record: InterventionRecord = {
      id,
      status: 'pending',
      reason: decision.reason ?? '',
      metadata: toJsonSafe(decision.metadata),
      ...(policyName === undefined ? {} : { policyName }),
      ...(fingerprint === undefined ? {} : { fingerprint }),
      createdAt: new Date().toISOString(),
    };
    this.store.put(record);
    return record;
  }

  /**
   * Resolves true once the intervention is approved (consuming the approval), false when it is
   * rejected, unknown, already used, timed out, aborted, or the terminal answer is not yes.
   */
  waitForApproval(id: string, options: WaitForApprovalOptions = {}): Promise<boolean> {
    const record = this.store.get(id);
    if (record === undefined || options.signal?.aborted) return Promise.resolve(false);
    if (record.status !== 'pending') return Promise.resolve(this.consume(record));
    const timeoutMs = positive(options.timeoutMs ?? this.defaultTimeoutMs, 'timeoutMs');
    return new Promise<boolean>((resolve) => {
      let question: TerminalQuestion | undefined;
      const check = (): void => {
        const current = this.store.get(id);
        if (current === undefined) finish(false);
        else if (current.status !== 'pending') finish(this.consume(current));
      };
      const onAbort = (): void => finish(false);
      const poll = setInterval(check, this.pollIntervalMs);
      const timer = setTimeout(() => finish(false), timeoutMs);
      const listeners = this.listeners.get(id) ?? new Set<() => void>();
      this.listeners.set(id, listeners.add(check));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      let finished = false;
      function finish(approved: boolean): void {
        if (finished) return;
        finished = true;
        clearInterval(poll);
        clearTimeout(timer);
        listeners.delete(check);
        options.signal?.removeEventListener('abort', onAbort);
        question?.cancel();
        resolve(approved);
      }
      if (this.usesTerminal()) {
        this.output.write(`\n⏸  Human intervention required (${id})\n  Reason: ${record.reason}\n`);
        question = askTerminal(
          options.prompt ?? `Approve action for intervention '${id}'? (yes/no): `,
          this.input,
          this.output,
        );
        void question.answer.then((approved) => {
          if (finished) return;
          const current = this.store.get(id);
          if (current?.status === 'pending') this.decide(id, approved ? 'approved' : 'rejected', 'terminal');
          this.output.write(approved ? '✅ Approved.\n' : '❌ Rejected.\n');
          check();
          finish(false);
        });
      }
    });
  }

  /** Approves a pending intervention. @throws InterventionError `'INTERVENTION_NOT_FOUND'` */
  approve(id: string, options: { by?: string } = {}): InterventionRecord {
    return this.decide(id, 'approved', options.by ?? 'programmatic');
  }

  /** Rejects an intervention. @throws InterventionError `'INTERVENTION_NOT_FOUND'` */
  reject(id: string, options: { by?: string } = {}): InterventionRecord {
    return this.decide(id, 'rejected', options.by ?? 'programmatic');
  }

  /** Interventions in the store, optionally only those with `status`. */
  list(options: { status?: InterventionStatus } = {}): InterventionRecord[] {
    const records = this.store.list();
    return options.status === undefined ? records : records.filter((record) => record.status === options.status);
  }

  /** One intervention, or undefined. */
  get(id: string): InterventionRecord | undefined {
    return this.store.get(id);
  }

  private decide(id: string, status: InterventionStatus, by: string): InterventionRecord {
    const record = this.store.get(id);
    if (record === undefined) {
      throw new InterventionError({ code: 'INTERVENTION_NOT_FOUND', message: `No intervention with id '${id}'.` });
    }
    const decided: InterventionRecord = { ...record, status, decidedAt: new Date().toISOString(), decidedBy: by };
    this.store.put(decided);
    this.listeners.get(id)?.forEach((listener) => listener());
    return decided;
  }

  private consume(record: InterventionRecord): boolean {
    if (record.status !== 'approved' || record.consumedAt !== undefined) return false;
    this.store.put({ ...record, consumedAt: new Date().toISOString() });
    return true;
  }

  private usesTerminal(): boolean {
    if (this.terminal === 'auto') return this.input.isTTY === true;
    return this.terminal;
  }
}

function isOpen(record: InterventionRecord): boolean {
  return record.status === 'pending' || (record.status === 'approved' && record.consumedAt === undefined);
}

function positive(value: number, name: string): number {
  if (typeof value !== 'number' || !(value > 0)) {
    throw new InvalidArgumentError({
      message: `InterventionClient ${name} must be a positive number of milliseconds.`,
      argument: name,
    });
  }
  return value;
}
