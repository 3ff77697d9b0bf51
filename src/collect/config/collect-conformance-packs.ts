// Collect conformance pack compliance in one account and region: the deployed packs, then the per-rule
// compliance of each pack a query names (by exact name or prefix: organisation packs carry a suffix).

import {
  DescribeConformancePackComplianceCommand,
  DescribeConformancePacksCommand,
} from '@aws-sdk/client-config-service';
import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { ConformancePackTask } from '../../plan/types.js';
import { ensureAccountAccess } from '../account-access.js';
import type { CollectContext } from '../collect-context.js';
import { callScope, recordPages } from '../record-call.js';

/** Whether a deployed pack name is the one a query means. */
export function packMatches(deployed: string, wanted: string): boolean {
  return deployed === wanted || deployed.startsWith(wanted);
}

/** Collect everything a `conformance-pack` task needs. */
export async function collectConformancePacks(
  task: ConformancePackTask,
  ctx: CollectContext,
): Promise<EvidenceRecord[]> {
  const denied = await ensureAccountAccess(task, ctx);
  if (denied) return [denied];
  const client = ctx.clients.config(task.accountId, task.region);
  const base = callScope(task, 'config');
  const listing = await recordPages(ctx, {
    ...base,
    operation: 'DescribeConformancePacks',
    parameters: {},
    send: (params, abortSignal) => client.send(new DescribeConformancePacksCommand(params), { abortSignal }),
  });
  if (listing.failed) return listing.records;
  const deployed = listing.pages
    .flatMap((p) => p.ConformancePackDetails ?? [])
    .map((d) => d.ConformancePackName ?? '');
  const names = [...new Set(deployed.filter((d) => task.packs.some((q) => packMatches(d, q.packName))))];
  const runs = await Promise.all(
    names.map((name) =>
      recordPages(ctx, {
        ...base,
        operation: 'DescribeConformancePackCompliance',
        parameters: { ConformancePackName: name },
        send: (params, abortSignal) =>
          client.send(new DescribeConformancePackComplianceCommand(params), { abortSignal }),
      }),
    ),
  );
  return [...listing.records, ...runs.flatMap((r) => r.records)];
}
