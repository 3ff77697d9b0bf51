// Verdicts for one account and region from AWS Config evidence: managed-rule compliance and advanced queries.
//
// The records this reads (written by collect/config/collect-config-task.ts), all for the task's account/region:
//   DescribeConfigurationRecorderStatus {}                       — is Config recording here at all?
//   DescribeConfigRules {NextToken?}                             — every deployed rule, page by page
//   DescribeConfigRuleEvaluationStatus {ConfigRuleNames}          — is each rule's evaluation healthy?
//   DescribeComplianceByConfigRule {ConfigRuleNames, NextToken?}  — the compliance of each deployed rule
//   GetComplianceDetailsByConfigRule {ConfigRuleName, ComplianceTypes:[NON_COMPLIANT], ...} — failing resources
//   SelectResourceConfig {Expression, Limit, NextToken?}          — advanced-query rows
// plus, in place of any of these, a record with `error` (including sts:AssumeRole when the account's role
// could not be assumed). Honesty rules: a failed call is ERROR, a rule not deployed or not yet evaluated
// is NOT_EVALUATED, and nothing passes in a region where Config is not recording.

import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { QueryResult } from '../../core/finding.js';
import type { Status } from '../../core/status.js';
import { worstStatus } from '../../core/status.js';
import type { ConfigTask } from '../../plan/types.js';
import { byOperation, describeError, firstError } from '../records.js';
import type { EvaluationContext } from '../types.js';
import { verdict } from '../verdict.js';
import { distinctFailing, failReason, statusOfCompliance } from './compliance-status.js';
import { evaluateQuery } from './evaluate-query.js';
import {
  deployedRules,
  evaluationStatuses,
  failingResources,
  ruleCompliance,
} from './read-config-records.js';
import { recorderGate } from './recorder-state.js';

/** Evaluate every rule and query of a `config` task. */
export function evaluateConfigTask(
  task: ConfigTask,
  records: readonly EvidenceRecord[],
  ctx: EvaluationContext,
): QueryResult[] {
  const where = `${task.accountId}/${task.region}`;
  const allKeys = [
    ...task.rules.map((r) => `config-rule:${r}`),
    ...task.queries.map((q) => `config-query:${q.queryId}`),
  ];

  // A failure before any Config answer (role not assumable, recorder status unreadable) makes everything
  // unproven, and nothing passes where the recorder is not recording.
  const gate = recorderGate(records, allKeys, task);
  if ('closed' in gate) return gate.closed;
  const recorderRecords = gate.open;

  const out: QueryResult[] = [];
  if (task.rules.length) out.push(...evaluateRules(task, records, ctx, where));
  for (const q of task.queries) {
    const pages = byOperation(records, 'SelectResourceConfig').filter(
      (r) => r.parameters.Expression === q.expression,
    );
    out.push({
      ...evaluateQuery(q, pages, { accountId: task.accountId, region: task.region }, ctx),
      evidence: [...recorderRecords, ...pages].map((r) => r.id),
    });
  }
  return out;
}

function evaluateRules(
  task: ConfigTask,
  records: readonly EvidenceRecord[],
  ctx: EvaluationContext,
  where: string,
): QueryResult[] {
  const listing = byOperation(records, 'DescribeConfigRules');
  const listingError = firstError(listing);
  if (listingError || listing.length === 0) {
    const why = listingError ? describeError(listingError) : 'no DescribeConfigRules answer was recorded';
    return task.rules.map((rule) =>
      verdict(
        `config-rule:${rule}`,
        task,
        'ERROR',
        `Could not list Config rules in ${where}: ${why}`,
        listingError ? [listingError] : [],
      ),
    );
  }
  const deployed = deployedRules(listing);
  const statuses = evaluationStatuses(byOperation(records, 'DescribeConfigRuleEvaluationStatus'));
  const compliance = ruleCompliance(byOperation(records, 'DescribeComplianceByConfigRule'));
  const details = byOperation(records, 'GetComplianceDetailsByConfigRule');

  return task.rules.map((identifier) => {
    const key = `config-rule:${identifier}`;
    const names = deployed.get(identifier) ?? [];
    if (names.length === 0) {
      return verdict(
        key,
        task,
        'NOT_EVALUATED',
        `Managed rule ${identifier} is not deployed in ${where}`,
        listing,
        { notDeployed: true },
      );
    }
    const label = `${names.join(', ')} (${identifier})`;
    const evidence = new Set<EvidenceRecord>(listing);
    const perName: Status[] = [];
    const notes: string[] = [];
    // Per failing deployment, AWS's count of its non-compliant resources (capped at 100).
    const counts: number[] = [];
    let capped = false;
    for (const name of names) {
      const st = statuses.get(name);
      if (st?.record) evidence.add(st.record);
      if (st?.error) {
        perName.push('ERROR');
        notes.push(`evaluation status of ${name} could not be read: ${describeError(st.error)}`);
        evidence.add(st.error);
        continue;
      }
      const c = compliance.get(name);
      if (c?.record) evidence.add(c.record);
      if (!c || c.error) {
        perName.push('ERROR');
        notes.push(
          c?.error
            ? `compliance of ${name} could not be read: ${describeError(c.error)}`
            : `no compliance answer for ${name}`,
        );
        if (c?.error) evidence.add(c.error);
        continue;
      }
      if (st?.failing) {
        perName.push('ERROR');
        notes.push(`${name} is failing to evaluate (${st.failing}); its results cannot be trusted`);
        continue;
      }
      let verdict = statusOfCompliance(c.complianceType);
      // AWS has no rule-level NOT_APPLICABLE: a rule that evaluated successfully and still has no data found
      // no resource in scope. Without a successful evaluation on record, it is simply not evaluated yet.
      if (c.complianceType === 'INSUFFICIENT_DATA' && st?.lastSuccessAt) verdict = 'NOT_APPLICABLE';
      perName.push(verdict);
      if (verdict === 'FAIL') {
        counts.push(c.contributors ?? 0);
        if (c.capExceeded) capped = true;
      } else if (verdict === 'NOT_APPLICABLE') {
        notes.push(
          st?.lastSuccessAt
            ? `${name} last evaluated successfully at ${st.lastSuccessAt} and found no resource in scope (INSUFFICIENT_DATA)`
            : `${name} found no resources in scope`,
        );
      } else if (verdict === 'NOT_EVALUATED') {
        notes.push(`${name} has no evaluation results yet (${c.complianceType ?? 'no data'})`);
      }
    }
    const status = worstStatus(perName);
    if (status === 'FAIL') {
      const listed = failingResources(details, names, task, ctx.maxResources);
      for (const r of listed.records) evidence.add(r);
      const { count, atLeast } = distinctFailing(counts, capped, listed);
      const extra = listed.error
        ? `; the failing resources could not all be listed: ${describeError(listed.error)}`
        : '';
      return verdict(key, task, 'FAIL', failReason(count, atLeast, label, where, extra), [...evidence], {
        resources: listed.resources,
        failingCount: count,
        ...(atLeast ? { failingCountAtLeast: true } : {}),
      });
    }
    const reason =
      status === 'PASS'
        ? `${label} is COMPLIANT in ${where}`
        : status === 'NOT_APPLICABLE'
          ? `${label} applies to no resources in ${where}${notes.length ? ` (${notes.join('; ')})` : ''}`
          : `${label} in ${where}: ${notes.join('; ')}`;
    return verdict(key, task, status, reason, [...evidence]);
  });
}
