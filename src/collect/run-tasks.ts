// Run a plan's tasks with bounded concurrency, interleaving accounts so one slow account never holds up
// the queue; hand each task's records to the caller as soon as the task ends (evaluation is streamed).

import pLimit from 'p-limit';
import type { EvidenceRecord } from '../core/evidence-record.js';
import type { Task } from '../plan/types.js';
import type { CollectContext } from './collect-context.js';
import { COLLECTORS, type Collector } from './collectors.js';

export interface RunTasksOptions {
  /** Tasks in flight at once (API calls are limited separately by the call gate). */
  concurrency: number;
  onTaskDone: (task: Task, records: EvidenceRecord[]) => Promise<void> | void;
}

/** Order tasks round-robin by account: a1, b1, c1, a2, b2, … */
export function interleaveByAccount(tasks: readonly Task[]): Task[] {
  const byAccount = new Map<string, Task[]>();
  for (const t of tasks) {
    const list = byAccount.get(t.accountId) ?? [];
    list.push(t);
    byAccount.set(t.accountId, list);
  }
  const queues = [...byAccount.values()];
  const out: Task[] = [];
  for (let i = 0; out.length < tasks.length; i++) {
    for (const q of queues) {
      const t = q[i];
      if (t) out.push(t);
    }
  }
  return out;
}

/** Collect every task. A collector that crashes yields an error record, so its verdicts are ERROR. */
export async function runTasks(
  tasks: readonly Task[],
  ctx: CollectContext,
  opts: RunTasksOptions,
): Promise<void> {
  const limit = pLimit(Math.max(1, opts.concurrency));
  await Promise.all(
    interleaveByAccount(tasks).map((task) =>
      limit(async () => {
        if (ctx.signal.aborted) return;
        const collector = COLLECTORS[task.kind] as Collector;
        let records: EvidenceRecord[];
        const started = performance.now();
        try {
          records = await collector(task, ctx);
        } catch (err) {
          if (ctx.signal.aborted) return;
          ctx.logger.error({ err, task: task.id }, 'collector failed');
          records = [
            await ctx.writer.write({
              taskId: task.id,
              source: 'aws',
              service: 'evidentia',
              operation: 'collect',
              parameters: { task: task.id },
              accountId: task.accountId,
              region: task.region,
              collectedAt: ctx.clock.now().toISOString(),
              durationMs: Math.round(performance.now() - started),
              attempts: 1,
              error: { code: 'CollectorFailed', message: err instanceof Error ? err.message : String(err) },
            }),
          ];
        }
        await opts.onTaskDone(task, records);
      }),
    ),
  );
}
