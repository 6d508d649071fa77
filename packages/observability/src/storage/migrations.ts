import type Database from 'better-sqlite3';
import { migrateV1ToV2 } from './migrate-v1';
import { migrateV2ToV3 } from './stored-flags';

/**
 * An open better-sqlite3 `Database`. Only a few of its members are named here, so that the
 * published types need no `@types/better-sqlite3`; a migration step needs a real better-sqlite3
 * database, which is always one of these.
 */
export interface SqliteDatabase {
  /** Runs SQL statements that return no rows. */
  exec(source: string): unknown;
  /** Reads or sets a pragma, e.g. `pragma('user_version', { simple: true })`. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
}

/** One schema step: `up` turns a database at `version - 1` into one at `version`. */
export interface Migration {
  /** The schema version the step produces. */
  version: number;
  /** What the step changes, in a few words. */
  description: string;
  /** Applies the step to a better-sqlite3 database at `version - 1`. */
  up(db: SqliteDatabase): void;
}

/** A step as this package runs it, with the database fully typed. */
interface MigrationStep extends Migration {
  up(db: Database.Database): void;
}

const STEPS: readonly MigrationStep[] = [
  { version: 2, description: 'compact ids, traces table, events, links, error stacks', up: migrateV1ToV2 },
  { version: 3, description: 'blocked and paused flags per trace, backfilled from the spans', up: migrateV2ToV3 },
];

/** Every step from the first released schema to the current one, in order. */
export const MIGRATIONS: readonly Migration[] = STEPS;

/** Runs the steps after `fromVersion`, each setting `user_version`, inside the caller's transaction. */
export function runMigrations(db: Database.Database, fromVersion: number): void {
  for (const migration of STEPS) {
    if (migration.version <= fromVersion) continue;
    migration.up(db);
    db.pragma(`user_version = ${migration.version}`);
  }
}
