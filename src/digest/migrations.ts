/**
 * Schema of the digest state database, versioned with PRAGMA user_version. Migrations only move
 * forward: never edit a released one, append a new one (its index + 1 is the version it produces).
 */

import type Database from 'better-sqlite3';
import { AppError } from '../errors.js';

export interface Migration {
  /** One line for logs and the README's migration notes. */
  description: string;
  up: (db: Database.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    description: 'subscriptions, digest log, shown papers',
    up: (db) =>
      db.exec(`
        CREATE TABLE subscriptions (
          channel_id           TEXT PRIMARY KEY,
          guild_id             TEXT NOT NULL,
          time                 TEXT NOT NULL,            -- "HH:MM", local to tz
          tz                   TEXT NOT NULL,            -- IANA name
          topics               TEXT,
          created_by           TEXT NOT NULL,
          created_at           INTEGER NOT NULL,         -- epoch ms
          updated_at           INTEGER NOT NULL,
          paused_reason        TEXT,                     -- NULL = active
          consecutive_failures INTEGER NOT NULL DEFAULT 0,
          last_result          TEXT                      -- human summary for /digest list
        );
        CREATE INDEX subscriptions_by_guild ON subscriptions (guild_id);

        -- One row per channel and local day: the row itself is the "already posted today" guard.
        CREATE TABLE digest_log (
          channel_id TEXT NOT NULL,
          local_day  TEXT NOT NULL,                      -- "YYYY-MM-DD" in the subscription's zone
          status     TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'unconfirmed')),
          claimed_at INTEGER NOT NULL,
          sent_at    INTEGER,
          message_id TEXT,
          error      TEXT,
          UNIQUE (channel_id, local_day)
        );

        CREATE TABLE shown_papers (
          channel_id TEXT NOT NULL,
          paper_id   TEXT NOT NULL,
          shown_at   INTEGER NOT NULL,
          cycle      INTEGER NOT NULL,
          PRIMARY KEY (channel_id, cycle, paper_id)
        );

        -- The current archive cycle per channel; kept apart from subscriptions so that
        -- unsubscribing and subscribing again does not replay the archive from the start.
        CREATE TABLE channel_cycles (
          channel_id TEXT PRIMARY KEY,
          cycle      INTEGER NOT NULL
        );
      `),
  },
  {
    description: 'shelf runs (daily fetch, /shelf add and remove) and papers removed from the shelf',
    up: (db) =>
      db.exec(`
        -- One row per shelf job the bot ran, for /shelf status.
        CREATE TABLE shelf_runs (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          trigger     TEXT NOT NULL,                     -- 'daily' | 'add' | 'remove'
          started_at  INTEGER NOT NULL,                  -- epoch ms
          finished_at INTEGER NOT NULL,
          ok          INTEGER NOT NULL,                  -- 1 done, 0 failed
          summary     TEXT NOT NULL                      -- one line: what it did, or the error
        );

        -- Papers an editor took off the shelf: the daily fetch does not add them back.
        CREATE TABLE shelf_removed (
          paper_id   TEXT PRIMARY KEY,
          removed_at INTEGER NOT NULL,
          removed_by TEXT NOT NULL
        );
      `),
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class DigestStoreError extends AppError {
  constructor(message: string) {
    super(message, { code: 'database' });
  }
}

function userVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

function refuseNewer(version: number, file: string): never {
  throw new DigestStoreError(
    `${file} was written by a newer papershelf (schema v${version}, this one knows v${SCHEMA_VERSION}); ` +
      'upgrade papershelf or point DATABASE_PATH at another file',
  );
}

/**
 * Brings the database to SCHEMA_VERSION. Each step runs in an IMMEDIATE transaction together with
 * its user_version bump, so a crash leaves the file at the previous version, never half-migrated,
 * and two processes starting together cannot both apply the same step.
 * Returns the version found before migrating.
 */
export function migrate(db: Database.Database, file: string): number {
  const found = userVersion(db);
  if (found > SCHEMA_VERSION) refuseNewer(found, file);
  for (let target = found + 1; target <= SCHEMA_VERSION; target++) {
    const step = MIGRATIONS[target - 1];
    if (!step) break;
    db.transaction(() => {
      const current = userVersion(db);
      if (current >= target) return; // another process got there first
      step.up(db);
      db.pragma(`user_version = ${target}`);
    }).immediate();
  }
  const now = userVersion(db);
  if (now > SCHEMA_VERSION) refuseNewer(now, file);
  return found;
}
