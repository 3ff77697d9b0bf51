// The SQLite run store: records runs from start to finish, keeps what diffs need, hands reports their
// history (the shared cases in run-store-contract.ts), survives reopening (WAL, migrations) and refuses a database from a newer version.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/store/sqlite-migrations.js';
import { SqliteRunStore } from '../../../src/store/sqlite-run-store.js';
import { fixtureResults, writeRunFolder } from './run-fixture.js';
import { describeRunStoreContract } from './run-store-contract.js';

describeRunStoreContract('SqliteRunStore', async (d) =>
  SqliteRunStore.open(join(d, 'state', 'evidentia.db')),
);

describe('SqliteRunStore', () => {
  let dir: string;
  let store: SqliteRunStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evidentia-store-'));
    store = SqliteRunStore.open(join(dir, 'state', 'evidentia.db'));
  });
  afterEach(async () => {
    await store.close();
  });

  it('keeps its data across reopening, in WAL mode at the current schema version', async () => {
    const results = fixtureResults({ runId: 'a', controls: { 'fw:1': 'PASS' } });
    await store.start({
      runId: 'a',
      profileId: 'clinic',
      profileName: 'Clinic',
      startedAt: results.run.startedAt,
    });
    await store.finish('a', {
      status: 'completed',
      finishedAt: results.run.finishedAt!,
      dir: await writeRunFolder(join(dir, 'out'), results, '{}'),
    });
    await store.close();
    const file = join(dir, 'state', 'evidentia.db');
    store = SqliteRunStore.open(file);
    expect((await store.get('a'))?.status).toBe('completed');
    const raw = new BetterSqlite3(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();
  });

  it('migrates a schema 1 database: its running runs keep going, with no process recorded', async () => {
    await store.close();
    const file = join(dir, 'v1.db');
    const raw = new BetterSqlite3(file);
    raw.exec(MIGRATIONS[0]!.sql);
    raw.pragma('user_version = 1');
    raw
      .prepare(
        `INSERT INTO runs (run_id, profile_id, profile_name, started_at, status) VALUES (?, ?, ?, ?, 'running')`,
      )
      .run('old', 'clinic', 'Clinic', '2026-11-01T02:00:00.000Z');
    raw.close();
    store = SqliteRunStore.open(file);
    const old = await store.get('old');
    expect(old?.status).toBe('running');
    expect(old?.owner).toBeUndefined();
    expect(old?.workDir).toBeUndefined();
  });

  it('refuses a database written by a newer version', async () => {
    await store.close();
    const file = join(dir, 'newer.db');
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => SqliteRunStore.open(file)).toThrow(/newer than this Evidentia understands/);
    store = SqliteRunStore.open(':memory:');
  });
});
