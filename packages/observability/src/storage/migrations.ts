import type Database from 'better-sqlite3';
import { migrateV1ToV2 } from './migrate-v1';
import { migrateV2ToV3 } from './stored-flags';

/** One schema step: `up` turns a database at `version - 1` into one at `version`. */
export interface Migration {
  /** The schema version the step produces. */
  version: number;
  /** What the step changes, in a few words. */
  description: string;
  /** Applies the step to a database at `version - 1`. */
  up(db: Database.Database): void;
}

/** Every step from the first released schema to the current one, in order. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 2, description: 'compact ids, traces table, events, links, error stacks', up: migrateV1ToV2 },
  { version: 3, description: 'blocked and paused flags per trace, backfilled from the spans', up: migrateV2ToV3 },
];

/** Runs the steps after `fromVersion`, each setting `user_version`, inside the caller's transaction. */
export function runMigrations(db: Database.Database, fromVersion: number): void {
  for (const migration of MIGRATIONS) {
    if (migration.version <= fromVersion) continue;
    migration.up(db);
    db.pragma(`user_version = ${migration.version}`);
  }
}
