import { ActionType, InvalidArgumentError, isDecision, type Decision, type PolicyContext } from '@clearstone/core';
import { InterventionError } from '../errors/intervention-error';
import { then } from '../governance/awaitable';
import type { Awaitable, GovernanceStore, StoreResult } from '../governance/types';
import { actionFingerprint } from './action-fingerprint';
import { toJsonSafe } from './json-safe';
import { MemoryInterventionStore } from './memory-intervention-store';
import { askTerminal, type PromptInput, type PromptOutput, type TerminalQuestion } from './terminal-prompt';
import type { InterventionRecord, InterventionStatus, InterventionStore } from './types';

/** Where an {@link InterventionClient} keeps interventions: an {@link InterventionStore} or a {@link GovernanceStore}. */
export type InterventionStorage = InterventionStore | GovernanceStore;

/**
 * What a client over store `S` answers: values over an {@link InterventionStore} or a synchronous
 * governance store (memory, SQLite), promises over a networked one (Redis).
 */
export type InterventionResult<S, T> = S extends GovernanceStore ? StoreResult<S, T> : T;

/** Options of {@link InterventionClient}. */
export interface InterventionClientOptions<S extends InterventionStorage = InterventionStore> {
  /**
   * Where interventions live. A {@link FileInterventionStore} or a `SqliteGovernanceStore` shares
   * them with the other processes of a machine, a `RedisGovernanceStore` with other machines.
   * Default: in memory.
   */
  store?: S;
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
export class InterventionClient<S extends InterventionStorage = InterventionStore> {
  /** Where this client reads and writes interventions. */
  readonly store: S;
  private readonly records: RecordAccess;
  private readonly pollIntervalMs: number;
  private readonly terminal: boolean | 'auto';
  private readonly input: PromptInput;
  private readonly output: PromptOutput;
  private readonly defaultTimeoutMs: number;
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(options: InterventionClientOptions<S> = {}) {
    this.store = options.store ?? (new MemoryInterventionStore() as InterventionStore as S);
    this.records = recordAccess(this.store);
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
   * Over a networked store the answer is a promise.
   *
   * @throws InvalidArgumentError when `decision` is not a PAUSE decision.
   */
  requestIntervention(
    decision: Decision,
    options: { context?: PolicyContext; fingerprint?: string } = {},
  ): InterventionResult<S, InterventionRecord> {
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
    const record: InterventionRecord = {
      id,
      status: 'pending',
      reason: decision.reason ?? '',
      metadata: toJsonSafe(decision.metadata),
      ...(policyName === undefined ? {} : { policyName }),
      ...(fingerprint === undefined ? {} : { fingerprint }),
      createdAt: new Date().toISOString(),
    };
    const result = then(this.records.get(id), (existing) => {
      if (existing !== undefined) return existing;
      if (fingerprint === undefined) return then(this.records.put(record), () => record);
      return then(this.records.list(), (records) => {
        const match = records.find((candidate) => candidate.fingerprint === fingerprint && isOpen(candidate));
        return match ?? then(this.records.put(record), () => record);
      });
    });
    return result as InterventionResult<S, InterventionRecord>;
  }

  /**
   * Resolves true once the intervention is approved (consuming the approval), false when it is
   * rejected, unknown, already used, timed out, aborted, or the terminal answer is not yes. Of
   * several clients waiting on one approval, exactly one gets true. A store that fails while
   * waiting is asked again at the next poll; the wait still ends at its timeout.
   */
  waitForApproval(id: string, options: WaitForApprovalOptions = {}): Promise<boolean> {
    if (options.signal?.aborted) return Promise.resolve(false);
    const timeoutMs = positive(options.timeoutMs ?? this.defaultTimeoutMs, 'timeoutMs');
    try {
      return Promise.resolve(
        then(this.records.get(id), (record) => {
          if (record === undefined) return false;
          if (record.status !== 'pending') return this.consume(record);
          return this.wait(id, record, timeoutMs, options);
        }),
      ).catch(() => false);
    } catch {
      return Promise.resolve(false);
    }
  }

  /** Approves a pending intervention. @throws InterventionError `'INTERVENTION_NOT_FOUND'` */
  approve(id: string, options: { by?: string } = {}): InterventionResult<S, InterventionRecord> {
    return this.decide(id, 'approved', options.by ?? 'programmatic') as InterventionResult<S, InterventionRecord>;
  }

  /** Rejects an intervention. @throws InterventionError `'INTERVENTION_NOT_FOUND'` */
  reject(id: string, options: { by?: string } = {}): InterventionResult<S, InterventionRecord> {
    return this.decide(id, 'rejected', options.by ?? 'programmatic') as InterventionResult<S, InterventionRecord>;
  }

  /** Interventions in the store, optionally only those with `status`. */
  list(options: { status?: InterventionStatus } = {}): InterventionResult<S, InterventionRecord[]> {
    return then(this.records.list(), (records) =>
      options.status === undefined ? records : records.filter((record) => record.status === options.status),
    ) as InterventionResult<S, InterventionRecord[]>;
  }

  /** One intervention, or undefined. */
  get(id: string): InterventionResult<S, InterventionRecord | undefined> {
    return this.records.get(id) as InterventionResult<S, InterventionRecord | undefined>;
  }

  private wait(
    id: string,
    record: InterventionRecord,
    timeoutMs: number,
    options: WaitForApprovalOptions,
  ): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let question: TerminalQuestion | undefined;
      let checking = false;
      const check = (): void => {
        if (finished || checking) return;
        checking = true;
        let current: Awaitable<InterventionRecord | undefined>;
        try {
          current = this.records.get(id);
        } catch {
          checking = false;
          return;
        }
        void Promise.resolve(current)
          .then(
            (found) => {
              if (found === undefined) finish(false);
              else if (found.status !== 'pending') return Promise.resolve(this.consume(found)).then(finish);
              return undefined;
            },
            () => undefined,
          )
          .finally(() => {
            checking = false;
          });
      };
      const onAbort = (): void => finish(false);
      const poll = setInterval(check, this.pollIntervalMs);
      const timer = setTimeout(() => finish(false), timeoutMs);
      const listeners = this.listeners.get(id) ?? new Set<() => void>();
      this.listeners.set(id, listeners.add(check));
      let finished = false;
      if (options.signal?.aborted) finish(false);
      else options.signal?.addEventListener('abort', onAbort, { once: true });
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
        void question.answer.then(async (approved) => {
          if (finished) return;
          try {
            const current = await this.records.get(id);
            if (current?.status === 'pending') await this.decide(id, approved ? 'approved' : 'rejected', 'terminal');
            this.output.write(approved ? '✅ Approved.\n' : '❌ Rejected.\n');
            const decided = await this.records.get(id);
            if (decided !== undefined && decided.status !== 'pending') finish(await this.consume(decided));
          } catch {
            // The store failed: not approved.
          }
          finish(false);
        });
      }
    });
  }

  private decide(id: string, status: InterventionStatus, by: string): Awaitable<InterventionRecord> {
    return then(this.records.get(id), (record) => {
      if (record === undefined) {
        throw new InterventionError({ code: 'INTERVENTION_NOT_FOUND', message: `No intervention with id '${id}'.` });
      }
      const decided: InterventionRecord = { ...record, status, decidedAt: new Date().toISOString(), decidedBy: by };
      return then(this.records.put(decided), () => {
        this.listeners.get(id)?.forEach((listener) => listener());
        return decided;
      });
    });
  }

  private consume(record: InterventionRecord): Awaitable<boolean> {
    if (record.status !== 'approved' || record.consumedAt !== undefined) return false;
    return then(this.records.consume(record.id, new Date().toISOString()), (consumed) => consumed !== undefined);
  }

  private usesTerminal(): boolean {
    if (this.terminal === 'auto') return this.input.isTTY === true;
    return this.terminal;
  }
}

/** Reading and writing interventions the same way over either kind of store. */
interface RecordAccess {
  get(id: string): Awaitable<InterventionRecord | undefined>;
  put(record: InterventionRecord): Awaitable<void>;
  list(): Awaitable<InterventionRecord[]>;
  consume(id: string, at: string): Awaitable<InterventionRecord | undefined>;
}

function isGovernanceStore(store: InterventionStorage): store is GovernanceStore {
  return typeof (store as GovernanceStore).consumeIntervention === 'function';
}

function recordAccess(store: InterventionStorage): RecordAccess {
  if (store === null || typeof store !== 'object')
    throw new InvalidArgumentError({
      message: 'InterventionClient: store must be an InterventionStore or a GovernanceStore.',
      argument: 'store',
    });
  if (isGovernanceStore(store)) {
    return {
      get: (id) => store.getIntervention(id),
      put: (record) => store.putIntervention(record),
      list: () => store.listInterventions(),
      consume: (id, at) => store.consumeIntervention(id, at),
    };
  }
  if (typeof store.get !== 'function' || typeof store.put !== 'function' || typeof store.list !== 'function')
    throw new InvalidArgumentError({
      message: 'InterventionClient: store must be an InterventionStore or a GovernanceStore.',
      argument: 'store',
    });
  return {
    get: (id) => store.get(id),
    put: (record) => store.put(record),
    list: () => store.list(),
    consume: (id, at) => {
      const record = store.get(id);
      if (record === undefined || record.status !== 'approved' || record.consumedAt !== undefined) return undefined;
      const consumed = { ...record, consumedAt: at };
      store.put(consumed);
      return consumed;
    },
  };
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
