// The collector for each task kind; typed over every kind so a new kind fails the build until handled.

import type { EvidenceRecord } from '../core/evidence-record.js';
import type { Task, TaskKind } from '../plan/types.js';
import { collectArtifactAgreements } from './artifact/collect-artifact-agreements.js';
import { collectArtifactReports } from './artifact/collect-artifact-reports.js';
import { collectAttestations } from './attestations/collect-attestations.js';
import { collectAuditManager } from './audit-manager/collect-audit-manager.js';
import type { CollectContext } from './collect-context.js';
import { collectConfigAggregate } from './config/collect-config-aggregate.js';
import { collectConfigTask } from './config/collect-config-task.js';
import { collectConformancePacks } from './config/collect-conformance-packs.js';
import { collectSecurityHub } from './securityhub/collect-securityhub.js';

export type Collector<T extends Task = Task> = (task: T, ctx: CollectContext) => Promise<EvidenceRecord[]>;

export const COLLECTORS: { [K in TaskKind]: Collector<Extract<Task, { kind: K }>> } = {
  config: collectConfigTask,
  'config-aggregate': collectConfigAggregate,
  'conformance-pack': collectConformancePacks,
  'artifact-reports': collectArtifactReports,
  'artifact-agreements': collectArtifactAgreements,
  'audit-manager': collectAuditManager,
  securityhub: collectSecurityHub,
  attestations: collectAttestations,
};
