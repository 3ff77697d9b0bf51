// The retention policy: which completed runs' files may go. The default keeps everything (HIPAA asks for
// six years of documentation). A run is deleted only when no rule keeps it, and the newest completed run
// of a profile, the newest good bundle, is never deleted. The run's record stays in the history.
// Retention is local only: a copy delivered to S3 (src/deliver/) is governed by its Object Lock and the
// bucket's lifecycle, and is never deleted from here; only the local delivery record goes with the run.
// With a run store shared by several replicas, each deletes only the runs it ran (same host name): the others'
// files are on their disks, and marking them pruned from here would be untrue.

import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Logger } from '../core/logger.js';
import { deliveryRecordPath } from '../deliver/deliver-package.js';
import type { RunRecord, RunStore } from '../store/run-store.js';
import type { RetentionPolicy } from './config/daemon-settings.js';
import { insideRoot } from './safe-path.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether the policy deletes anything at all. */
export function retentionEnabled(policy: RetentionPolicy): boolean {
  return policy.keepLast !== undefined || policy.maxAgeDays !== undefined;
}

/**
 * The runs whose files the policy deletes, from one profile's completed runs (any order). `keepLast` keeps
 * the N newest, `maxAgeDays` keeps those finished within the last N days; with both, either keeps a run.
 */
export function selectForPruning(
  runs: readonly RunRecord[],
  policy: RetentionPolicy,
  now: Date,
): RunRecord[] {
  if (!retentionEnabled(policy)) return [];
  const completed = runs
    .filter((r) => r.status === 'completed')
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.runId.localeCompare(a.runId));
  return completed.filter((r, index) => {
    if (index === 0) return false;
    if (r.prunedAt) return false;
    if (policy.keepLast !== undefined && index < policy.keepLast) return false;
    if (policy.maxAgeDays !== undefined) {
      const at = Date.parse(r.finishedAt ?? r.startedAt);
      if (now.getTime() - at <= policy.maxAgeDays * DAY_MS) return false;
    }
    return true;
  });
}

/** Apply the policy to one profile: delete the selected runs' folders and archives, and mark them pruned. */
export async function applyRetention(opts: {
  profileId: string;
  policy: RetentionPolicy;
  store: RunStore;
  outDir: string;
  now: Date;
  logger: Logger;
  /** This machine's host name (default `os.hostname()`); runs recorded by another host are theirs to prune. */
  host?: string;
}): Promise<string[]> {
  if (!retentionEnabled(opts.policy)) return [];
  const runs = await opts.store.list({ profileId: opts.profileId, status: 'completed' });
  const host = opts.host ?? hostname();
  const pruned: string[] = [];
  for (const run of selectForPruning(runs, opts.policy, opts.now)) {
    if (run.owner && run.owner.host !== host) continue;
    const record = run.archive ? deliveryRecordPath(run.archive) : undefined;
    for (const path of [run.dir, run.archive, record]) {
      if (!path) continue;
      // Only ever delete inside the output folder, whatever the database says.
      if (!insideRoot(opts.outDir, path)) {
        opts.logger.error(
          { runId: run.runId, path },
          'retention: path outside the output folder, not deleted',
        );
        continue;
      }
      await rm(path, { recursive: true, force: true });
    }
    await opts.store.markPruned(run.runId, opts.now.toISOString());
    pruned.push(run.runId);
  }
  if (pruned.length)
    opts.logger.info({ profile: opts.profileId, runs: pruned }, 'retention: deleted old bundles');
  return pruned;
}
