// The run database's schema, as an ordered list of migrations. `PRAGMA user_version` records the last one
// applied; opening a database applies the missing ones in one transaction, and refuses a newer schema.

import type { Database } from 'better-sqlite3';
import { RunError } from '../core/errors.js';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** Append only: a released migration is never edited, a change is a new one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, per-framework roll-ups, control verdicts and failing resources per run',
    sql: `
      CREATE TABLE runs (
        run_id          TEXT PRIMARY KEY,
        profile_id      TEXT NOT NULL,
        profile_name    TEXT NOT NULL,
        started_at      TEXT NOT NULL,
        finished_at     TEXT,
        status          TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'aborted')),
        error           TEXT,
        trigger         TEXT,
        requested_by    TEXT,
        dir             TEXT,
        archive         TEXT,
        manifest_sha256 TEXT,
        stats_json      TEXT,
        findings_json   TEXT,
        pruned_at       TEXT
      );
      CREATE INDEX runs_by_profile ON runs (profile_id, started_at DESC);
      CREATE INDEX runs_by_status ON runs (status, started_at DESC);
      CREATE TABLE run_frameworks (
        run_id       TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        framework_id TEXT NOT NULL,
        name         TEXT NOT NULL,
        version      TEXT NOT NULL,
        controls     INTEGER NOT NULL,
        met_ratio    REAL NOT NULL,
        counts_json  TEXT NOT NULL,
        PRIMARY KEY (run_id, framework_id)
      ) WITHOUT ROWID;
      CREATE TABLE run_controls (
        run_id       TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        framework_id TEXT NOT NULL,
        control_id   TEXT NOT NULL,
        status       TEXT NOT NULL,
        PRIMARY KEY (run_id, framework_id, control_id)
      ) WITHOUT ROWID;
      CREATE TABLE run_failing_resources (
        run_id        TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        position      INTEGER NOT NULL,
        account_id    TEXT NOT NULL,
        region        TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        resource_id   TEXT NOT NULL,
        annotation    TEXT,
        PRIMARY KEY (run_id, account_id, region, resource_type, resource_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description:
      'the process that runs a run (pid, host, start) and its temporary folder, for crash recovery',
    sql: `
      ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
      ALTER TABLE runs ADD COLUMN owner_host TEXT;
      ALTER TABLE runs ADD COLUMN owner_start TEXT;
      ALTER TABLE runs ADD COLUMN work_dir TEXT;
    `,
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Bring `db` up to SCHEMA_VERSION; returns the version it was at. */
export function migrate(db: Database, file: string): number {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > SCHEMA_VERSION) {
    throw new RunError(
      'STORE_SCHEMA_NEWER',
      `${file} has schema version ${current}, newer than this Evidentia understands (${SCHEMA_VERSION}); upgrade Evidentia or use another state folder`,
    );
  }
  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (!pending.length) return current;
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return current;
}
