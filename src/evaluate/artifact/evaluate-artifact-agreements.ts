// Verdicts on the agreements an account has accepted in AWS Artifact (e.g. the HIPAA Business Associate
// Addendum), from the records collect/artifact/collect-artifact-agreements.ts writes:
//   ListCustomerAgreements {maxResults, nextToken?}  — every agreement the account sees (its own, its organisation's)
// ACTIVE for the account or its organisation (and within its effective dates) is PASS; terminated, not yet
// effective or missing is FAIL with the reason; a failed call is ERROR.

import type { ArtifactAgreementQuery } from '../../catalog/types.js';
import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { QueryResult } from '../../core/finding.js';
import type { Status } from '../../core/status.js';
import type { ArtifactAgreementsTask } from '../../plan/types.js';
import { arrayMember, byOperation, describeError, firstError } from '../records.js';
import type { EvaluationContext } from '../types.js';
import { verdict } from '../verdict.js';
import { timeOf } from './match-report.js';

/** A ListCustomerAgreements entry as stored. */
interface StoredAgreement {
  name?: string;
  id?: string;
  awsAccountId?: string;
  organizationArn?: string;
  state?: string;
  effectiveStart?: string;
  effectiveEnd?: string;
}

/** Evaluate every agreement query of an `artifact-agreements` task. */
export function evaluateArtifactAgreements(
  task: ArtifactAgreementsTask,
  records: readonly EvidenceRecord[],
  ctx: EvaluationContext,
): QueryResult[] {
  const result = (
    q: ArtifactAgreementQuery,
    status: Status,
    reason: string,
    evidence: readonly EvidenceRecord[],
  ) => verdict(`artifact-agreement:${q.id}`, task, status, reason, evidence);

  const listing = byOperation(records, 'ListCustomerAgreements');
  const gateError = firstError([...byOperation(records, 'AssumeRole'), ...listing]);
  if (gateError) {
    return task.agreements.map((q) =>
      result(
        q,
        'ERROR',
        `Could not list the AWS Artifact agreements of account ${task.accountId}: ${describeError(gateError)}`,
        [gateError],
      ),
    );
  }
  if (listing.length === 0) {
    return task.agreements.map((q) =>
      result(q, 'ERROR', `No ListCustomerAgreements answer was recorded for account ${task.accountId}`, []),
    );
  }
  const agreements = listing.flatMap((r) =>
    arrayMember(r.response, 'customerAgreements'),
  ) as StoredAgreement[];
  const now = ctx.clock.now().getTime();

  return task.agreements.map((q) => {
    const wanted = q.match.nameContains.toLowerCase();
    const applicable = agreements.filter(
      (a) =>
        (a.name ?? '').toLowerCase().includes(wanted) &&
        (a.awsAccountId === task.accountId || a.organizationArn !== undefined),
    );
    const inForce = applicable.filter(
      (a) =>
        a.state === 'ACTIVE' &&
        (a.effectiveStart === undefined || timeOf(a.effectiveStart) <= now) &&
        (a.effectiveEnd === undefined || timeOf(a.effectiveEnd) > now),
    );
    const active = inForce.sort(
      (a, b) => Number(b.organizationArn !== undefined) - Number(a.organizationArn !== undefined),
    )[0];
    if (active) {
      const scope = active.organizationArn ? 'for its organisation' : 'for this account';
      return result(
        q,
        'PASS',
        `"${active.name}" is ACTIVE for account ${task.accountId} (accepted ${scope}${since(active.effectiveStart)})`,
        listing,
      );
    }
    const latest = applicable.sort((a, b) => timeOf(b.effectiveStart) - timeOf(a.effectiveStart))[0];
    if (latest) {
      const why =
        latest.state !== 'ACTIVE'
          ? `is ${latest.state ?? 'in an unknown state'}${latest.effectiveEnd ? ` since ${day(latest.effectiveEnd)}` : ''}`
          : timeOf(latest.effectiveStart) > now
            ? `takes effect only on ${day(latest.effectiveStart)}`
            : `ended on ${day(latest.effectiveEnd)}`;
      return result(
        q,
        'FAIL',
        `"${latest.name}" ${why} for account ${task.accountId}; accept it again in AWS Artifact`,
        listing,
      );
    }
    return result(
      q,
      'FAIL',
      `No agreement whose name contains '${q.match.nameContains}' is accepted for account ${task.accountId} or its organisation in AWS Artifact (${agreements.length} agreement${agreements.length === 1 ? '' : 's'} listed)`,
      listing,
    );
  });
}

function since(value: string | undefined): string {
  return value === undefined ? '' : ` since ${day(value)}`;
}

function day(value: string | undefined): string {
  const t = timeOf(value);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : 'an unknown date';
}
