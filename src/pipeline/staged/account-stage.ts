// One account job of a cluster run: assume the account's role, collect its tasks, record the AssumeRole
// answers, and put the account's evidence in place in one rename. Run again (its worker killed), it
// collects afresh into a new folder that replaces the old one whole: nothing is duplicated.

import { mkdir, readFile, rm } from 'node:fs/promises';
import { runTasks } from '../../collect/run-tasks.js';
import { RunError } from '../../core/errors.js';
import { GLOBAL_REGION } from '../../core/scope.js';
import type { Task } from '../../plan/types.js';
import { writeCredentialEvidence } from '../credential-evidence.js';
import {
  type AccountResult,
  callCounts,
  layout,
  publishAttempt,
  workDirOf,
  writeAtomically,
} from './run-layout.js';
import { type StageContext, stageCallerAccount, stageClients, stageCollectContext } from './stage-context.js';

/** Collect one account group's tasks; `onTaskDone` hears of each task as it ends (progress). */
export async function accountStage(
  s: StageContext,
  group: string,
  onTaskDone: () => Promise<void> | void,
): Promise<AccountResult> {
  const workDir = workDirOf(s.outDir, s.profile.id, s.runId);
  const tasks = JSON.parse(await readFile(layout.tasks(workDir, group), 'utf8')) as Task[];
  const attempt = layout.attempt(workDir, group);
  // Not recursive: a run that has ended (its folder removed) is never made again by a late job.
  await mkdir(attempt);
  const clients = stageClients(s);
  try {
    // The caller's account must be known before any role is assumed.
    await stageCallerAccount(s, clients);
    const ctx = stageCollectContext(s, clients, attempt, group);
    const done: AccountResult['tasks'] = [];
    let tasksFailed = 0;
    await runTasks(tasks, ctx, {
      concurrency: Math.max(8, s.profile.collection.concurrency.global * 2),
      onTaskDone: async (task, records) => {
        if (records.some((r) => r.error)) tasksFailed += 1;
        done.push({ taskId: task.id, evidence: records.map((r) => r.id) });
        await onTaskDone();
      },
    });
    if (s.signal.aborted) {
      throw new RunError('ABORTED', `Run aborted: ${String(s.signal.reason ?? 'cancelled')}`);
    }
    await writeCredentialEvidence(clients.credentials().outcomes, ctx.writer, GLOBAL_REGION);
    const result: AccountResult = {
      group,
      tasks: done,
      evidence: [...ctx.writer.index()],
      calls: callCounts(clients.metrics),
      tasksFailed,
    };
    // The result is the folder's last file: a folder in place always holds every record it names.
    await writeAtomically(layout.result(attempt), JSON.stringify(result));
    await publishAttempt(attempt, layout.account(workDir, group));
    return result;
  } catch (err) {
    await rm(attempt, { recursive: true, force: true });
    throw err;
  } finally {
    clients.destroy();
  }
}
