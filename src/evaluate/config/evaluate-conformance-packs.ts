// Verdicts for conformance pack queries: FAIL when any rule of the pack is NON_COMPLIANT (naming the rules),
// PASS only when every rule is COMPLIANT, NOT_EVALUATED when the pack is not deployed or lacks data, and
// nothing at all where the configuration recorder is not recording (a pack's rules then judge stale data).

import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { QueryResult } from '../../core/finding.js';
import type { ConformancePackTask } from '../../plan/types.js';
import { arrayMember, byOperation, describeError, firstError, stringMember } from '../records.js';
import type { EvaluationContext } from '../types.js';
import { verdict } from '../verdict.js';
import { packMatches } from './pack-names.js';
import { recorderGate } from './recorder-state.js';

/** Evaluate every pack query of a `conformance-pack` task. */
export function evaluateConformancePacks(
  task: ConformancePackTask,
  records: readonly EvidenceRecord[],
  ctx: EvaluationContext,
): QueryResult[] {
  const where = `${task.accountId}/${task.region}`;
  const keys = task.packs.map((q) => `conformance-pack:${q.id}`);
  // A pack's rules judge what the recorder recorded: where it is not recording, no pack verdict can be trusted.
  const gate = recorderGate(records, keys, task);
  if ('closed' in gate) return gate.closed;
  const recorderRecords = gate.open;
  const listing = [
    ...byOperation(records, 'AssumeRole'),
    ...byOperation(records, 'DescribeConformancePacks'),
  ];
  const listingError = firstError(listing);
  const compliance = byOperation(records, 'DescribeConformancePackCompliance');
  return task.packs.map((q) => {
    const key = `conformance-pack:${q.id}`;
    if (listingError || listing.length === 0) {
      return verdict(
        key,
        task,
        'ERROR',
        `Could not list conformance packs in ${where}: ${listingError ? describeError(listingError) : 'no answer recorded'}`,
        listingError ? [listingError] : [],
      );
    }
    const pages = compliance.filter((r) => packMatches(String(r.parameters.ConformancePackName), q.packName));
    if (pages.length === 0) {
      return verdict(
        key,
        task,
        'NOT_EVALUATED',
        `Conformance pack ${q.packName} is not deployed in ${where}`,
        listing,
      );
    }
    const evidence = [...recorderRecords, ...listing, ...pages];
    const failed = firstError(pages);
    if (failed)
      return verdict(
        key,
        task,
        'ERROR',
        `Could not read conformance pack ${q.packName} in ${where}: ${describeError(failed)}`,
        evidence,
      );
    const rules = pages.flatMap((p) => arrayMember(p.response, 'ConformancePackRuleComplianceList'));
    const failing = rules
      .filter((r) => stringMember(r, 'ComplianceType') === 'NON_COMPLIANT')
      .map((r) => stringMember(r, 'ConfigRuleName') ?? 'unknown');
    const unknown = rules.filter(
      (r) =>
        stringMember(r, 'ComplianceType') !== 'NON_COMPLIANT' &&
        stringMember(r, 'ComplianceType') !== 'COMPLIANT',
    );
    if (failing.length) {
      const resources = failing.slice(0, ctx.maxResources).map((name) => ({
        accountId: task.accountId,
        region: task.region,
        resourceType: 'AWS::Config::ConfigRule',
        resourceId: name,
      }));
      return verdict(
        key,
        task,
        'FAIL',
        `${failing.length} of ${rules.length} rules of conformance pack ${q.packName} are NON_COMPLIANT in ${where}`,
        evidence,
        { resources, failingCount: failing.length },
      );
    }
    if (rules.length === 0 || unknown.length) {
      return verdict(
        key,
        task,
        'NOT_EVALUATED',
        `Conformance pack ${q.packName} in ${where}: ${unknown.length} of ${rules.length} rules have no evaluation results yet`,
        evidence,
      );
    }
    return verdict(
      key,
      task,
      'PASS',
      `All ${rules.length} rules of conformance pack ${q.packName} are COMPLIANT in ${where}`,
      evidence,
    );
  });
}
