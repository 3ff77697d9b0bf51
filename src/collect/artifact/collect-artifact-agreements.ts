// Collect the AWS Artifact agreements one account has accepted (or its organisation has, for it):
//   ListCustomerAgreements {maxResults, nextToken?}  — every page, with the account's own credentials
// The records are what evaluate/artifact/evaluate-artifact-agreements.ts reads.

import { artifactClientFor } from '../../aws/artifact/artifact-for-account.js';
import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { ArtifactAgreementsTask } from '../../plan/types.js';
import { ensureAccountAccess } from '../account-access.js';
import type { CollectContext } from '../collect-context.js';
import { recordPagesBy } from '../record-call.js';

/** ListCustomerAgreements page size (the model allows 1-300). */
export const AGREEMENTS_PAGE = 100;

/** Collect an `artifact-agreements` task. Never throws for AWS failures; they become records. */
export async function collectArtifactAgreements(
  task: ArtifactAgreementsTask,
  ctx: CollectContext,
): Promise<EvidenceRecord[]> {
  const denied = await ensureAccountAccess(task, ctx);
  if (denied) return [denied];
  const client = artifactClientFor(ctx.clients, task.accountId);
  const listing = await recordPagesBy(ctx, 'nextToken', {
    taskId: task.id,
    accountId: task.accountId,
    region: task.region,
    service: 'artifact',
    operation: 'ListCustomerAgreements',
    parameters: { maxResults: AGREEMENTS_PAGE },
    send: (params, abortSignal) => client.listCustomerAgreements(params, { abortSignal }),
  });
  return listing.records;
}
