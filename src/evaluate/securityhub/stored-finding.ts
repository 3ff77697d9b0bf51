// Reading stored ASFF findings: the fields verdicts use, how a finding is named as a failing resource, and how a
// findings condition is described in a reason.

import type { SecurityHubFindingsQuery } from '../../catalog/types.js';
import type { ResourceRef } from '../../core/finding.js';
import type { VerdictScope } from '../verdict.js';

/** An ASFF finding as stored, without trusting more of its shape than verdicts read. */
export interface StoredFinding {
  Id?: string;
  AwsAccountId?: string;
  Region?: string;
  ProductName?: string;
  Title?: string;
  CreatedAt?: string;
  Severity?: { Label?: string };
  Workflow?: { Status?: string };
  Resources?: { Type?: string; Id?: string }[];
  Compliance?: { Status?: string; SecurityControlId?: string };
}

/** "unresolved (NEW, NOTIFIED) CRITICAL/HIGH GuardDuty findings older than 7 days". */
export function describeCondition(q: SecurityHubFindingsQuery): string {
  const age = q.olderThanDays > 0 ? ` older than ${q.olderThanDays} days` : '';
  const on = q.resourceTypes.length ? ` on ${q.resourceTypes.join('/')}` : '';
  return `active ${q.workflow.join('/')} ${q.severities.join('/')} ${q.products.join('/')} findings${on}${age}`;
}

/** The finding's first resource as a failing resource of a verdict, with `annotation`. */
export function resourceOf(f: StoredFinding, task: VerdictScope, annotation: string): ResourceRef {
  const r = f.Resources?.[0];
  return {
    accountId: f.AwsAccountId ?? task.accountId,
    region: f.Region ?? task.region,
    resourceType: r?.Type ?? 'finding',
    resourceId: r?.Id ?? f.Id ?? 'unknown',
    annotation,
  };
}

/** "GuardDuty HIGH: <title> (12 days old, NOTIFIED; finding <id>)". */
export function findingAnnotation(f: StoredFinding, now: Date): string {
  const days = Math.floor((now.getTime() - Date.parse(f.CreatedAt ?? '')) / 86_400_000);
  const age = Number.isNaN(days) ? 'age unknown' : `${days} days old`;
  return `${f.ProductName} ${f.Severity?.Label}: ${f.Title} (${age}, ${f.Workflow?.Status}; finding ${f.Id})`;
}
