// Collect AWS Audit Manager evidence for one query, in the caller's account and home region:
//   ListAssessments {maxResults, nextToken?}                                  — find the assessment
//   GetAssessment {assessmentId}                                              — its framework, control sets, controls
//   GetEvidenceFoldersByAssessmentControl {assessmentId, controlSetId, controlId, nextToken?}
//   GetEvidenceByEvidenceFolder {assessmentId, controlSetId, evidenceFolderId, nextToken?}
//                                                                             — only folders inside the query's maxAgeDays
// The records are what evaluate/audit-manager/evaluate-audit-manager.ts reads.

import {
  type AssessmentMetadataItem,
  GetAssessmentCommand,
  GetEvidenceByEvidenceFolderCommand,
  GetEvidenceFoldersByAssessmentControlCommand,
  ListAssessmentsCommand,
} from '@aws-sdk/client-auditmanager';
import { auditManagerClientFor } from '../../aws/audit-manager-client.js';
import type { EvidenceRecord } from '../../core/evidence-record.js';
import {
  type AssessmentShape,
  assessmentFits,
  candidateAssessments,
  findControl,
  millis,
} from '../../evaluate/audit-manager/find-assessment.js';
import type { AuditManagerTask } from '../../plan/types.js';
import { ensureAccountAccess } from '../account-access.js';
import type { CollectContext } from '../collect-context.js';
import { callScope, recordCall, recordPagesBy } from '../record-call.js';

/** Page size of the list calls (the model allows 1-1000). */
export const AUDIT_MANAGER_PAGE = 100;
/** At most this many assessments are opened when looking one up by framework. */
export const MAX_ASSESSMENTS_OPENED = 25;

/** Collect an `audit-manager` task. Never throws for AWS failures; they become records. */
export async function collectAuditManager(
  task: AuditManagerTask,
  ctx: CollectContext,
): Promise<EvidenceRecord[]> {
  const denied = await ensureAccountAccess(task, ctx);
  if (denied) return [denied];
  const client = auditManagerClientFor(ctx.clients, task.accountId, task.region);
  const base = callScope(task, 'auditmanager');
  const records: EvidenceRecord[] = [];

  const listing = await recordPagesBy(ctx, 'nextToken', {
    ...base,
    operation: 'ListAssessments',
    parameters: { maxResults: AUDIT_MANAGER_PAGE },
    send: (params, abortSignal) => client.send(new ListAssessmentsCommand(params), { abortSignal }),
  });
  records.push(...listing.records);
  if (listing.failed) return records;

  const entries: AssessmentMetadataItem[] = listing.pages.flatMap((p) => p.assessmentMetadata ?? []);
  let found: AssessmentShape | undefined;
  for (const entry of candidateAssessments(entries, task.query).slice(0, MAX_ASSESSMENTS_OPENED)) {
    const assessmentId = entry.id as string;
    const got = await recordCall(ctx, {
      ...base,
      operation: 'GetAssessment',
      parameters: { assessmentId },
      send: (abortSignal) => client.send(new GetAssessmentCommand({ assessmentId }), { abortSignal }),
    });
    records.push(got.record);
    if (!got.response) return records;
    if (assessmentFits(got.response.assessment, task.query)) {
      found = got.response.assessment;
      break;
    }
  }
  const assessmentId = found?.metadata?.id;
  const control = found ? findControl(found, task.query.control) : undefined;
  if (!assessmentId || !control) return records;

  const folders = await recordPagesBy(ctx, 'nextToken', {
    ...base,
    operation: 'GetEvidenceFoldersByAssessmentControl',
    parameters: { assessmentId, ...control, maxResults: AUDIT_MANAGER_PAGE },
    send: (params, abortSignal) =>
      client.send(new GetEvidenceFoldersByAssessmentControlCommand(params), { abortSignal }),
  });
  records.push(...folders.records);
  if (folders.failed) return records;

  const since = ctx.clock.now().getTime() - task.query.maxAgeDays * 86_400_000;
  const recent = folders.pages
    .flatMap((p) => p.evidenceFolders ?? [])
    .filter((f) => f.id && millis(f.date) >= since);
  const evidence = await Promise.all(
    recent.map((f) =>
      recordPagesBy(ctx, 'nextToken', {
        ...base,
        operation: 'GetEvidenceByEvidenceFolder',
        parameters: {
          assessmentId,
          controlSetId: control.controlSetId,
          evidenceFolderId: f.id as string,
          maxResults: AUDIT_MANAGER_PAGE,
        },
        send: (params, abortSignal) =>
          client.send(new GetEvidenceByEvidenceFolderCommand(params), { abortSignal }),
      }),
    ),
  );
  records.push(...evidence.flatMap((e) => e.records));
  return records;
}
