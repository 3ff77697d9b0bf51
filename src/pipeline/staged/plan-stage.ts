// The first job of a cluster run: who is the caller, which accounts are in scope, the plan (plan.json, as
// runProfile writes it) and the tasks of each account group for the account jobs. Account groups are handed
// on page by page as the organisation's listing arrives, so their jobs start before the listing ends; a group
// whose tasks depend on the whole account list waits for its end, and every group handed on early is checked
// against the whole plan at the end (a difference fails the run rather than collect the wrong tasks).

import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type Framework, type Profile, profileFrameworks } from '../../catalog/index.js';
import { discoverAccounts } from '../../collect/discover-accounts.js';
import { RunError } from '../../core/errors.js';
import { ORGANIZATION_ACCOUNT } from '../../core/scope.js';
import { planRun } from '../../plan/plan-run.js';
import type { Task } from '../../plan/types.js';
import { PLAN_FILE, writePlanFile } from '../plan-file.js';
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

/**
 * Hears account groups whose tasks files are written, as they are: a page's groups while the listing goes on,
 * then the rest once the whole plan is made. `tasksSoFar` counts the tasks of every group handed on so far.
 */
export type OnGroupsPlanned = (groups: string[], tasksSoFar: number) => Promise<void>;

/** Plan the run into its shared folder; returns what the flow of account jobs is made from. */
export async function planStage(
  s: StageContext,
  startedAt: Date,
  onGroups?: OnGroupsPlanned,
): Promise<PlannedRun> {
  const { profile, catalog } = s;
  const workDir = workDirOf(s.outDir, profile.id, s.runId);
  await mkdir(workDir, { recursive: true });
  const frameworks = profileFrameworks(profile, catalog);
  const meta = runMetadata(profile, catalog, frameworks, s.runId, startedAt);
  const clients = stageClients(s);
  let early: EarlyGroups | undefined;
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
    const groups = new EarlyGroups(workDir, profile, frameworks, s, callerAccountId);
    early = groups;
    // A plan job run again (its worker died or stalled) finds the groups its first attempt queued.
    await groups.loadEarlierAttempt();
    const { accounts, outOfScope } = await discoverAccounts(
      profile.scope,
      callerAccountId,
      ctx,
      onGroups ? (page) => groups.page(page, onGroups) : undefined,
    );
    meta.scope.accounts = accounts;
    meta.scope.outOfScope = outOfScope;
    if (accounts.length === 0) throw new RunError('NO_ACCOUNTS', 'No account is in scope for this profile');
    const plan = planRun({ profile, frameworks, catalog, accounts, callerAccountId });
    meta.stats.tasks = plan.tasks.length;

    const byGroup = tasksByGroup(plan.tasks);
    groups.check(byGroup);
    const rest: string[] = [];
    for (const [group, tasks] of byGroup) {
      if (groups.handedOn(group)) continue;
      await writeAtomically(layout.tasks(workDir, group), JSON.stringify(tasks));
      rest.push(group);
    }
    if (onGroups && rest.length) await onGroups(rest, plan.tasks.length);
    await writeAtomically(join(workDir, PLAN_FILE), (tmp) => writePlanFile(tmp, plan));
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
      {
        runId: s.runId,
        profile: profile.id,
        accounts: accounts.length,
        tasks: plan.tasks.length,
        handedOnEarly: byGroup.size - rest.length,
      },
      'planned: collecting through the work queue',
    );
    return planned;
  } catch (err) {
    // Once account jobs are queued they write under .cluster: the worker records the run as failed first and
    // only then removes its folder (bullmq-worker.ts endRun), so they find the run ended, not a folder gone.
    if (!early?.queuedAny()) await rm(layout.root(workDir), { recursive: true, force: true });
    throw err;
  } finally {
    clients.destroy();
  }
}

function tasksByGroup(tasks: readonly Task[]): Map<string, Task[]> {
  const byGroup = new Map<string, Task[]>();
  for (const t of tasks) {
    const list = byGroup.get(t.accountId) ?? [];
    list.push(t);
    byGroup.set(t.accountId, list);
  }
  return byGroup;
}

/**
 * The groups handed on before the listing ends. A page's accounts are planned alone (planRun of just them):
 * in plan-run.ts an account's own tasks (config, conformance packs, agreements, Security Hub per account) do
 * not depend on the other accounts, but the caller's (Artifact reports, Audit Manager), the Config
 * aggregator's and the Security Hub administrator's tasks (which name every account) and the organisation's
 * attestations do, so those groups wait for the whole list. What was written is remembered by digest and
 * compared with the whole plan's tasks at the end.
 */
class EarlyGroups {
  private readonly digests = new Map<string, string>();
  /** Tasks files an earlier attempt of this plan job wrote (and may have queued), by group. */
  private readonly earlier = new Map<string, string>();
  private readonly waiting: ReadonlySet<string>;
  private tasksSoFar = 0;

  constructor(
    private readonly workDir: string,
    private readonly profile: Profile,
    private readonly frameworks: readonly Framework[],
    private readonly s: StageContext,
    private readonly callerAccountId: string,
  ) {
    const scope = profile.scope;
    this.waiting = new Set(
      [
        callerAccountId,
        ORGANIZATION_ACCOUNT,
        scope.aggregator?.accountId,
        scope.securityHub?.administrator,
      ].filter((a): a is string => a !== undefined),
    );
  }

  handedOn(group: string): boolean {
    return this.digests.has(group);
  }

  /** Whether account jobs may be running: groups handed on by this attempt or an earlier one. */
  queuedAny(): boolean {
    return this.digests.size > 0 || this.earlier.size > 0;
  }

  /** Remember the tasks files an earlier attempt wrote: they are never overwritten with other tasks. */
  async loadEarlierAttempt(): Promise<void> {
    const dir = dirname(layout.tasks(this.workDir, 'x'));
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const text = await readFile(join(dir, name), 'utf8');
      this.earlier.set(basename(name, '.json'), digest(text));
    }
  }

  /** Plan one page's new accounts, write their tasks, hand their groups on. */
  async page(accounts: readonly string[], onGroups: OnGroupsPlanned): Promise<void> {
    const fresh = accounts.filter((a) => !this.waiting.has(a) && !this.digests.has(a));
    if (!fresh.length) return;
    const plan = planRun({
      profile: this.profile,
      frameworks: this.frameworks,
      catalog: this.s.catalog,
      accounts: fresh,
      callerAccountId: this.callerAccountId,
    });
    const mine = new Set(fresh);
    const groups: string[] = [];
    for (const [group, tasks] of tasksByGroup(plan.tasks)) {
      if (!mine.has(group)) continue;
      const text = JSON.stringify(tasks);
      const sum = digest(text);
      const before = this.earlier.get(group);
      // An account job of the earlier attempt may already have collected these tasks: never other ones.
      if (before !== undefined && before !== sum) throw mismatch([group]);
      if (before === undefined) await writeAtomically(layout.tasks(this.workDir, group), text);
      this.digests.set(group, sum);
      this.tasksSoFar += tasks.length;
      groups.push(group);
    }
    if (groups.length) await onGroups(groups, this.tasksSoFar);
  }

  /**
   * Every group handed on early — by this attempt or an earlier one — has exactly the whole plan's tasks, and
   * is in it at all (an account excluded or suspended since the earlier attempt is not); else PLAN_MISMATCH.
   */
  check(byGroup: ReadonlyMap<string, Task[]>): void {
    const differ: string[] = [];
    for (const [group, written] of [...this.digests, ...this.earlier]) {
      const tasks = byGroup.get(group);
      if (!tasks || digest(JSON.stringify(tasks)) !== written) differ.push(group);
    }
    if (differ.length) throw mismatch([...new Set(differ)]);
  }
}

function mismatch(groups: readonly string[]): RunError {
  return new RunError(
    'PLAN_MISMATCH',
    `${groups.length} account group(s) were queued with other tasks than the whole plan gives them: ${groups.slice(0, 10).join(', ')}${groups.length > 10 ? ', …' : ''}`,
  );
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
