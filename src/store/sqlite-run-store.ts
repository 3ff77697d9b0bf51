// The default run store: one SQLite file (better-sqlite3, WAL) holding every run, its per-framework
// roll-ups, and what later runs are compared against (control verdicts, failing resources).

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { NotFoundError, RunError } from '../core/errors.js';
import type { FrameworkResult, ResourceRef } from '../core/finding.js';
import type { FindingSource, RunResults, RunStatus } from '../core/run-result.js';
import type { Status } from '../core/status.js';
import type { HistoryRun, ReportHistory } from '../render/report-history.js';
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
import { migrate } from './sqlite-migrations.js';

/** Default file name inside the state folder. */
export const RUN_DB_FILE = 'evidentia.db';

export interface SqliteRunStoreOptions {
  /** Earlier runs shown in a report's trend; default 12. */
  historyRuns?: number;
}

export class SqliteRunStore implements RunStore {
  private readonly historyRuns: number;

  private constructor(
    private readonly db: Database,
    readonly file: string,
    opts: SqliteRunStoreOptions,
  ) {
    this.historyRuns = opts.historyRuns ?? 12;
  }

  /** Open (creating it and its folder when missing) and migrate the database at `file`. */
  static open(file: string, opts: SqliteRunStoreOptions = {}): SqliteRunStore {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    let db: Database;
    try {
      db = new BetterSqlite3(file);
    } catch (err) {
      throw new RunError(
        'STORE_UNAVAILABLE',
        `cannot open the run store ${file}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db, file);
    } catch (err) {
      db.close();
      throw err;
    }
    return new SqliteRunStore(db, file, opts);
  }

  async start(run: RunStart): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO runs (run_id, profile_id, profile_name, started_at, status, trigger, requested_by,
           owner_pid, owner_host, owner_start, work_dir)
         VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)`,
      )
      .run(...runStartValues(run));
  }

  async finish(runId: string, outcome: RunFinish): Promise<void> {
    const { digest, values } = await runFinishRow(outcome);
    this.db.transaction(() => {
      const changed = this.db
        .prepare(
          `UPDATE runs SET status = ?, finished_at = ?, error = ?, dir = ?, archive = ?, manifest_sha256 = ?,
             stats_json = ?, findings_json = ? WHERE run_id = ?`,
        )
        .run(...values, runId).changes;
      if (changed === 0) throw new NotFoundError('run', runId);
      this.db.prepare('DELETE FROM run_frameworks WHERE run_id = ?').run(runId);
      const fw = this.db.prepare(
        `INSERT INTO run_frameworks (run_id, position, framework_id, name, version, controls, met_ratio, counts_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      (outcome.frameworks ?? []).forEach((f, i) => {
        fw.run(runId, i, f.frameworkId, f.name, f.version, f.controls, f.metRatio, JSON.stringify(f.counts));
      });
      if (digest) this.writeDigest(runId, digest);
    })();
  }

  private writeDigest(runId: string, digest: RunDigest): void {
    this.db.prepare('DELETE FROM run_controls WHERE run_id = ?').run(runId);
    this.db.prepare('DELETE FROM run_failing_resources WHERE run_id = ?').run(runId);
    const control = this.db.prepare(
      'INSERT INTO run_controls (run_id, position, framework_id, control_id, status) VALUES (?, ?, ?, ?, ?)',
    );
    digest.controls.forEach((c, i) => {
      control.run(runId, i, c.frameworkId, c.controlId, c.status);
    });
    const resource = this.db.prepare(
      `INSERT INTO run_failing_resources (run_id, position, account_id, region, resource_type, resource_id, annotation)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    digest.failingResources.forEach((r, i) => {
      resource.run(runId, i, r.accountId, r.region, r.resourceType, r.resourceId, r.annotation ?? null);
    });
  }

  async get(runId: string): Promise<RunRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM runs WHERE run_id = ?').get(runId) as RunRow | undefined;
    return row ? this.toRecord(row) : undefined;
  }

  async list(filter: RunFilter = {}): Promise<RunRecord[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.profileId) {
      where.push('profile_id = ?');
      args.push(filter.profileId);
    }
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
    }
    const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY started_at DESC, run_id DESC ${filter.limit !== undefined ? 'LIMIT ?' : ''}`;
    if (filter.limit !== undefined) args.push(filter.limit);
    const rows = this.db.prepare(sql).all(...args) as RunRow[];
    return rows.map((r) => this.toRecord(r));
  }

  async history(
    profileId: string,
    current: RunResults<FindingSource>,
    known?: RunDigest,
  ): Promise<ReportHistory | undefined> {
    const rows = this.db
      .prepare(
        `SELECT * FROM runs WHERE profile_id = ? AND status = 'completed' AND run_id <> ?
         ORDER BY started_at DESC, run_id DESC LIMIT ?`,
      )
      .all(profileId, current.run.runId, this.historyRuns) as RunRow[];
    const newest = rows[0];
    if (!newest) return undefined;
    const runs: HistoryRun[] = rows
      .map((row) => ({
        runId: row.run_id,
        finishedAt: row.finished_at ?? row.started_at,
        frameworks: this.frameworks(row.run_id).map((f) => ({
          id: f.frameworkId,
          metRatio: f.metRatio,
          counts: f.counts,
        })),
      }))
      .reverse();
    const digest = known ?? (await digestResults(current));
    const now: RunSnapshot = {
      runId: current.run.runId,
      frameworks: current.frameworks.map((f) => ({ id: f.frameworkId, name: f.name, metRatio: f.metRatio })),
      controls: digest.controls,
      failingResources: digest.failingResources,
    };
    const before = this.snapshot(newest.run_id);
    // A run recorded without its verdicts (its results could not be read) gives a trend but no changes.
    if (!before.controls.length) return { runs };
    return { runs, changes: historyChanges(diffRuns(before, now)) };
  }

  async diff(fromRunId: string, toRunId: string): Promise<RunDiff> {
    for (const id of [fromRunId, toRunId]) {
      const row = this.db.prepare('SELECT status FROM runs WHERE run_id = ?').get(id) as
        | { status: RunStatus }
        | undefined;
      if (!row) throw new NotFoundError('run', id);
      if (row.status !== 'completed') {
        throw new RunError(
          'RUN_NOT_COMPLETED',
          `run ${id} is ${row.status}; only completed runs can be compared`,
        );
      }
    }
    return diffRuns(this.snapshot(fromRunId), this.snapshot(toRunId));
  }

  async previousCompleted(profileId: string, beforeRunId?: string): Promise<RunRecord | undefined> {
    const row = (
      beforeRunId
        ? this.db
            .prepare(
              `SELECT * FROM runs WHERE profile_id = ? AND status = 'completed' AND run_id <> ?
                 AND started_at <= (SELECT started_at FROM runs WHERE run_id = ?)
               ORDER BY started_at DESC, run_id DESC LIMIT 1`,
            )
            .get(profileId, beforeRunId, beforeRunId)
        : this.db
            .prepare(
              `SELECT * FROM runs WHERE profile_id = ? AND status = 'completed'
               ORDER BY started_at DESC, run_id DESC LIMIT 1`,
            )
            .get(profileId)
    ) as RunRow | undefined;
    return row ? this.toRecord(row) : undefined;
  }

  async markPruned(runId: string, at: string): Promise<void> {
    this.db.prepare('UPDATE runs SET pruned_at = ? WHERE run_id = ?').run(at, runId);
  }

  async abandon(runId: string, at: string, reason: string): Promise<boolean> {
    const changed = this.db
      .prepare(
        `UPDATE runs SET status = 'aborted', finished_at = ?, error = ? WHERE run_id = ? AND status = 'running'`,
      )
      .run(at, reason, runId).changes;
    return changed > 0;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT count(*) FROM runs').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private snapshot(runId: string): RunSnapshot {
    const controls = this.db
      .prepare(`SELECT framework_id, control_id, status FROM run_controls WHERE run_id = ? ORDER BY position`)
      .all(runId) as { framework_id: string; control_id: string; status: Status }[];
    const resources = this.db
      .prepare(
        `SELECT account_id, region, resource_type, resource_id, annotation FROM run_failing_resources
         WHERE run_id = ? ORDER BY position`,
      )
      .all(runId) as ResourceRow[];
    return {
      runId,
      frameworks: this.frameworks(runId).map((f) => ({
        id: f.frameworkId,
        name: f.name,
        metRatio: f.metRatio,
      })),
      controls: controls.map(
        (c): ControlVerdict => ({ frameworkId: c.framework_id, controlId: c.control_id, status: c.status }),
      ),
      failingResources: resources.map((r) => {
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

  private frameworks(runId: string): FrameworkResult[] {
    const rows = this.db
      .prepare('SELECT * FROM run_frameworks WHERE run_id = ? ORDER BY position')
      .all(runId) as FrameworkRow[];
    return rows.map(frameworkResultOf);
  }

  private toRecord(row: RunRow): RunRecord {
    return runRecordOf(row, row.status === 'completed' ? this.frameworks(row.run_id) : undefined);
  }
}
