// The collector for each task kind; typed over every kind so a new kind fails the build until handled.

import type { EvidenceRecord } from '../core/evidence-record.js';
import type { Task, TaskKind } from '../plan/types.js';
import type { CollectContext } from './collect-context.js';
import { collectConfigAggregate } from './config/collect-config-aggregate.js';
import { collectConfigTask } from './config/collect-config-task.js';
import { collectConformancePacks } from './config/collect-conformance-packs.js';

export type Collector<T extends Task = Task> = (task: T, ctx: CollectContext) => Promise<EvidenceRecord[]>;

/** Kinds whose collector does not exist yet collect nothing; their evaluator reports ERROR, never a pass. */
const nothingYet: Collector = async () => [];

/** Attestations need no AWS call here; their evaluator reads the plan's items. */
const noAwsCall: Collector = async () => [];

export const COLLECTORS: { [K in TaskKind]: Collector<Extract<Task, { kind: K }>> } = {
  config: collectConfigTask,
  'config-aggregate': collectConfigAggregate,
  'conformance-pack': collectConformancePacks,
  'artifact-reports': nothingYet,
  'artifact-agreements': nothingYet,
  'audit-manager': nothingYet,
  attestations: noAwsCall,
};
