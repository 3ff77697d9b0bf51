// The PostgreSQL run store against a real PostgreSQL 15: the same contract cases as SQLite, versioned
// migrations that two processes starting together apply once, refusal of a newer schema, and a database
// URL whose password never shows in errors or logs.

import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logger.js';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from '../../../src/store/postgres-migrations.js';
import { PostgresRunStore } from '../../../src/store/postgres-run-store.js';
import { redactUrl } from '../../../src/store/store-url.js';
import { postgresMissing, startPostgres, type TestPostgres } from '../../support/servers.js';
import { describeRunStoreContract } from '../../unit/store/run-store-contract.js';

if (postgresMissing) console.warn(`SKIPPED postgres-run-store tests: ${postgresMissing}`);

describe.skipIf(postgresMissing)('PostgresRunStore on a real PostgreSQL', () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  describeRunStoreContract('PostgresRunStore', async () =>
    PostgresRunStore.open(await server.createDatabase()),
  );

  async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<T>(sql)).rows;
    } finally {
      await c.end();
    }
  }

  it('records every migration once in schema_migrations, and keeps data across reopening', async () => {
    const url = await server.createDatabase();
    const store = await PostgresRunStore.open(url);
    await store.start({
      runId: 'a',
      profileId: 'p',
      profileName: 'P',
      startedAt: '2026-11-01T02:00:00.000Z',
    });
    await store.close();
    const again = await PostgresRunStore.open(url);
    expect((await again.get('a'))?.status).toBe('running');
    await again.close();
    const rows = await query<{ version: number }>(
      url,
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
  });

  it('lets five processes open one new database at once: each migration applied exactly once', async () => {
    const url = await server.createDatabase();
    const stores = await Promise.all(Array.from({ length: 5 }, () => PostgresRunStore.open(url)));
    await Promise.all(stores.map((s) => s.ping()));
    await Promise.all(stores.map((s) => s.close()));
    const rows = await query<{ version: number; n: string }>(
      url,
      'SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY version',
    );
    expect(rows).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version, n: '1' })));
  });

  it('migrates a schema 1 database: its running runs keep going, with no process recorded', async () => {
    const url = await server.createDatabase();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    await c.query(PG_MIGRATIONS[0]!.sql);
    await c.query("INSERT INTO schema_migrations (version, description) VALUES (1, 'v1')");
    await c.query(
      `INSERT INTO runs (run_id, profile_id, profile_name, started_at, status)
       VALUES ('old', 'clinic', 'Clinic', '2026-11-01T02:00:00.000Z', 'running')`,
    );
    await c.end();
    const store = await PostgresRunStore.open(url);
    const old = await store.get('old');
    expect(old?.status).toBe('running');
    expect(old?.owner).toBeUndefined();
    await store.close();
    expect(await query(url, 'SELECT max(version) AS v FROM schema_migrations')).toEqual([
      { v: PG_SCHEMA_VERSION },
    ]);
  });

  it('refuses a database written by a newer version', async () => {
    const url = await server.createDatabase();
    await (await PostgresRunStore.open(url)).close();
    await query(
      url,
      `INSERT INTO schema_migrations (version, description) VALUES (${PG_SCHEMA_VERSION + 1}, 'future')`,
    );
    await expect(PostgresRunStore.open(url)).rejects.toThrow(/newer than this Evidentia understands/);
  });

  it('never shows the password of the database URL: wrong password, unreachable server, logged errors', async () => {
    const password = 'canary-pg-password-XYZZY-0001';
    // The test server trusts every loopback connection, so the password is never checked: a closed port and a
    // missing database give the driver errors instead, which must still name the server without the password.
    const unreachable = `postgres://evidentia:${password}@127.0.0.1:1/evidentia`;
    const missingDb = `postgres://evidentia:${password}@127.0.0.1:${server.port}/no_such_database`;
    const lines: string[] = [];
    const logger = createLogger({
      pretty: false,
      destination: new Writable({
        write(chunk, _enc, cb) {
          lines.push(String(chunk));
          cb();
        },
      }),
    });
    for (const url of [unreachable, missingDb]) {
      const err = (await PostgresRunStore.open(url, { connectTimeoutMs: 2000 }).catch(
        (e: unknown) => e,
      )) as Error & {
        code?: string;
      };
      expect(err).toBeInstanceOf(Error);
      expect(err.code).toBe('STORE_UNAVAILABLE');
      expect(err.message).toContain('postgres://evidentia:***@127.0.0.1:');
      expect(err.message).not.toContain(password);
      logger.error({ err: err.message, store: redactUrl(url) }, 'store failed');
    }
    logger.flush?.();
    expect(lines.length).toBe(2);
    expect(lines.join('')).not.toContain(password);
  });
});
