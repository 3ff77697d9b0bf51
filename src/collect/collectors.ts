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
 * A collector loaded on its first task: Audit Manager and Security Hub bring their SDK clients (several MiB of
 * heap) into a run only when its plan has a task for them.
 */
function loadedWhenUsed<T extends Task>(load: () => Promise<Collector<T>>): Collector<T> {
  let loaded: Promise<Collector<T>> | undefined;
  return async (task, ctx) => {
    loaded ??= load();
    return (await loaded)(task, ctx);
  };
}

export const COLLECTORS: { [K in TaskKind]: Collector<Extract<Task, { kind: K }>> } = {
  config: collectConfigTask,
  'config-aggregate': collectConfigAggregate,
  'conformance-pack': collectConformancePacks,
  'artifact-reports': collectArtifactReports,
  'artifact-agreements': collectArtifactAgreements,
  'audit-manager': loadedWhenUsed(
    async () => (await import('./audit-manager/collect-audit-manager.js')).collectAuditManager,
  ),
  securityhub: loadedWhenUsed(
    async () => (await import('./securityhub/collect-securityhub.js')).collectSecurityHub,
  ),
  attestations: collectAttestations,
};
