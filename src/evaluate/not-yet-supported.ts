// Evaluator for evidence kinds Evidentia cannot evaluate yet: every query is an ERROR that says so,
// so unfinished work shows in the report instead of passing quietly.

import type { QueryResult } from '../core/finding.js';
import type { Task } from '../plan/types.js';
import { taskQueryKeys } from './task-query-keys.js';
import { verdict } from './verdict.js';

/** An ERROR verdict for every query of the task. */
export function notYetSupported(task: Task): QueryResult[] {
  return taskQueryKeys(task).map((key) =>
    verdict(
      key,
      task,
      'ERROR',
      `Evidentia cannot collect ${task.kind} evidence yet, so this is unproven`,
      [],
    ),
  );
}
