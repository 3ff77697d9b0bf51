// Verdicts from the delegated administrator's aggregated view, one per account and region in scope. The
// administrator sees only what reaches its aggregation region, so a scope it does not cover (an account that is
// not a member, a region not linked) is NOT_EVALUATED, and so is a scope from which no control finding arrived:
// its hub may be off there, and an empty findings list from it would otherwise read as a pass. A control is
// decided from its control findings (FAILED → FAIL, PASSED → PASS); whether a member disabled it cannot be read
// from the administrator, so "no findings" says so.

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
import { isConditionCall, isControlCall } from './finding-filter.js';
import { describeCondition, findingAnnotation, resourceOf, type StoredFinding } from './stored-finding.js';

/** Evaluate an aggregated `securityhub` task (its hub is known to be readable). */
export function evaluateAdministratorView(
  task: SecurityHubTask,
  scope: { accounts: string[]; regions: string[] },
  records: readonly EvidenceRecord[],
  ctx: EvaluationContext,
): QueryResult[] {
  const admin = `${task.accountId}/${task.region}`;
  const scopes = scope.accounts.flatMap((accountId) =>
    scope.regions.map((region) => ({ accountId, region })),
  );
  const keys = [
    ...task.controls.map((c) => `securityhub-control:${c.id}`),
    ...task.findings.map((f) => `securityhub-findings:${f.id}`),
  ];
  const everywhere = (status: Status, reason: string, evidence: readonly EvidenceRecord[]) =>
    keys.flatMap((k) => scopes.map((s) => verdict(k, s, status, reason, evidence)));

  const setup = [
    ...byOperation(records, 'ListMembers'),
    ...byOperation(records, 'ListFindingAggregators'),
    ...byOperation(records, 'GetFindingAggregator'),
  ];
  const failed = firstError(setup);
  if (failed)
    return everywhere(
      'ERROR',
      `Could not read the Security Hub administrator ${admin}: ${describeError(failed)}`,
      [failed],
    );
  if (byOperation(records, 'ListMembers').length === 0)
    return everywhere(
      'ERROR',
      `No ListMembers answer was recorded for the Security Hub administrator ${admin}`,
      [],
    );

  const members = new Set([
    task.accountId,
    ...byOperation(records, 'ListMembers')
      .flatMap((r) => arrayMember(r.response, 'Members'))
      .filter((m) => stringMember(m, 'MemberStatus') === 'Enabled')
      .map((m) => stringMember(m, 'AccountId') ?? ''),
  ]);
  const aggregator = byOperation(records, 'GetFindingAggregator').find((r) => r.response)?.response;
  const linked = (region: string): boolean => {
    if (region === task.region) return true;
    const mode = stringMember(aggregator, 'RegionLinkingMode');
    const listed = arrayMember(aggregator, 'Regions').includes(region);
    return (
      mode === 'ALL_REGIONS' ||
      (mode === 'SPECIFIED_REGIONS' && listed) ||
      (mode === 'ALL_REGIONS_EXCEPT_SPECIFIED' && !listed)
    );
  };

  const calls = byOperation(records, 'GetFindings');
  const controlCalls = calls.filter((r) => isControlCall(r.parameters));
  const controlFindings = controlCalls.flatMap((r) => arrayMember(r.response, 'Findings') as StoredFinding[]);
  const at = (f: StoredFinding, s: { accountId: string; region: string }) =>
    f.AwsAccountId === s.accountId && f.Region === s.region;
  const reporting = (s: { accountId: string; region: string }) => controlFindings.some((f) => at(f, s));
  const base = [...byOperation(records, 'GetEnabledStandards'), ...setup];

  const uncovered = (s: { accountId: string; region: string }): string | undefined => {
    const where = `${s.accountId}/${s.region}`;
    if (!members.has(s.accountId))
      return `${s.accountId} is not a Security Hub member of the administrator ${task.accountId}, so ${where} is not in its view`;
    if (!linked(s.region))
      return `${s.region} is not linked to the aggregation region ${task.region}, so ${where} is not in the administrator's view`;
    return undefined;
  };

  const controlResults = task.controls.flatMap((c) => {
    const key = `securityhub-control:${c.id}`;
    const err = firstError(controlCalls);
    return scopes.map((s) => {
      const where = `${s.accountId}/${s.region}`;
      const gap = uncovered(s);
      if (gap) return verdict(key, s, 'NOT_EVALUATED', gap, base);
      if (err)
        return verdict(
          key,
          s,
          'ERROR',
          `Could not read control findings through ${admin}: ${describeError(err)}`,
          [err],
        );
      if (controlCalls.length === 0)
        return verdict(key, s, 'ERROR', `No control findings were recorded through ${admin}`, base);
      const mine = controlFindings.filter((f) => at(f, s) && f.Compliance?.SecurityControlId === c.id);
      const used = [...base, ...controlCalls];
      const failing = mine.filter((f) => f.Compliance?.Status === 'FAILED');
      if (failing.length) {
        const resources = failing.map((f) => resourceOf(f, s, `${c.id} FAILED`));
        return verdict(
          key,
          s,
          'FAIL',
          `Security Hub control ${c.id} fails for ${failing.length} of ${mine.length} resources in ${where} (read through ${admin})`,
          used,
          {
            resources: capResources(resources, ctx.maxResources),
            failingCount: resources.length,
          },
        );
      }
      if (mine.some((f) => f.Compliance?.Status === 'WARNING'))
        return verdict(
          key,
          s,
          'NOT_EVALUATED',
          `Security Hub control ${c.id} could not determine compliance (WARNING) in ${where}`,
          used,
        );
      const passed = mine.filter((f) => f.Compliance?.Status === 'PASSED').length;
      if (passed)
        return verdict(
          key,
          s,
          'PASS',
          `Security Hub control ${c.id} passes for ${passed} resources in ${where} (read through ${admin})`,
          used,
        );
      return verdict(
        key,
        s,
        'NOT_EVALUATED',
        `No control findings of ${c.id} from ${where} reached the administrator ${admin}: the control may be disabled or not offered there, or Security Hub not enabled`,
        used,
      );
    });
  });

  const conditionResults = task.findings.flatMap((q) => {
    const key = `securityhub-findings:${q.id}`;
    const mine = calls.filter((r) => isConditionCall(r, q));
    const err = firstError(mine);
    const findings = mine.flatMap((r) => arrayMember(r.response, 'Findings') as StoredFinding[]);
    return scopes.map((s) => {
      const where = `${s.accountId}/${s.region}`;
      const gap = uncovered(s);
      if (gap) return verdict(key, s, 'NOT_EVALUATED', gap, base);
      if (err)
        return verdict(key, s, 'ERROR', `Could not read findings through ${admin}: ${describeError(err)}`, [
          err,
        ]);
      if (mine.length === 0)
        return verdict(
          key,
          s,
          'ERROR',
          `No GetFindings answer for '${q.id}' was recorded through ${admin}`,
          base,
        );
      const here = findings.filter((f) => at(f, s));
      const used = [...base, ...mine];
      if (here.length) {
        const resources = here.map((f) => resourceOf(f, s, findingAnnotation(f, ctx.clock.now())));
        return verdict(
          key,
          s,
          'FAIL',
          `${here.length} ${describeCondition(q)} in ${where} (read through ${admin})`,
          used,
          {
            resources: capResources(resources, ctx.maxResources),
            failingCount: here.length,
          },
        );
      }
      if (!reporting(s))
        return verdict(
          key,
          s,
          'NOT_EVALUATED',
          `No Security Hub control findings from ${where} reached the administrator ${admin}, so its hub may be off there and no findings cannot be read as none`,
          used,
        );
      return verdict(key, s, 'PASS', `No ${describeCondition(q)} in ${where} (read through ${admin})`, used);
    });
  });
  return [...controlResults, ...conditionResults];
}
