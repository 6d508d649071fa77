import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Trace } from '@clearstone/core';
import { redactValue } from '@clearstone/policy/builtins';
import { CassetteError } from '../errors/cassette-error';
import { cassetteFileOf, cassetteFileText, orderedEntry, parseCassetteFile, type CassetteFile } from './cassette-file';
import { entriesFromTrace } from './from-trace';
import { changedLineCount, lineDiff } from './line-diff';
import { normalizeRequest, requestsEqual } from './normalize';
import type {
  CassetteEntry,
  CassetteMatcher,
  CassetteMode,
  CassetteOptions,
  CassetteRequest,
  CassetteSource,
} from './types';

const MODES: readonly CassetteMode[] = ['record', 'replay', 'auto', 'strict'];

/** Environment variable that sets the default mode of every cassette. */
export const CASSETTE_MODE_ENV = 'CLEARSTONE_CASSETTE_MODE';

/** Options of {@link Cassette.fromTrace}. */
export interface CassetteFromTraceOptions extends CassetteOptions {
  /** Where `save()` writes the cassette (without it the cassette lives in memory only). */
  path?: string;
}

function checkedMode(value: string, source: string): CassetteMode {
  if ((MODES as readonly string[]).includes(value)) return value as CassetteMode;
  throw new CassetteError({
    code: 'INVALID_MODE',
    message: `${source} is ${JSON.stringify(value)}; expected one of ${MODES.map((mode) => `'${mode}'`).join(', ')}.`,
  });
}

/**
 * The mode a cassette opened without `mode` uses: `CLEARSTONE_CASSETTE_MODE`, else `'strict'`
 * when `CI` is set, else `'auto'`.
 */
export function defaultCassetteMode(env: Readonly<Record<string, string | undefined>> = process.env): CassetteMode {
  const fromEnv = env[CASSETTE_MODE_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return checkedMode(fromEnv.trim(), CASSETTE_MODE_ENV);
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0' ? 'strict' : 'auto';
}

function piiRedactor(entry: CassetteEntry): CassetteEntry {
  return redactValue(entry, { entities: ['all'] });
}

function redactorOf(option: CassetteOptions['redact']): ((entry: CassetteEntry) => CassetteEntry) | undefined {
  if (option === true) return piiRedactor;
  if (typeof option === 'function') return option;
  return undefined;
}

function describeCall(request: CassetteRequest): string {
  return `${request.kind} call ${JSON.stringify(request.name)}`;
}

function prettyRequest(request: CassetteRequest): string {
  return JSON.stringify(request, null, 2);
}

/**
 * Recorded model and tool calls, answered in place of the live ones so agent tests run offline,
 * fast and the same every time. Open one per test file (or per test) with {@link Cassette.open},
 * pass it to an integration such as `cassetteMiddleware` of `@clearstone/langchain/testing`, and
 * call `save()` when the test is done.
 *
 * Modes: `'record'` calls everything live and rewrites the file; `'replay'` never calls live (a
 * call without a recording throws `CassetteError` `UNRECORDED_CALL`); `'auto'` replays what is
 * recorded and records the rest; `'strict'` is `'replay'` that also fails in `save()` when
 * recordings were never used. Calls match in order per kind and name: the next unused recording
 * of that model or tool that the matcher accepts, so repeated identical calls replay in sequence.
 *
 * @example
 * ```ts
 * const cassette = await Cassette.open('test/cassettes/refund.json', { redact: true });
 * const answer = cassette.replay({ kind: 'tool', name: 'search', args: { query: 'refunds' } });
 * if (answer === undefined) cassette.record({ kind: 'tool', name: 'search', args: { query: 'refunds' } }, { content: '3 results' });
 * await cassette.save();
 * ```
 */
export class Cassette implements CassetteSource {
  /** The cassette's mode. */
  readonly mode: CassetteMode;
  /** The cassette file, or undefined for a cassette that lives in memory. */
  readonly path: string | undefined;

  private readonly recorded: CassetteEntry[];
  private readonly used: boolean[];
  private readonly matcher: CassetteMatcher;
  private readonly ignoreSystemPrompt: boolean;
  private readonly redactor: ((entry: CassetteEntry) => CassetteEntry) | undefined;
  private changed = false;

  private constructor(
    path: string | undefined,
    mode: CassetteMode,
    entries: readonly CassetteEntry[],
    options: CassetteOptions,
  ) {
    this.path = path;
    this.mode = mode;
    this.recorded = entries.map(orderedEntry);
    this.used = this.recorded.map(() => false);
    const match = options.match;
    this.ignoreSystemPrompt = typeof match === 'object' && match !== null && match.ignoreSystemPrompt === true;
    this.matcher =
      typeof match === 'function'
        ? match
        : (live, recorded) => requestsEqual(live, recorded, { ignoreSystemPrompt: this.ignoreSystemPrompt });
    this.redactor = redactorOf(options.redact);
  }

  /**
   * Opens the cassette file at `path` (reading it when it exists). The mode is `options.mode`,
   * else `CLEARSTONE_CASSETTE_MODE`, else `'strict'` when `CI` is set, else `'auto'`. In
   * `'record'` mode the existing recordings are replaced by the new ones on `save()`.
   *
   * @throws CassetteError `INVALID_MODE` (bad mode or environment value), `CASSETTE_NOT_FOUND`
   * (`replay`/`strict` without a file), `CORRUPT_CASSETTE` or `UNSUPPORTED_VERSION` (a file that
   * cannot be read; it is never overwritten).
   */
  static async open(path: string, options: CassetteOptions = {}): Promise<Cassette> {
    const mode = options.mode !== undefined ? checkedMode(options.mode, 'The cassette mode') : defaultCassetteMode();
    const absolute = resolve(path);
    let entries: CassetteEntry[] = [];
    if (existsSync(absolute)) {
      entries = parseCassetteFile(await readFile(absolute, 'utf8'), absolute);
    } else if (mode === 'replay' || mode === 'strict') {
      throw new CassetteError({
        code: 'CASSETTE_NOT_FOUND',
        path: absolute,
        message: `Cassette not found: ${absolute} (mode '${mode}' only replays). Record it first with ${CASSETTE_MODE_ENV}=record (or 'auto').`,
      });
    }
    return new Cassette(absolute, mode, mode === 'record' ? [] : entries, options);
  }

  /**
   * A cassette holding the model and tool calls of a recorded trace, in start order: tool spans
   * give their arguments and result, model spans the messages sent, the answer (content and tool
   * calls), the usage and the response model. Governed calls that did not run are left out.
   * `options.redact` applies to the entries; with `options.path`, `save()` writes them there.
   *
   * @example
   * ```ts
   * const [trace] = new PolicyTestHarness('traces.db').loadTraces({ limit: 1 });
   * const cassette = Cassette.fromTrace(trace, { mode: 'strict' });
   * ```
   */
  static fromTrace(trace: Trace, options: CassetteFromTraceOptions = {}): Cassette {
    const mode = options.mode !== undefined ? checkedMode(options.mode, 'The cassette mode') : defaultCassetteMode();
    const redactor = redactorOf(options.redact);
    const entries = entriesFromTrace(trace).map((entry) => (redactor ? redactor(entry) : entry));
    const cassette = new Cassette(
      options.path === undefined ? undefined : resolve(options.path),
      mode,
      entries,
      options,
    );
    cassette.changed = entries.length > 0;
    return cassette;
  }

  /** Every recording, in recording order (plain data, keys in the file's order). */
  get entries(): readonly CassetteEntry[] {
    return this.recorded;
  }

  /** The recordings no call has used yet. */
  get unused(): readonly CassetteEntry[] {
    return this.recorded.filter((_entry, index) => !this.used[index]);
  }

  /**
   * The recorded response for `request`: the next unused recording of the same kind and name that
   * the matcher accepts. In `'record'` mode, and in `'auto'` mode when nothing matches: undefined
   * (call live, then {@link record}).
   *
   * @throws CassetteError `UNRECORDED_CALL` in `'replay'`/`'strict'` mode when nothing matches;
   * the message shows the closest recorded request and the difference.
   */
  replay(request: CassetteRequest): CassetteEntry['response'] | undefined {
    if (this.mode === 'record') return undefined;
    const live = this.comparable(request);
    const index = this.recorded.findIndex(
      (entry, position) =>
        !this.used[position] &&
        entry.request.kind === live.kind &&
        entry.request.name === live.name &&
        this.matcher(live, entry.request),
    );
    if (index >= 0) {
      this.used[index] = true;
      return structuredClone(this.recorded[index].response);
    }
    if (this.mode === 'auto') return undefined;
    throw this.unrecorded(request, live);
  }

  /**
   * Records a live call's response (redacted first when the cassette redacts), marked as used.
   *
   * @throws CassetteError `NOT_RECORDING` in `'replay'`/`'strict'` mode.
   */
  record(request: CassetteRequest, response: CassetteEntry['response']): void {
    if (this.mode === 'replay' || this.mode === 'strict') {
      throw new CassetteError({
        code: 'NOT_RECORDING',
        ...(this.path === undefined ? {} : { path: this.path }),
        message: `The cassette is in '${this.mode}' mode and records nothing; use ${CASSETTE_MODE_ENV}=record or 'auto' to record ${describeCall(request)}.`,
      });
    }
    const entry = orderedEntry({ request, response });
    this.recorded.push(orderedEntry(this.redactor ? this.redactor(entry) : entry));
    this.used.push(true);
    this.changed = true;
  }

  /**
   * Throws when recordings were never used.
   *
   * @throws CassetteError `UNUSED_RECORDINGS` listing them (kind, name, position).
   */
  assertAllUsed(): void {
    const unused = this.recorded.map((entry, index) => ({ entry, index })).filter(({ index }) => !this.used[index]);
    if (unused.length === 0) return;
    const listed = unused
      .slice(0, 20)
      .map(({ entry, index }) => `  #${index + 1} ${describeCall(entry.request)}`)
      .join('\n');
    const more = unused.length > 20 ? `\n  … and ${unused.length - 20} more` : '';
    throw new CassetteError({
      code: 'UNUSED_RECORDINGS',
      ...(this.path === undefined ? {} : { path: this.path }),
      unused: unused.map(({ entry }) => entry),
      message: `${unused.length} recorded call${unused.length === 1 ? ' was' : 's were'} never used${this.path === undefined ? '' : ` (${this.path})`}:\n${listed}${more}\nThe agent no longer makes these calls; re-record the cassette with ${CASSETTE_MODE_ENV}=record.`,
    });
  }

  /**
   * Writes the cassette file when something was recorded (or in `'record'` mode), creating its
   * directory, through a temporary file renamed into place. In `'strict'` mode, checks first that
   * every recording was used.
   *
   * @throws CassetteError `UNUSED_RECORDINGS` (strict mode), `NO_PATH` (in-memory cassette with
   * something to write).
   */
  async save(): Promise<void> {
    if (this.mode === 'strict') this.assertAllUsed();
    if (!this.changed && this.mode !== 'record') return;
    if (this.path === undefined) {
      throw new CassetteError({
        code: 'NO_PATH',
        message: 'This cassette was built in memory without a path; pass { path } to Cassette.fromTrace to save it.',
      });
    }
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.${Date.now()}.tmp`;
    try {
      await writeFile(temporary, cassetteFileText(this.recorded), 'utf8');
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    this.changed = false;
  }

  /** The cassette file's content: `{ format: 'clearstone-cassette', version: 1, entries }`. */
  toJSON(): CassetteFile {
    return cassetteFileOf(this.recorded);
  }

  /** The live request as recordings are compared with it: redacted like them when the cassette redacts. */
  private comparable(request: CassetteRequest): CassetteRequest {
    if (this.redactor === undefined) return request;
    return this.redactor({
      request: orderedEntry({ request, response: { content: null } }).request,
      response: { content: null },
    }).request;
  }

  private unrecorded(request: CassetteRequest, live: CassetteRequest): CassetteError {
    const options = { ignoreSystemPrompt: this.ignoreSystemPrompt };
    const liveText = prettyRequest(normalizeRequest(live, options));
    const sameName = this.recorded.filter(
      (entry) => entry.request.kind === live.kind && entry.request.name === live.name,
    );
    const candidates =
      sameName.length > 0 ? sameName : this.recorded.filter((entry) => entry.request.kind === live.kind);
    let closest: CassetteRequest | undefined;
    let closestText = '';
    let fewest = Number.POSITIVE_INFINITY;
    for (const entry of candidates) {
      const text = prettyRequest(normalizeRequest(entry.request, options));
      const changes = changedLineCount(text, liveText);
      if (changes < fewest) {
        fewest = changes;
        closest = entry.request;
        closestText = text;
      }
    }
    const where = this.path === undefined ? '' : ` in ${this.path}`;
    const lines = [`No recording${where} answers this ${describeCall(request)} (mode '${this.mode}').`];
    if (closest === undefined) {
      lines.push(`The cassette holds no ${request.kind} calls.`);
    } else if (fewest === 0) {
      lines.push(
        `It matches a recording that an earlier call already used: the agent makes this call more often than when the cassette was recorded.`,
      );
    } else {
      lines.push(
        `Closest recorded ${describeCall(closest)} (- recorded, + this call):`,
        lineDiff(closestText, liveText),
      );
    }
    lines.push(
      `If the change is intended, re-record the cassette with ${CASSETTE_MODE_ENV}=record (or use mode 'auto' to record the missing calls).`,
    );
    return new CassetteError({
      code: 'UNRECORDED_CALL',
      ...(this.path === undefined ? {} : { path: this.path }),
      request,
      ...(closest === undefined ? {} : { closest }),
      message: lines.join('\n'),
    });
  }
}
