// The PostgreSQL run store's schema, as an ordered list of migrations recorded in `schema_migrations`. Every
// process that opens the store migrates inside one transaction holding a transaction-level advisory lock, so
// two replicas starting together apply each migration once: the second waits, then finds nothing to do.

import type { PoolClient } from 'pg';
import { RunError } from '../core/errors.js';

export interface PgMigration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Append only: a released migration is never edited, a change is a new one. Versions and meanings follow the
 * SQLite schema (sqlite-migrations.ts) so both stores describe the same records. Text columns compared or
 * sorted use the "C" collation so order matches SQLite's byte order whatever the database's locale.
 */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: 'runs, per-framework roll-ups, control verdicts and failing resources per run',
    sql: `
      CREATE TABLE runs (
        run_id          TEXT COLLATE "C" PRIMARY KEY,
        profile_id      TEXT COLLATE "C" NOT NULL,
        profile_name    TEXT NOT NULL,
        started_at      TEXT COLLATE "C" NOT NULL,
        finished_at     TEXT,
        status          TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'aborted')),
        error           TEXT,
        "trigger"       TEXT,
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
        run_id       TEXT COLLATE "C" NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        framework_id TEXT NOT NULL,
        name         TEXT NOT NULL,
        version      TEXT NOT NULL,
        controls     INTEGER NOT NULL,
        met_ratio    DOUBLE PRECISION NOT NULL,
        counts_json  TEXT NOT NULL,
        PRIMARY KEY (run_id, framework_id)
      );
      CREATE TABLE run_controls (
        run_id       TEXT COLLATE "C" NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        framework_id TEXT NOT NULL,
        control_id   TEXT NOT NULL,
        status       TEXT NOT NULL,
        PRIMARY KEY (run_id, framework_id, control_id)
      );
      CREATE TABLE run_failing_resources (
        run_id        TEXT COLLATE "C" NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        position      INTEGER NOT NULL,
        account_id    TEXT NOT NULL,
        region        TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        resource_id   TEXT NOT NULL,
        annotation    TEXT,
        PRIMARY KEY (run_id, account_id, region, resource_type, resource_id)
      );
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
export const PG_SCHEMA_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;

/** Advisory lock key taken while migrating (any fixed 64-bit number; this one spells "evidentia" loosely). */
export const MIGRATION_LOCK_KEY = 0x45564944454e5449n;

/**
 * Bring the database behind `client` up to PG_SCHEMA_VERSION; returns the version it was at. `where` names
 * the database in errors (with the password already removed).
 */
export async function migratePostgres(client: PoolClient, where: string): Promise<number> {
  await client.query('BEGIN');
  try {
    // Held until COMMIT/ROLLBACK: a second process blocks here until the first has finished migrating.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version     INTEGER PRIMARY KEY,
      description TEXT NOT NULL,
      applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const res = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const current = res.rows[0]?.v ?? 0;
    if (current > PG_SCHEMA_VERSION) {
      throw new RunError(
        'STORE_SCHEMA_NEWER',
        `${where} has schema version ${current}, newer than this Evidentia understands (${PG_SCHEMA_VERSION}); upgrade Evidentia or use another database`,
      );
    }
    for (const m of PG_MIGRATIONS.filter((x) => x.version > current)) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [
        m.version,
        m.description,
      ]);
    }
    await client.query('COMMIT');
    return current;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
