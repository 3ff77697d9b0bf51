// The finishing job of a cluster run, once every account job has ended: every planned account must be in
// place (else the run fails, naming the missing ones: a run never completes with an account missing); their
// files move into the run folder as runProfile lays it out; the evidence is read back and evaluated task by
// task; then the run is sealed (results, render, sign, archive, deliver, recorded) as runProfile seals it.

import { access, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { profileFrameworks } from '../../catalog/index.js';
import { RunError } from '../../core/errors.js';
import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { EvidenceIndexEntry } from '../../core/run-result.js';
import type { S3Delivery } from '../../deliver/package-store.js';
import type { Task } from '../../plan/types.js';
import { RunEvaluation } from '../run-evaluation.js';
import { type CallCounts, sealRun, summarizeRun } from '../seal-run.js';
import {
  type AccountResult,
  finalDirOf,
  layout,
  PLAN_GROUP,
  type PlannedRun,
  workDirOf,
} from './run-layout.js';
import { type StageContext, stageCallerAccount, stageClients } from './stage-context.js';

export interface FinishedRun {
  dir: string;
  archive: string;
  tasks: number;
  delivery?: S3Delivery;
}

/** Evaluate and seal a run whose account jobs have all ended. */
export async function finishStage(s: StageContext): Promise<FinishedRun> {
  const { profile, catalog } = s;
  const workDir = workDirOf(s.outDir, profile.id, s.runId);
  const finalDir = finalDirOf(s.outDir, profile.id, s.runId);
  const planned = JSON.parse(await readFile(layout.planned(workDir), 'utf8')) as PlannedRun;
  const groups = [PLAN_GROUP, ...planned.groups];
  const missing: string[] = [];
  for (const g of groups) {
    if (!(await exists(layout.result(layout.account(workDir, g))))) missing.push(g);
  }
  if (missing.length) {
    throw new RunError(
      'ACCOUNT_MISSING',
      `${missing.length} account(s) of the plan were not collected: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}`,
    );
  }
  const results: AccountResult[] = [];
  for (const g of groups) {
    const dir = layout.account(workDir, g);
    results.push(JSON.parse(await readFile(layout.result(dir), 'utf8')) as AccountResult);
    await moveFilesInto(dir, workDir);
  }

  const frameworks = profileFrameworks(profile, catalog);
  const evaluation = await RunEvaluation.open(workDir, profile, frameworks, catalog, s.clock);
  const calls: CallCounts = { calls: 0, retries: 0, throttles: 0, errors: 0 };
  const evidence: EvidenceIndexEntry[] = [];
  const meta = planned.meta;
  let done = 0;
  for (const r of results) {
    const indexed = new Map(r.evidence.map((e) => [e.id, e]));
    const tasks = r.tasks.length
      ? new Map(
          (JSON.parse(await readFile(layout.tasks(workDir, r.group), 'utf8')) as Task[]).map((t) => [
            t.id,
            t,
          ]),
        )
      : new Map<string, Task>();
    for (const t of r.tasks) {
      const task = tasks.get(t.taskId);
      if (!task) throw new RunError('ACCOUNT_MISSING', `task ${t.taskId} of ${r.group} is not in the plan`);
      const records: EvidenceRecord[] = [];
      for (const id of t.evidence) {
        const entry = indexed.get(id);
        if (!entry) throw new RunError('ACCOUNT_MISSING', `evidence ${id} of ${r.group} is not in its index`);
        const record = JSON.parse(await readFile(join(workDir, entry.path), 'utf8')) as EvidenceRecord;
        // A late attempt of the account (its worker thought dead) may have replaced the folder after its result
        // was read: its files have the same names and other records. Never evaluate a task on another's record.
        if (record.id !== id || record.sha256 !== entry.sha256) {
          throw new RunError(
            'EVIDENCE_MISMATCH',
            `evidence ${id} of ${r.group} at ${entry.path} is not the record its account result names`,
          );
        }
        records.push(record);
      }
      await evaluation.add(task, records);
      done += 1;
    }
    evidence.push(...r.evidence);
    for (const k of ['calls', 'retries', 'throttles', 'errors'] as const) calls[k] += r.calls[k];
    meta.stats.tasksFailed += r.tasksFailed;
  }
  if (done !== planned.tasksTotal) {
    throw new RunError('ACCOUNT_MISSING', `${planned.tasksTotal - done} planned task(s) were not collected`);
  }
  await evaluation.close();
  // Only what runProfile would leave goes into the package.
  await rm(layout.root(workDir), { recursive: true, force: true });
  const started = new Date(meta.startedAt);
  const finishedAt = s.clock.now();
  const summary = summarizeRun({
    meta,
    calls,
    evidence,
    rollup: evaluation.rollup,
    findings: evaluation.count,
    notDeployed: evaluation.notDeployed,
    finishedAt,
    durationMs: finishedAt.getTime() - started.getTime(),
  });
  const clients = stageClients(s);
  try {
    await stageCallerAccount(s, clients);
    const sealed = await sealRun({
      runId: s.runId,
      workDir,
      finalDir,
      results: summary,
      profile,
      catalog,
      clients,
      clock: s.clock,
      logger: s.logger,
      store: s.store,
      ...(s.signer ? { signer: s.signer } : {}),
      ...(s.trialKeyDir ? { trialKeyDir: s.trialKeyDir } : {}),
      ...(s.toSecurityHub ? { toSecurityHub: true } : {}),
      signal: s.signal,
      tasks: { done, total: planned.tasksTotal },
      progress: s.progress,
    });
    return {
      dir: finalDir,
      archive: sealed.archive,
      tasks: done,
      ...(sealed.delivery ? { delivery: sealed.delivery } : {}),
    };
  } finally {
    clients.destroy();
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Move every file of an account's folder (but its result) to the same place under the run folder. */
async function moveFilesInto(accountDir: string, workDir: string): Promise<void> {
  const made = new Set<string>();
  for (const entry of await readdir(accountDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const from = join(entry.parentPath, entry.name);
    const rel = relative(accountDir, from);
    if (rel === 'account.json') continue;
    const to = join(workDir, rel);
    if (!made.has(dirname(to))) {
      await mkdir(dirname(to), { recursive: true });
      made.add(dirname(to));
    }
    await rename(from, to);
  }
}
