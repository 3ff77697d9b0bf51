// Verdicts from AWS Audit Manager evidence for one query, from the records collect/audit-manager writes:
//   ListAssessments {…}                                  — the assessments of the account and region
//   GetAssessment {assessmentId}                         — the ones opened to find the query's assessment
//   GetEvidenceFoldersByAssessmentControl {…}            — the control's daily evidence folders
//   GetEvidenceByEvidenceFolder {…}                      — the evidence of the folders within maxAgeDays
// A compliance check with a failing result (Config NON_COMPLIANT, Security Hub FAILED) is FAIL; no evidence in
// the period, or no such assessment or control, is NOT_EVALUATED; otherwise PASS. A failed call is ERROR.

import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { QueryResult, ResourceRef } from '../../core/finding.js';
import type { Status } from '../../core/status.js';
import type { AuditManagerTask } from '../../plan/types.js';
import { arrayMember, byOperation, capResources, describeError, firstError, member } from '../records.js';
import type { EvaluationContext } from '../types.js';
import { verdict } from '../verdict.js';
import {
  type AssessmentShape,
  assessmentFits,
  describeAssessment,
  findControl,
  millis,
} from './find-assessment.js';

/** One piece of Audit Manager evidence as stored. */
interface StoredEvidence {
  time?: string | number;
  evidenceByType?: string;
  eventName?: string;
  complianceCheck?: string;
  awsAccountId?: string;
  evidenceAwsAccountId?: string;
  resourcesIncluded?: { arn?: string; value?: string; complianceCheck?: string }[];
}

/** Evaluate the query of an `audit-manager` task. */
export function evaluateAuditManager(
  task: AuditManagerTask,
  records: readonly EvidenceRecord[],
  ctx: EvaluationContext,
): QueryResult[] {
  const q = task.query;
  const where = `${task.accountId}/${task.region}`;
  const result = (
    status: Status,
    reason: string,
    evidence: readonly EvidenceRecord[],
    extra: Partial<Pick<QueryResult, 'resources' | 'failingCount'>> = {},
  ) => [verdict(`audit-manager:${q.id}`, task, status, reason, evidence, extra)];

  const listing = byOperation(records, 'ListAssessments');
  const opened = byOperation(records, 'GetAssessment');
  const early = firstError([...byOperation(records, 'AssumeRole'), ...listing, ...opened]);
  if (early)
    return result('ERROR', `Could not read Audit Manager in ${where}: ${describeError(early)}`, [early]);
  if (listing.length === 0)
    return result('ERROR', `No Audit Manager ListAssessments answer was recorded for ${where}`, []);

  const found = opened
    .map((r) => member(r.response, 'assessment') as AssessmentShape | undefined)
    .find((a) => assessmentFits(a, q));
  if (!found) {
    const listed = listing.flatMap((r) => arrayMember(r.response, 'assessmentMetadata')).length;
    return result(
      'NOT_EVALUATED',
      `No ${describeAssessment(q)} in Audit Manager in ${where} (${listed} assessment${listed === 1 ? '' : 's'} listed); Audit Manager is optional, Config and Artifact evidence still apply`,
      [...listing, ...opened],
    );
  }
  const name = `'${found.metadata?.name ?? found.metadata?.id}'`;
  if (!findControl(found, q.control)) {
    return result('NOT_EVALUATED', `Assessment ${name} has no control named '${q.control}'`, [
      ...listing,
      ...opened,
    ]);
  }

  const walk = [
    ...byOperation(records, 'GetEvidenceFoldersByAssessmentControl'),
    ...byOperation(records, 'GetEvidenceByEvidenceFolder'),
  ];
  const walkError = firstError(walk);
  if (walkError) {
    return result(
      'ERROR',
      `Could not read the evidence of '${q.control}' in assessment ${name}: ${describeError(walkError)}`,
      [walkError],
    );
  }
  const since = ctx.clock.now().getTime() - q.maxAgeDays * 86_400_000;
  const evidence = byOperation(records, 'GetEvidenceByEvidenceFolder')
    .flatMap((r) => arrayMember(r.response, 'evidence') as StoredEvidence[])
    .filter((e) => millis(e.time) >= since);
  const used = [...listing, ...opened, ...walk];
  const control = `control '${q.control}' of assessment ${name}`;
  if (evidence.length === 0) {
    return result(
      'NOT_EVALUATED',
      `No Audit Manager evidence in the last ${q.maxAgeDays} days for ${control}`,
      used,
    );
  }

  const failing = evidence.filter(
    (e) => failed(e.complianceCheck) || (e.resourcesIncluded ?? []).some((r) => failed(r.complianceCheck)),
  );
  const checks = evidence.filter((e) => e.complianceCheck !== undefined && e.complianceCheck !== '').length;
  if (failing.length) {
    const resources = failing.flatMap((e) => resourcesOf(e, task));
    return result(
      'FAIL',
      `${failing.length} of ${evidence.length} Audit Manager evidence items in the last ${q.maxAgeDays} days for ${control} have a failing compliance check`,
      used,
      {
        resources: capResources(resources, ctx.maxResources),
        failingCount: resources.length || failing.length,
      },
    );
  }
  return result(
    'PASS',
    `${evidence.length} Audit Manager evidence items in the last ${q.maxAgeDays} days for ${control}, none failing (${checks} with a compliance check)`,
    used,
  );
}

/** Config NON_COMPLIANT and Security Hub FAILED are failures; anything else (or nothing) is not. */
function failed(value: string | undefined): boolean {
  const v = (value ?? '').toUpperCase().replace(/[^A-Z]/g, '');
  return v === 'NONCOMPLIANT' || v === 'FAILED' || v === 'FAIL';
}

function resourcesOf(e: StoredEvidence, task: AuditManagerTask): ResourceRef[] {
  const accountId = e.evidenceAwsAccountId ?? e.awsAccountId ?? task.accountId;
  const list = (e.resourcesIncluded ?? []).filter(
    (r) => r.arn && (failed(r.complianceCheck) || failed(e.complianceCheck)),
  );
  return list.map((r) => ({
    accountId,
    region: task.region,
    resourceType: r.arn?.split(':')[2] ?? 'resource',
    resourceId: r.arn as string,
    annotation: [e.eventName, r.complianceCheck ?? e.complianceCheck].filter(Boolean).join(': '),
  }));
}
