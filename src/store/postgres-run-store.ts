// The shared run store: the same records as the SQLite store (sqlite-run-store.ts), kept in PostgreSQL with
// the `pg` driver so several daemon replicas see one history. Migrated on open (postgres-migrations.ts).

import pg from 'pg';
import { NotFoundError, RunError } from '../core/errors.js';
import type { FrameworkResult, ResourceRef } from '../core/finding.js';
import type { FindingSource, RunResults, RunStatus } from '../core/run-result.js';
import type { Status } from '../core/status.js';
import type { HistoryRun, ReportHistory } from '../render/report-history.js';
import { migratePostgres } from './postgres-migrations.js';
import { diffRuns, historyChanges, type RunDiff, type RunSnapshot } from './run-diff.js';
import { type ControlVerdict, digestResults, type RunDigest } from './run-digest.js';
import {
  type FrameworkRow,
  frameworkResultOf,
  type ResourceRow,
  type RunRow,
  runFinishRow,
  runRecordOf,
  runStartValues,
} from './run-rows.js';
import type { RunFilter, RunFinish, RunRecord, RunStart, RunStore } from './run-store.js';
import { redactUrl, scrubPassword } from './store-url.js';

export interface PostgresRunStoreOptions {
  /** Earlier runs shown in a report's trend; default 12. */
  historyRuns?: number;
  /** Connections in the pool; default 4. */
  poolSize?: number;
  /** Give up connecting after this long; default 10 s. */
  connectTimeoutMs?: number;
}

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

export class PostgresRunStore implements RunStore {
  private readonly historyRuns: number;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    /** The database URL without its password, for messages. */
    readonly where: string,
    private readonly url: string,
    opts: PostgresRunStoreOptions,
  ) {
    this.historyRuns = opts.historyRuns ?? 12;
  }

  /** Connect to `url` (postgres://user:password@host:port/db) and migrate the database. */
  static async open(url: string, opts: PostgresRunStoreOptions = {}): Promise<PostgresRunStore> {
    const where = redactUrl(url);
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 4,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    });
    const store = new PostgresRunStore(pool, where, url, opts);
    // An idle connection that breaks (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    let client: pg.PoolClient | undefined;
    try {
      client = await pool.connect();
      await migratePostgres(client, where);
    } catch (err) {
      client?.release();
      client = undefined;
      await pool.end().catch(() => undefined);
      if (err instanceof RunError) throw err;
      throw store.unavailable(err);
    } finally {
      client?.release();
    }
    return store;
  }

  /** A driver error as a typed one that names the database but never its password. */
  private unavailable(err: unknown): RunError {
    const message = scrubPassword(err instanceof Error ? err.message : String(err), this.url);
    return new RunError('STORE_UNAVAILABLE', `cannot use the run store ${this.where}: ${message}`);
  }

  private async q<R extends pg.QueryResultRow>(
    sql: string,
    args: unknown[] = [],
    on: Queryable = this.pool,
  ): Promise<pg.QueryResult<R>> {
    try {
      return await on.query<R>(sql, args);
    } catch (err) {
      // Data exceptions (22), constraint violations (23) and statement errors (42) are refusals of this
      // request; anything else (connection, authorisation, server state) means the store is unavailable.
      if (
        err instanceof Error &&
        'code' in err &&
        typeof err.code === 'string' &&
        /^(22|23|42)/.test(err.code)
      ) {
        throw new RunError('STORE_REJECTED', scrubPassword(err.message, this.url), { cause: err });
      }
      throw this.unavailable(err);
    }
  }

  async start(run: RunStart): Promise<void> {
    await this.q(
      `INSERT INTO runs (run_id, profile_id, profile_name, started_at, status, "trigger", requested_by,
         owner_pid, owner_host, owner_start, work_dir)
       VALUES ($1, $2, $3, $4, 'running', $5, $6, $7, $8, $9, $10)`,
      runStartValues(run),
    );
  }

  async finish(runId: string, outcome: RunFinish): Promise<void> {
    const { digest, values } = await runFinishRow(outcome);
    await this.transaction(async (c) => {
      const changed = await this.q(
        `UPDATE runs SET status = $1, finished_at = $2, error = $3, dir = $4, archive = $5, manifest_sha256 = $6,
           stats_json = $7, findings_json = $8 WHERE run_id = $9`,
        [...values, runId],
        c,
      );
      if (changed.rowCount === 0) throw new NotFoundError('run', runId);
      await this.q('DELETE FROM run_frameworks WHERE run_id = $1', [runId], c);
      let i = 0;
      for (const f of outcome.frameworks ?? []) {
        await this.q(
          `INSERT INTO run_frameworks (run_id, position, framework_id, name, version, controls, met_ratio, counts_json)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [runId, i++, f.frameworkId, f.name, f.version, f.controls, f.metRatio, JSON.stringify(f.counts)],
          c,
        );
      }
      if (digest) await this.writeDigest(c, runId, digest);
    });
  }

  private async transaction(fn: (c: pg.PoolClient) => Promise<void>): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.unavailable(err);
    }
    try {
      await client.query('BEGIN');
      await fn(client);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Many rows in one statement each: a digest can hold thousands of controls and resources. */
  private async writeDigest(c: pg.PoolClient, runId: string, digest: RunDigest): Promise<void> {
    await this.q('DELETE FROM run_controls WHERE run_id = $1', [runId], c);
    await this.q('DELETE FROM run_failing_resources WHERE run_id = $1', [runId], c);
    if (digest.controls.length) {
      await this.q(
        `INSERT INTO run_controls (run_id, position, framework_id, control_id, status)
         SELECT $1, t.ord - 1, t.fw, t.ctl, t.st
         FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(fw, ctl, st, ord)`,
        [
          runId,
          digest.controls.map((x) => x.frameworkId),
          digest.controls.map((x) => x.controlId),
          digest.controls.map((x) => x.status),
        ],
        c,
      );
    }
    const rs = digest.failingResources;
    if (rs.length) {
      await this.q(
        `INSERT INTO run_failing_resources (run_id, position, account_id, region, resource_type, resource_id, annotation)
         SELECT $1, t.ord - 1, t.acc, t.reg, t.typ, t.id, t.ann
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
           WITH ORDINALITY AS t(acc, reg, typ, id, ann, ord)`,
        [
          runId,
          rs.map((r) => r.accountId),
          rs.map((r) => r.region),
          rs.map((r) => r.resourceType),
          rs.map((r) => r.resourceId),
          rs.map((r) => r.annotation ?? null),
        ],
        c,
      );
    }
  }

  async get(runId: string): Promise<RunRecord | undefined> {
    const { rows } = await this.q<RunRow>('SELECT * FROM runs WHERE run_id = $1', [runId]);
    return rows[0] ? this.toRecord(rows[0]) : undefined;
  }

  async list(filter: RunFilter = {}): Promise<RunRecord[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.profileId) {
      args.push(filter.profileId);
      where.push(`profile_id = $${args.length}`);
    }
    if (filter.status) {
      args.push(filter.status);
      where.push(`status = $${args.length}`);
    }
    let limit = '';
    if (filter.limit !== undefined) {
      args.push(filter.limit);
      limit = `LIMIT $${args.length}`;
    }
    const { rows } = await this.q<RunRow>(
      `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY started_at DESC, run_id DESC ${limit}`,
      args,
    );
    return Promise.all(rows.map((r) => this.toRecord(r)));
  }

  async history(
    profileId: string,
    current: RunResults<FindingSource>,
    known?: RunDigest,
  ): Promise<ReportHistory | undefined> {
    const { rows } = await this.q<RunRow>(
      `SELECT * FROM runs WHERE profile_id = $1 AND status = 'completed' AND run_id <> $2
       ORDER BY started_at DESC, run_id DESC LIMIT $3`,
      [profileId, current.run.runId, this.historyRuns],
    );
    const newest = rows[0];
    if (!newest) return undefined;
    const runs: HistoryRun[] = [];
    for (const row of [...rows].reverse()) {
      const frameworks = await this.frameworks(row.run_id);
      runs.push({
        runId: row.run_id,
        finishedAt: row.finished_at ?? row.started_at,
        frameworks: frameworks.map((f) => ({ id: f.frameworkId, metRatio: f.metRatio, counts: f.counts })),
      });
    }
    const digest = known ?? (await digestResults(current));
    const now: RunSnapshot = {
      runId: current.run.runId,
      frameworks: current.frameworks.map((f) => ({ id: f.frameworkId, name: f.name, metRatio: f.metRatio })),
      controls: digest.controls,
      failingResources: digest.failingResources,
    };
    const before = await this.snapshot(newest.run_id);
    // A run recorded without its verdicts (its results could not be read) gives a trend but no changes.
    if (!before.controls.length) return { runs };
    return { runs, changes: historyChanges(diffRuns(before, now)) };
  }

  async diff(fromRunId: string, toRunId: string): Promise<RunDiff> {
    for (const id of [fromRunId, toRunId]) {
      const { rows } = await this.q<{ status: RunStatus }>('SELECT status FROM runs WHERE run_id = $1', [id]);
      const row = rows[0];
      if (!row) throw new NotFoundError('run', id);
      if (row.status !== 'completed') {
        throw new RunError(
          'RUN_NOT_COMPLETED',
          `run ${id} is ${row.status}; only completed runs can be compared`,
        );
      }
    }
    return diffRuns(await this.snapshot(fromRunId), await this.snapshot(toRunId));
  }

  async previousCompleted(profileId: string, beforeRunId?: string): Promise<RunRecord | undefined> {
    const { rows } = beforeRunId
      ? await this.q<RunRow>(
          `SELECT * FROM runs WHERE profile_id = $1 AND status = 'completed' AND run_id <> $2
             AND started_at <= (SELECT started_at FROM runs WHERE run_id = $2)
           ORDER BY started_at DESC, run_id DESC LIMIT 1`,
          [profileId, beforeRunId],
        )
      : await this.q<RunRow>(
          `SELECT * FROM runs WHERE profile_id = $1 AND status = 'completed'
           ORDER BY started_at DESC, run_id DESC LIMIT 1`,
          [profileId],
        );
    return rows[0] ? this.toRecord(rows[0]) : undefined;
  }

  async markPruned(runId: string, at: string): Promise<void> {
    await this.q('UPDATE runs SET pruned_at = $1 WHERE run_id = $2', [at, runId]);
  }

  async abandon(runId: string, at: string, reason: string): Promise<boolean> {
    const res = await this.q(
      `UPDATE runs SET status = 'aborted', finished_at = $1, error = $2 WHERE run_id = $3 AND status = 'running'`,
      [at, reason, runId],
    );
    return (res.rowCount ?? 0) > 0;
  }

  async ping(): Promise<void> {
    await this.q('SELECT count(*) FROM runs');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async snapshot(runId: string): Promise<RunSnapshot> {
    const controls = await this.q<{ framework_id: string; control_id: string; status: Status }>(
      'SELECT framework_id, control_id, status FROM run_controls WHERE run_id = $1 ORDER BY position',
      [runId],
    );
    const resources = await this.q<ResourceRow>(
      `SELECT account_id, region, resource_type, resource_id, annotation FROM run_failing_resources
       WHERE run_id = $1 ORDER BY position`,
      [runId],
    );
    return {
      runId,
      frameworks: (await this.frameworks(runId)).map((f) => ({
        id: f.frameworkId,
        name: f.name,
        metRatio: f.metRatio,
      })),
      controls: controls.rows.map(
        (c): ControlVerdict => ({ frameworkId: c.framework_id, controlId: c.control_id, status: c.status }),
      ),
      failingResources: resources.rows.map((r) => {
        const ref: ResourceRef = {
          accountId: r.account_id,
          region: r.region,
          resourceType: r.resource_type,
          resourceId: r.resource_id,
        };
        if (r.annotation) ref.annotation = r.annotation;
        return ref;
      }),
    };
  }

  private async frameworks(runId: string): Promise<FrameworkResult[]> {
    const { rows } = await this.q<FrameworkRow>(
      'SELECT * FROM run_frameworks WHERE run_id = $1 ORDER BY position',
      [runId],
    );
    return rows.map(frameworkResultOf);
  }

  private async toRecord(row: RunRow): Promise<RunRecord> {
    return runRecordOf(row, row.status === 'completed' ? await this.frameworks(row.run_id) : undefined);
  }
}
