// The first job of a cluster run: who is the caller, which accounts are in scope, the plan (plan.json, as
// runProfile writes it) and the tasks of each account group for the account jobs.

import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { profileFrameworks } from '../../catalog/index.js';
import { discoverAccounts } from '../../collect/discover-accounts.js';
import { RunError } from '../../core/errors.js';
import { planRun } from '../../plan/plan-run.js';
import type { Task } from '../../plan/types.js';
import { runMetadata } from '../run-metadata.js';
import {
  type AccountResult,
  callCounts,
  layout,
  PLAN_GROUP,
  type PlannedRun,
  publishAttempt,
  workDirOf,
  writeAtomically,
} from './run-layout.js';
import { type StageContext, stageClients, stageCollectContext } from './stage-context.js';

/** Plan the run into its shared folder; returns what the flow of account jobs is made from. */
export async function planStage(s: StageContext, startedAt: Date): Promise<PlannedRun> {
  const { profile, catalog } = s;
  const workDir = workDirOf(s.outDir, profile.id, s.runId);
  await mkdir(workDir, { recursive: true });
  const frameworks = profileFrameworks(profile, catalog);
  const meta = runMetadata(profile, catalog, frameworks, s.runId, startedAt);
  const clients = stageClients(s);
  try {
    s.progress({ phase: 'discover', tasksDone: 0, tasksTotal: 0 });
    // Asked afresh for every run (it is the run's recorded caller); account and finish jobs use the worker's memo.
    const callerAccountId = await clients.callerAccountId().catch((err: unknown) => {
      throw new RunError(
        'AWS_CREDENTIALS',
        `Cannot identify the caller (sts:GetCallerIdentity): ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    });
    meta.scope.callerAccountId = callerAccountId;
    // The organisation's account list is evidence too: written like an account job's, under its own group.
    const attempt = layout.attempt(workDir, PLAN_GROUP);
    // Made before anything is written into it: the evidence writer never makes the folder it writes into.
    await mkdir(attempt, { recursive: true });
    const ctx = stageCollectContext(s, clients, attempt, PLAN_GROUP);
    const { accounts, outOfScope } = await discoverAccounts(profile.scope, callerAccountId, ctx);
    meta.scope.accounts = accounts;
    meta.scope.outOfScope = outOfScope;
    if (accounts.length === 0) throw new RunError('NO_ACCOUNTS', 'No account is in scope for this profile');
    const plan = planRun({ profile, frameworks, catalog, accounts, callerAccountId });
    await writeAtomically(join(workDir, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
    meta.stats.tasks = plan.tasks.length;

    const byGroup = new Map<string, Task[]>();
    for (const t of plan.tasks) {
      const list = byGroup.get(t.accountId) ?? [];
      list.push(t);
      byGroup.set(t.accountId, list);
    }
    for (const [group, tasks] of byGroup) {
      await writeAtomically(layout.tasks(workDir, group), JSON.stringify(tasks));
    }
    const result: AccountResult = {
      group: PLAN_GROUP,
      tasks: [],
      evidence: [...ctx.writer.index()],
      calls: callCounts(clients.metrics),
      tasksFailed: 0,
    };
    await writeAtomically(layout.result(attempt), JSON.stringify(result));
    await publishAttempt(attempt, layout.account(workDir, PLAN_GROUP));
    const planned: PlannedRun = { meta, groups: [...byGroup.keys()], tasksTotal: plan.tasks.length };
    await writeAtomically(layout.planned(workDir), JSON.stringify(planned));
    s.logger.info(
      { runId: s.runId, profile: profile.id, accounts: accounts.length, tasks: plan.tasks.length },
      'planned: collecting through the work queue',
    );
    return planned;
  } catch (err) {
    await rm(layout.root(workDir), { recursive: true, force: true });
    throw err;
  } finally {
    clients.destroy();
  }
}
