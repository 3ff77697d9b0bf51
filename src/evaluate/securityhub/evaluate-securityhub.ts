// Verdicts from AWS Security Hub for one account and region, from the records collect/securityhub writes.
// A control is decided like a Config rule from its control findings: any FAILED → FAIL; PASSED → PASS; only
// WARNING, NOT_AVAILABLE or no findings → NOT_EVALUATED. A control Security Hub does not run here (disabled, not
// in an enabled standard, not offered in the region, unknown) is NOT_EVALUATED with the reason. A hub that is
// not enabled is NOT_EVALUATED (as Config not recording is); a hub that cannot be read is ERROR. Never a pass.
// A findings condition is FAIL naming every matching active finding, PASS when there is none.

import type { SecurityHubControlQuery, SecurityHubFindingsQuery } from '../../catalog/types.js';
import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { QueryResult } from '../../core/finding.js';
import type { Status } from '../../core/status.js';
import type { SecurityHubTask } from '../../plan/types.js';
import {
  arrayMember,
  byOperation,
  capResources,
  describeError,
  firstError,
  stringMember,
} from '../records.js';
import type { EvaluationContext } from '../types.js';
import { verdict } from '../verdict.js';
import { evaluateAdministratorView } from './evaluate-administrator-view.js';
import { isConditionCall, isControlCall } from './finding-filter.js';
import { describeCondition, findingAnnotation, resourceOf, type StoredFinding } from './stored-finding.js';

/**
 * Security Hub answers InvalidAccessException "Account … is not subscribed to AWS Security Hub" where it is not
 * enabled. The same code also stands for other refusals, so only that message is read as "not enabled".
 */
export const NOT_SUBSCRIBED = 'InvalidAccessException';
const NOT_SUBSCRIBED_MESSAGE = /not subscribed to AWS Security Hub/i;

/** Evaluate every control and findings condition of a `securityhub` task. */
export function evaluateSecurityHub(
  task: SecurityHubTask,
  records: readonly EvidenceRecord[],
  ctx: EvaluationContext,
): QueryResult[] {
  const where = `${task.accountId}/${task.region}`;
  const keys = [
    ...task.controls.map((c) => `securityhub-control:${c.id}`),
    ...task.findings.map((f) => `securityhub-findings:${f.id}`),
  ];
  // Through an administrator, every account and region in scope gets the verdict.
  const scopes = task.aggregated
    ? task.aggregated.accounts.flatMap((accountId) =>
        (task.aggregated?.regions ?? []).map((region) => ({ accountId, region })),
      )
    : [task];
  const all = (status: Status, reason: string, evidence: readonly EvidenceRecord[]) =>
    keys.flatMap((k) => scopes.map((s) => verdict(k, s, status, reason, evidence)));

  const standards = byOperation(records, 'GetEnabledStandards');
  const early = firstError([...byOperation(records, 'AssumeRole'), ...standards]);
  if (
    early?.error?.code === NOT_SUBSCRIBED &&
    NOT_SUBSCRIBED_MESSAGE.test(early.error.message) &&
    early.operation === 'GetEnabledStandards'
  ) {
    return all(
      'NOT_EVALUATED',
      `Security Hub is not enabled in ${where} (${early.error.message}); enable it to have its controls and findings evaluated`,
      [early],
    );
  }
  if (early) return all('ERROR', `Could not read Security Hub in ${where}: ${describeError(early)}`, [early]);
  if (standards.length === 0)
    return all('ERROR', `No Security Hub GetEnabledStandards answer was recorded for ${where}`, []);

  if (task.aggregated) return evaluateAdministratorView(task, task.aggregated, records, ctx);
  return [
    ...task.controls.map((c) => evaluateControl(c, task, records, standards, ctx)),
    ...task.findings.map((q) => evaluateCondition(q, task, records, ctx)),
  ];
}

function evaluateControl(
  c: SecurityHubControlQuery,
  task: SecurityHubTask,
  records: readonly EvidenceRecord[],
  standards: EvidenceRecord[],
  ctx: EvaluationContext,
): QueryResult {
  const where = `${task.accountId}/${task.region}`;
  const key = `securityhub-control:${c.id}`;
  const result = (
    status: Status,
    reason: string,
    evidence: readonly EvidenceRecord[],
    extra: Partial<Pick<QueryResult, 'resources' | 'failingCount'>> = {},
  ) => verdict(key, task, status, reason, evidence, extra);
  const control = `Security Hub control ${c.id}`;

  const ready = standards
    .flatMap((r) => arrayMember(r.response, 'StandardsSubscriptions'))
    .filter(
      (s) =>
        stringMember(s, 'StandardsStatus') === 'READY' || stringMember(s, 'StandardsStatus') === 'INCOMPLETE',
    )
    .map((s) => stringMember(s, 'StandardsArn') ?? '');
  if (ready.length === 0)
    return result(
      'NOT_EVALUATED',
      `Security Hub in ${where} has no enabled standard, so ${c.id} does not run`,
      standards,
    );

  const defs = byOperation(records, 'ListSecurityControlDefinitions');
  const batch = byOperation(records, 'BatchGetSecurityControls');
  const assoc = byOperation(records, 'ListStandardsControlAssociations').filter(
    (r) => r.parameters.SecurityControlId === c.id,
  );
  const findingCalls = byOperation(records, 'GetFindings').filter(
    (r) =>
      isControlCall(r.parameters) &&
      (
        r.parameters.Filters as { ComplianceSecurityControlId: { Value: string }[] }
      ).ComplianceSecurityControlId.some((f) => f.Value === c.id),
  );
  const failed = firstError([...defs, ...batch, ...assoc, ...findingCalls]);
  if (failed)
    return result('ERROR', `Could not read ${control} in ${where}: ${describeError(failed)}`, [failed]);
  if (defs.length === 0)
    return result('ERROR', `No ListSecurityControlDefinitions answer was recorded for ${where}`, standards);

  const def = defs
    .flatMap((r) => arrayMember(r.response, 'SecurityControlDefinitions'))
    .find((d) => stringMember(d, 'SecurityControlId') === c.id);
  if (!def)
    return result('NOT_EVALUATED', `Security Hub in ${where} has no control ${c.id}`, [
      ...standards,
      ...defs,
    ]);
  if (stringMember(def, 'CurrentRegionAvailability') !== 'AVAILABLE')
    return result('NOT_EVALUATED', `${control} is not offered in ${task.region}`, [...standards, ...defs]);

  const read = [...standards, ...defs, ...batch];
  const sc = batch
    .flatMap((r) => arrayMember(r.response, 'SecurityControls'))
    .find((x) => stringMember(x, 'SecurityControlId') === c.id);
  if (!sc) {
    const un = batch
      .flatMap((r) => arrayMember(r.response, 'UnprocessedIds'))
      .find((x) => stringMember(x, 'SecurityControlId') === c.id);
    return un
      ? result(
          'NOT_EVALUATED',
          `Security Hub did not return ${c.id} in ${where}: ${stringMember(un, 'ErrorCode')} ${stringMember(un, 'ErrorReason') ?? ''}`.trim(),
          read,
        )
      : result('ERROR', `No BatchGetSecurityControls answer for ${c.id} was recorded for ${where}`, read);
  }
  if (stringMember(sc, 'SecurityControlStatus') !== 'ENABLED')
    return result('NOT_EVALUATED', `${control} is disabled in ${where}`, read);

  const running = assoc
    .flatMap((r) => arrayMember(r.response, 'StandardsControlAssociationSummaries'))
    .filter(
      (a) =>
        stringMember(a, 'AssociationStatus') === 'ENABLED' &&
        ready.includes(stringMember(a, 'StandardsArn') ?? ''),
    )
    .map((a) => (stringMember(a, 'StandardsArn') ?? '').split(':standards/')[1] ?? '');
  const used = [...read, ...assoc, ...findingCalls];
  if (assoc.length === 0)
    return result(
      'ERROR',
      `No ListStandardsControlAssociations answer for ${c.id} was recorded for ${where}`,
      read,
    );
  if (running.length === 0)
    return result('NOT_EVALUATED', `${control} is not enabled in any ready standard in ${where}`, used);
  if (findingCalls.length === 0)
    return result('ERROR', `No control findings of ${c.id} were recorded for ${where}`, used);

  const findings = findingCalls
    .flatMap((r) => arrayMember(r.response, 'Findings') as StoredFinding[])
    .filter((f) => f.Compliance?.SecurityControlId === c.id && ownFinding(f, task));
  const by = (s: string) => findings.filter((f) => f.Compliance?.Status === s);
  const failing = by('FAILED');
  const inStandards = `(enabled in ${running.join(', ')})`;
  if (failing.length) {
    const resources = failing.map((f) => resourceOf(f, task, `${c.id} FAILED`));
    return result(
      'FAIL',
      `${control} ${inStandards} fails for ${failing.length} of ${findings.length} resources in ${where}`,
      used,
      {
        resources: capResources(resources, ctx.maxResources),
        failingCount: resources.length,
      },
    );
  }
  if (by('WARNING').length)
    return result(
      'NOT_EVALUATED',
      `${control} ${inStandards} could not determine compliance (WARNING) for ${by('WARNING').length} resources in ${where}`,
      used,
    );
  if (by('PASSED').length)
    return result(
      'PASS',
      `${control} ${inStandards} passes for ${by('PASSED').length} resources in ${where}`,
      used,
    );
  return result(
    'NOT_EVALUATED',
    `${control} ${inStandards} has no control findings yet in ${where} (no data)`,
    used,
  );
}

function evaluateCondition(
  q: SecurityHubFindingsQuery,
  task: SecurityHubTask,
  records: readonly EvidenceRecord[],
  ctx: EvaluationContext,
): QueryResult {
  const where = `${task.accountId}/${task.region}`;
  const key = `securityhub-findings:${q.id}`;
  const calls = byOperation(records, 'GetFindings').filter((r) => isConditionCall(r, q));
  const failed = firstError(calls);
  if (failed)
    return verdict(
      key,
      task,
      'ERROR',
      `Could not read Security Hub findings in ${where}: ${describeError(failed)}`,
      [failed],
    );
  if (calls.length === 0)
    return verdict(key, task, 'ERROR', `No GetFindings answer for '${q.id}' was recorded for ${where}`, []);
  const findings = calls
    .flatMap((r) => arrayMember(r.response, 'Findings') as StoredFinding[])
    .filter((f) => ownFinding(f, task));
  const what = describeCondition(q);
  if (findings.length === 0) return verdict(key, task, 'PASS', `No ${what} in ${where}`, calls);
  const resources = findings.map((f) => resourceOf(f, task, findingAnnotation(f, ctx.clock.now())));
  return verdict(key, task, 'FAIL', `${findings.length} ${what} in ${where}`, calls, {
    resources: capResources(resources, ctx.maxResources),
    failingCount: findings.length,
  });
}

/** Only the task's own account and region count (an administrator's hub also returns its members' findings). */
function ownFinding(f: StoredFinding, task: SecurityHubTask): boolean {
  return (f.AwsAccountId ?? task.accountId) === task.accountId && (f.Region ?? task.region) === task.region;
}
