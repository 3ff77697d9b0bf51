// The evaluator for each task kind, and the one entry point the pipeline calls.

import type { EvidenceRecord } from '../core/evidence-record.js';
import type { QueryResult } from '../core/finding.js';
import type { Task } from '../plan/types.js';
import { evaluateArtifactAgreements } from './artifact/evaluate-artifact-agreements.js';
import { evaluateArtifactReports } from './artifact/evaluate-artifact-reports.js';
import { evaluateAttestations } from './attestations/evaluate-attestations.js';
import { evaluateAuditManager } from './audit-manager/evaluate-audit-manager.js';
import { evaluateConfigAggregate } from './config/evaluate-config-aggregate.js';
import { evaluateConfigTask } from './config/evaluate-config-task.js';
import { evaluateConformancePacks } from './config/evaluate-conformance-packs.js';
import { notYetSupported } from './not-yet-supported.js';
import { evaluateSecurityHub } from './securityhub/evaluate-securityhub.js';
import type { EvaluationContext, EvaluatorTable, TaskEvaluator } from './types.js';

export const EVALUATORS: EvaluatorTable = {
  config: evaluateConfigTask,
  'config-aggregate': evaluateConfigAggregate,
  'conformance-pack': evaluateConformancePacks,
  'artifact-reports': evaluateArtifactReports,
  'artifact-agreements': evaluateArtifactAgreements,
  'audit-manager': evaluateAuditManager,
  securityhub: evaluateSecurityHub,
  attestations: evaluateAttestations,
};

/** Evaluate one task's evidence. An evaluator that throws yields ERROR verdicts, never a pass. */
export function evaluateTask(
  task: Task,
  records: readonly EvidenceRecord[],
  ctx: EvaluationContext,
): QueryResult[] {
  const crashed = records.find((r) => r.service === 'evidentia' && r.error);
  if (crashed) {
    return notYetSupported(task).map((r) => ({
      ...r,
      reason: `Collecting ${task.kind} evidence failed inside Evidentia (${crashed.error?.message}), so this is unproven`,
      evidence: [crashed.id],
    }));
  }
  const evaluator = EVALUATORS[task.kind] as TaskEvaluator;
  try {
    return evaluator(task, records, ctx);
  } catch (err) {
    return notYetSupported(task).map((r) => ({
      ...r,
      reason: `Evaluating ${task.kind} evidence failed (${err instanceof Error ? err.message : String(err)}), so this is unproven`,
      evidence: records.map((rec) => rec.id),
    }));
  }
}
