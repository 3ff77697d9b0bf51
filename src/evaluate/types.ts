// What an evaluator receives: one task's stored evidence, a clock and the settings that shape verdicts.

import type { Catalog } from '../catalog/types.js';
import type { Clock } from '../core/clock.js';
import type { EvidenceRecord } from '../core/evidence-record.js';
import type { QueryResult } from '../core/finding.js';
import type { Task, TaskKind } from '../plan/types.js';

export interface EvaluationContext {
  clock: Clock;
  catalog: Catalog;
  /** Failing resources listed per verdict; counts stay exact. */
  maxResources: number;
}

/** A pure function from one task's evidence records to one verdict per (query, scope) the task covers. */
export type TaskEvaluator<T extends Task = Task> = (
  task: T,
  records: readonly EvidenceRecord[],
  ctx: EvaluationContext,
) => QueryResult[];

/** One evaluator per task kind; typed over every kind so a new kind fails the build until it is handled. */
export type EvaluatorTable = { [K in TaskKind]: TaskEvaluator<Extract<Task, { kind: K }>> };
