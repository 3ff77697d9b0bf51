// Collect conformance pack compliance in one account and region: the recorder's status (a pack's verdicts mean
// nothing where Config is not recording), the deployed packs, then the per-rule compliance of each pack a query
// names (by exact name, prefix, or as an organisation pack `OrgConformsPack-<name>-<suffix>`).

import {
  DescribeConfigurationRecorderStatusCommand,
  DescribeConformancePackComplianceCommand,
  DescribeConformancePacksCommand,
} from '@aws-sdk/client-config-service';
import type { EvidenceRecord } from '../../core/evidence-record.js';
import { packMatches } from '../../evaluate/config/pack-names.js';
import type { ConformancePackTask } from '../../plan/types.js';
import { ensureAccountAccess } from '../account-access.js';
import type { CollectContext } from '../collect-context.js';
import { callScope, recordCall, recordPages } from '../record-call.js';

/** Collect everything a `conformance-pack` task needs. */
export async function collectConformancePacks(
  task: ConformancePackTask,
  ctx: CollectContext,
): Promise<EvidenceRecord[]> {
  const denied = await ensureAccountAccess(task, ctx);
  if (denied) return [denied];
  const client = ctx.clients.config(task.accountId, task.region);
  const base = callScope(task, 'config');
  const recorder = await recordCall(ctx, {
    ...base,
    operation: 'DescribeConfigurationRecorderStatus',
    parameters: {},
    send: (abortSignal) => client.send(new DescribeConfigurationRecorderStatusCommand({}), { abortSignal }),
  });
  if (!recorder.response) return [recorder.record];
  const recording = (recorder.response.ConfigurationRecordersStatus ?? []).some((s) => s.recording === true);
  if (!recording) return [recorder.record];
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
  return [recorder.record, ...listing.records, ...runs.flatMap((r) => r.records)];
}
