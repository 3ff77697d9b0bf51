// The evaluation stage (pure): stored evidence → verdicts → findings → roll-ups. Never imports AWS code.

export { type AccountReach, accountReach, noAccountRead } from './account-reach.js';
export { applicabilityFindings } from './applicability-findings.js';
export { EVALUATORS, evaluateTask } from './evaluators.js';
export { buildFindingIndex, type FindingIndex, toFindings } from './finding-index.js';
export { Rollup } from './rollup.js';
export { taskQueryKeys } from './task-query-keys.js';
export type { EvaluationContext, TaskEvaluator } from './types.js';
