// Where a cluster run keeps its work in the shared output folder while it runs. Every account job writes
// into a folder of its own attempt and renames it into place when it ends, so an account collected twice
// (its first worker killed) replaces its evidence rather than adding to it; the finishing job reads only
// accounts whose folder is in place, then moves their files into the run folder as runProfile lays it out.

import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RunError } from '../../core/errors.js';
import type { EvidenceIndexEntry, RunMetadata } from '../../core/run-result.js';
import type { CallCounts } from '../seal-run.js';

/** The group of the plan job's own evidence (the organisation's account list). */
export const PLAN_GROUP = '_plan';

/** The run as planned: read by every account job and by the finishing job. */
export interface PlannedRun {
  meta: RunMetadata;
  /** Account groups, one account job each (tasks grouped by the account they run in), in plan order. */
  groups: string[];
  tasksTotal: number;
}

/** What an account job leaves, as the last file of its folder. */
export interface AccountResult {
  group: string;
  /** Each task's records, by id, in the order the task ended. */
  tasks: { taskId: string; evidence: string[] }[];
  evidence: EvidenceIndexEntry[];
  calls: CallCounts;
  tasksFailed: number;
}

/**
 * A run id, profile id or account group as one folder name. Job data comes from Redis, which every worker
 * trusts only as far as this: a value with a slash or a dot (`../..`) would put a worker's writes, renames and
 * recursive removals outside the run's folder, so it is refused before it becomes a path.
 */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,127}$/;
/** Profile ids are catalog slugs: dots inside, never first, so never `.` or `..`. */
const PROFILE_SEGMENT = /^[a-z0-9]([a-z0-9.-]{0,126}[a-z0-9])?$/;

/** Why a queue job's run id, profile id or group cannot name a folder; undefined when they all can. */
export function unsafeJobData(data: {
  runId: unknown;
  profileId: unknown;
  group?: unknown;
}): string | undefined {
  try {
    segment('run id', data.runId as string);
    segment('profile', data.profileId as string, PROFILE_SEGMENT);
    if (data.group !== undefined) segment('account group', data.group as string);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function segment(what: string, value: string, pattern = SEGMENT): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new RunError('BAD_JOB_DATA', `${what} ${JSON.stringify(value)} is not a safe folder name`);
  }
  return value;
}

export function workDirOf(outDir: string, profileId: string, runId: string): string {
  return join(outDir, segment('profile', profileId, PROFILE_SEGMENT), `.${segment('run id', runId)}.partial`);
}

export function finalDirOf(outDir: string, profileId: string, runId: string): string {
  return join(outDir, segment('profile', profileId, PROFILE_SEGMENT), segment('run id', runId));
}

export const layout = {
  planned: (workDir: string) => join(workDir, '.cluster', 'run.json'),
  tasks: (workDir: string, group: string) =>
    join(workDir, '.cluster', 'tasks', `${segment('account group', group)}.json`),
  accounts: (workDir: string) => join(workDir, '.cluster', 'accounts'),
  account: (workDir: string, group: string) =>
    join(workDir, '.cluster', 'accounts', segment('account group', group)),
  attempt: (workDir: string, group: string) =>
    join(workDir, '.cluster', 'accounts', `.${segment('account group', group)}.${randomUUID()}`),
  result: (accountDir: string) => join(accountDir, 'account.json'),
  /** Everything the cluster kept beside the run; removed before the run is sealed. */
  root: (workDir: string) => join(workDir, '.cluster'),
};

/** Write a file whole or not at all (a reader never sees half of it): a text, or what a writer puts at a path. */
export async function writeAtomically(
  path: string,
  content: string | ((tmp: string) => Promise<void>),
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomUUID()}.tmp`;
  if (typeof content === 'string') await writeFile(tmp, content);
  else await content(tmp);
  await rename(tmp, path);
}

/** Put an attempt's folder in place of the account's, replacing an earlier attempt's. */
export async function publishAttempt(attemptDir: string, accountDir: string): Promise<void> {
  for (let i = 0; ; i++) {
    await rm(accountDir, { recursive: true, force: true });
    try {
      await rename(attemptDir, accountDir);
      return;
    } catch (err) {
      // Another attempt of the same account (a job thought stalled that was not) renamed in between.
      const code = (err as NodeJS.ErrnoException).code;
      if (i >= 3 || (code !== 'ENOTEMPTY' && code !== 'EEXIST')) throw err;
    }
  }
}

/** The counts of a stage's calls, as kept in its result. */
export function callCounts(m: CallCounts): CallCounts {
  return { calls: m.calls, retries: m.retries, throttles: m.throttles, errors: m.errors };
}
