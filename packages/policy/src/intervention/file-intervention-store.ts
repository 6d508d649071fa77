import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from '@clearstone/core';
import { InterventionError } from '../errors/intervention-error';
import type { InterventionRecord, InterventionStore } from './types';

const SAFE_ID = /^[A-Za-z0-9_.-]{1,200}$/;

/** The directory interventions are shared through by default: `$CLEARSTONE_INTERVENTIONS_DIR` or `./.clearstone/interventions`. */
export function defaultInterventionDirectory(): string {
  return resolve(process.env.CLEARSTONE_INTERVENTIONS_DIR ?? join('.clearstone', 'interventions'));
}

/**
 * Interventions as one JSON file each (`<id>.json`) in a directory, so that another process —
 * e.g. `clearstone interventions approve <id>` in a second terminal — can decide them. Writes
 * are atomic (temporary file, then rename).
 *
 * @example
 * ```ts
 * const client = new InterventionClient({ store: new FileInterventionStore('/var/run/agent/interventions') });
 * // elsewhere: new FileInterventionStore('/var/run/agent/interventions') + InterventionClient.approve(id)
 * ```
 */
export class FileInterventionStore implements InterventionStore {
  /** Absolute path of the directory holding the `<id>.json` files; created if missing. */
  readonly directory: string;

  constructor(directory: string = defaultInterventionDirectory()) {
    if (typeof directory !== 'string' || directory === '') {
      throw new InvalidArgumentError({
        message: 'FileInterventionStore needs a directory path.',
        argument: 'directory',
      });
    }
    this.directory = resolve(directory);
    try {
      mkdirSync(this.directory, { recursive: true });
    } catch (error) {
      throw storeError(`create ${this.directory}`, error);
    }
  }

  /** The intervention in `<id>.json`, or undefined when there is none or the id is not a safe file name. */
  get(id: string): InterventionRecord | undefined {
    if (!SAFE_ID.test(id)) return undefined;
    let text: string;
    try {
      text = readFileSync(this.pathOf(id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw storeError(`read intervention ${id}`, error);
    }
    try {
      return JSON.parse(text) as InterventionRecord;
    } catch (error) {
      throw storeError(`parse ${this.pathOf(id)}`, error);
    }
  }

  /** Writes `<id>.json` atomically. @throws InvalidArgumentError for an id other than letters, digits, `_`, `.` and `-`. */
  put(record: InterventionRecord): void {
    if (!SAFE_ID.test(record.id)) {
      throw new InvalidArgumentError({
        message: `Intervention id '${record.id}' may only contain letters, digits, '_', '.' and '-'.`,
        argument: 'id',
      });
    }
    const target = this.pathOf(record.id);
    const temporary = `${target}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`, 'utf8');
      renameSync(temporary, target);
    } catch (error) {
      throw storeError(`write intervention ${record.id}`, error);
    }
  }

  /** Every intervention in the directory, oldest first. */
  list(): InterventionRecord[] {
    let names: string[];
    try {
      names = readdirSync(this.directory).filter((name) => name.endsWith('.json'));
    } catch (error) {
      throw storeError(`list ${this.directory}`, error);
    }
    return names
      .map((name) => this.get(name.slice(0, -'.json'.length)))
      .filter((record): record is InterventionRecord => record !== undefined)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  private pathOf(id: string): string {
    return join(this.directory, `${id}.json`);
  }
}

function storeError(action: string, error: unknown): InterventionError {
  return new InterventionError({
    code: 'INTERVENTION_STORE_FAILED',
    message: `Intervention store could not ${action}: ${String(error)}`,
    cause: error,
  });
}
