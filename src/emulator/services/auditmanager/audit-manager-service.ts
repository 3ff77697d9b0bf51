// AWS Audit Manager (restJson1) served from the world's `auditManager:` section: ListAssessments,
// GetAssessment, GetEvidenceFoldersByAssessmentControl and GetEvidenceByEvidenceFolder, each scoped to the
// caller's account and the signed region, paginated with tokens in the model's base64 alphabet.

import type { ValidationProblem } from '../../model/validate-input.js';
import { summarizeProblems } from '../../model/validate-input.js';
import { type Page, pageOf } from '../../page-tokens.js';
import type { OperationContext, ServiceDefinition } from '../../service-definition.js';
import { AwsServiceError } from '../../service-error.js';
import { resolveWorldTime } from '../artifact/world-time.js';
import { awsModel } from '../model-paths.js';
import {
  assessmentId,
  assessmentsIn,
  controlId,
  type FolderView,
  foldersOf,
  isFailingCheck,
  stableUuid,
} from './audit-manager-state.js';
import type { AssessmentSpec } from './audit-manager-world.js';

/** Default page of the list operations (the model allows 1-1000). */
export const AUDIT_MANAGER_PAGE = 100;

/** The Audit Manager service definition. */
export function auditManagerService(): ServiceDefinition {
  return {
    model: awsModel('auditmanager'),
    validationError: invalidInput,
    handlers: {
      ListAssessments: (input, ctx) => {
        const all = assessmentsIn(ctx.world, ctx.caller.accountId, ctx.region).filter(
          (a) => input.status === undefined || a.status === input.status,
        );
        const page = paged(all, input, ctx, `ListAssessments/${String(input.status ?? '')}`);
        return {
          assessmentMetadata: page.items.map((a) => ({
            name: a.name,
            id: assessmentId(a),
            complianceType: a.complianceType,
            status: a.status,
            roles: [],
            delegations: [],
            creationTime: created(a, ctx),
            lastUpdated: ctx.world.time,
          })),
          nextToken: page.nextToken,
        };
      },
      GetAssessment: (input, ctx) => {
        const a = findAssessment(input, ctx);
        const account = ctx.world.accounts.get(a.account);
        const id = assessmentId(a);
        return {
          assessment: {
            arn: `arn:aws:auditmanager:${a.region}:${a.account}:assessment/${id}`,
            awsAccount: { id: a.account, emailAddress: account?.email, name: account?.name },
            metadata: {
              name: a.name,
              id,
              description: a.description,
              complianceType: a.complianceType,
              status: a.status,
              scope: { awsAccounts: [{ id: a.account, emailAddress: account?.email, name: account?.name }] },
              roles: [],
              delegations: [],
              creationTime: created(a, ctx),
              lastUpdated: ctx.world.time,
            },
            framework: {
              id: stableUuid(`framework/${a.framework}`),
              arn: `arn:aws:auditmanager:${a.region}:${a.account}:assessmentFramework/${stableUuid(`framework/${a.framework}`)}`,
              metadata: { name: a.framework, complianceType: a.complianceType },
              controlSets: a.controlSets.map((set) => ({
                id: set.id,
                description: set.description,
                status: set.status,
                roles: [],
                delegations: [],
                controls: set.controls.map((c) => ({
                  id: controlId(a, set, c),
                  name: c.name,
                  status: c.status,
                  response: 'AUTOMATE',
                  evidenceSources: c.evidenceSources,
                  evidenceCount: c.folders.reduce((n, f) => n + f.evidence.length, 0),
                  assessmentReportEvidenceCount: 0,
                })),
                systemEvidenceCount: set.controls.reduce(
                  (n, c) => n + c.folders.reduce((m, f) => m + f.evidence.length, 0),
                  0,
                ),
                manualEvidenceCount: 0,
              })),
            },
          },
        };
      },
      GetEvidenceFoldersByAssessmentControl: (input, ctx) => {
        const a = findAssessment(input, ctx);
        const set = a.controlSets.find((s) => s.id === input.controlSetId);
        const control = set?.controls.find((c) => controlId(a, set, c) === input.controlId);
        if (!set || !control) throw notFound(String(input.controlId), 'CONTROL');
        const folders = foldersOf(ctx.world, a, set, control);
        const page = paged(
          folders,
          input,
          ctx,
          `Folders/${assessmentId(a)}/${set.id}/${String(input.controlId)}`,
        );
        return { evidenceFolders: page.items.map((f) => folderView(a, f)), nextToken: page.nextToken };
      },
      GetEvidenceByEvidenceFolder: (input, ctx) => {
        const a = findAssessment(input, ctx);
        const set = a.controlSets.find((s) => s.id === input.controlSetId);
        const folder = set?.controls
          .flatMap((c) => foldersOf(ctx.world, a, set, c))
          .find((f) => f.id === input.evidenceFolderId);
        if (!set || !folder) throw notFound(String(input.evidenceFolderId), 'EVIDENCE_FOLDER');
        const page = paged(folder.spec.evidence, input, ctx, `Evidence/${folder.id}`);
        const offset = folder.spec.evidence.indexOf(page.items[0] as (typeof folder.spec.evidence)[number]);
        return {
          evidence: page.items.map((e, i) => ({
            dataSource: e.dataSource ?? folder.spec.dataSource,
            evidenceAwsAccountId: e.account ?? a.account,
            time: e.time ? resolveWorldTime(e.time, ctx.world.time) : folder.date,
            eventSource: e.eventSource,
            eventName: e.eventName,
            evidenceByType: e.type,
            resourcesIncluded: e.resources,
            attributes: e.attributes,
            complianceCheck: e.complianceCheck,
            awsAccountId: e.account ?? a.account,
            evidenceFolderId: folder.id,
            id: stableUuid(`evidence/${folder.id}/${offset + i}`),
            assessmentReportSelection: 'No',
          })),
          nextToken: page.nextToken,
        };
      },
    },
  };
}

function findAssessment(input: Record<string, unknown>, ctx: OperationContext): AssessmentSpec {
  const id = String(input.assessmentId);
  const found = assessmentsIn(ctx.world, ctx.caller.accountId, ctx.region).find(
    (a) => assessmentId(a) === id,
  );
  if (!found) throw notFound(id, 'ASSESSMENT');
  return found;
}

function folderView(a: AssessmentSpec, f: FolderView) {
  const ev = f.spec.evidence;
  const byType = (t: string) => ev.filter((e) => e.type.toLowerCase().startsWith(t)).length;
  return {
    name: f.date.toISOString().slice(0, 10),
    date: f.date,
    assessmentId: assessmentId(a),
    controlSetId: f.controlSet.id,
    controlId: controlId(a, f.controlSet, f.control),
    id: f.id,
    dataSource: f.spec.dataSource,
    author: 'AWS Audit Manager',
    totalEvidence: ev.length,
    assessmentReportSelectionCount: 0,
    controlName: f.control.name,
    evidenceResourcesIncludedCount: ev.reduce((n, e) => n + e.resources.length, 0),
    evidenceByTypeConfigurationDataCount: byType('configuration'),
    evidenceByTypeManualCount: byType('manual'),
    evidenceByTypeComplianceCheckCount: byType('compliance'),
    evidenceByTypeComplianceCheckIssuesCount: ev.filter(
      (e) => isFailingCheck(e.complianceCheck) || e.resources.some((r) => isFailingCheck(r.complianceCheck)),
    ).length,
    evidenceByTypeUserActivityCount: byType('user'),
    evidenceAwsServiceSourceCount: new Set(ev.map((e) => e.eventSource).filter(Boolean)).size,
  };
}

function created(a: AssessmentSpec, ctx: OperationContext): Date {
  return resolveWorldTime(a.createdAt, ctx.world.time);
}

/** Page tokens in the model's alphabet (`^[A-Za-z0-9+/=]*$`): the emulator's opaque token, base64-encoded. */
function paged<T>(
  all: readonly T[],
  input: Record<string, unknown>,
  ctx: OperationContext,
  listing: string,
): Page<T> {
  const raw =
    typeof input.nextToken === 'string' ? Buffer.from(input.nextToken, 'base64').toString('utf8') : undefined;
  const page = pageOf(all, {
    tokens: ctx.tokens,
    scope: `auditmanager/${ctx.caller.accountId}/${ctx.region}/${listing}`,
    nextToken: raw,
    pageSize: typeof input.maxResults === 'number' ? input.maxResults : AUDIT_MANAGER_PAGE,
    invalid: () =>
      new AwsServiceError('ValidationException', 'The provided nextToken is not valid.', {
        fields: { reason: 'other' },
      }),
  });
  return page.nextToken ? { ...page, nextToken: Buffer.from(page.nextToken).toString('base64') } : page;
}

function notFound(resourceId: string, resourceType: string): AwsServiceError {
  return new AwsServiceError(
    'ResourceNotFoundException',
    `The ${resourceType.toLowerCase().replace('_', ' ')} ${resourceId} does not exist.`,
    { fields: { resourceId, resourceType } },
  );
}

/** Audit Manager's ValidationException carries a reason and the fields at fault. */
function invalidInput(problems: readonly ValidationProblem[]): AwsServiceError {
  return new AwsServiceError('ValidationException', summarizeProblems(problems), {
    fields: {
      reason: 'fieldValidationFailed',
      fields: problems.map((p) => ({ name: p.path.join('.'), message: p.message })),
    },
  });
}
