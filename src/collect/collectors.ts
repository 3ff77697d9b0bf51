// The collector for each task kind; typed over every kind so a new kind fails the build until handled.

import type { EvidenceRecord } from '../core/evidence-record.js';
import type { Task, TaskKind } from '../plan/types.js';
import { collectArtifactAgreements } from './artifact/collect-artifact-agreements.js';
import { collectArtifactReports } from './artifact/collect-artifact-reports.js';
import { collectAttestations } from './attestations/collect-attestations.js';
import type { CollectContext } from './collect-context.js';
import { collectConfigAggregate } from './config/collect-config-aggregate.js';
import { collectConfigTask } from './config/collect-config-task.js';
import { collectConformancePacks } from './config/collect-conformance-packs.js';

export type Collector<T extends Task = Task> = (task: T, ctx: CollectContext) => Promise<EvidenceRecord[]>;

/**
 * A collector loaded when a plan has a task for it: Audit Manager and Security Hub bring their SDK clients
 * (several MiB of heap) into a run only then. `preload` starts loading it before collection, so the module is
 * not compiled on the main thread while calls are answered; the first task also loads it if nothing did.
 */
function loadedWhenUsed<T extends Task>(
  load: () => Promise<Collector<T>>,
): Collector<T> & { preload: () => Promise<unknown> } {
  let loaded: Promise<Collector<T>> | undefined;
  const preload = () => {
    loaded ??= load();
    return loaded;
  };
  return Object.assign(async (task: T, ctx: CollectContext) => (await preload())(task, ctx), { preload });
}

const auditManager = loadedWhenUsed(
  async () => (await import('./audit-manager/collect-audit-manager.js')).collectAuditManager,
);
const securityHub = loadedWhenUsed(
  async () => (await import('./securityhub/collect-securityhub.js')).collectSecurityHub,
);

/** Load the collectors `tasks` need that are loaded only when used (while the plan is written). */
export async function preloadCollectors(tasks: readonly Pick<Task, 'kind'>[]): Promise<void> {
  const kinds = new Set(tasks.map((t) => t.kind));
  await Promise.all([
    kinds.has('audit-manager') ? auditManager.preload() : undefined,
    kinds.has('securityhub') ? securityHub.preload() : undefined,
  ]);
}

export const COLLECTORS: { [K in TaskKind]: Collector<Extract<Task, { kind: K }>> } = {
  config: collectConfigTask,
  'config-aggregate': collectConfigAggregate,
  'conformance-pack': collectConformancePacks,
  'artifact-reports': collectArtifactReports,
  'artifact-agreements': collectArtifactAgreements,
  'audit-manager': auditManager,
  securityhub: securityHub,
  attestations: collectAttestations,
};
