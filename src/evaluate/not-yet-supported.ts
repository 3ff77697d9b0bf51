// Evaluator for evidence kinds Evidentia cannot evaluate yet: every query is an ERROR that says so,
// so unfinished work shows in the report instead of passing quietly.

import { parseQueryKey } from '../catalog/types.js';
import type { QueryResult } from '../core/finding.js';
import type { Task } from '../plan/types.js';
import { taskQueryKeys } from './task-query-keys.js';

/** An ERROR verdict for every query of the task. */
export function notYetSupported(task: Task): QueryResult[] {
  return taskQueryKeys(task).map((key) => ({
    queryKey: key,
    kind: parseQueryKey(key).kind,
    accountId: task.accountId,
    region: task.region,
    status: 'ERROR',
    reason: `Evidentia cannot collect ${task.kind} evidence yet, so this is unproven`,
    resources: [],
    failingCount: 0,
    evidence: [],
  }));
}
