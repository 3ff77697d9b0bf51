// Reading the world's `auditManager:` section as Audit Manager answers it: stable ids and ARNs derived from
// names, times resolved against the world's time, evidence counts per folder.

import { createHash } from 'node:crypto';
import type { WorldState } from '../../world/world-state.js';
import { resolveWorldTime } from '../artifact/world-time.js';
import type {
  AssessmentControlSpec,
  AssessmentSpec,
  AuditManagerWorld,
  ControlSetSpec,
  EvidenceFolderSpec,
} from './audit-manager-world.js';

/** The world's Audit Manager section (empty when the world has none). */
export function auditManagerWorld(world: WorldState): AuditManagerWorld {
  return (world.world as { auditManager?: AuditManagerWorld }).auditManager ?? { assessments: [] };
}

/** A UUID-shaped id derived from `seed` (lower-case hex, as Audit Manager's ids). */
export function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function assessmentId(a: AssessmentSpec): string {
  return a.id ?? stableUuid(`assessment/${a.account}/${a.region}/${a.name}`);
}

export function controlId(a: AssessmentSpec, set: ControlSetSpec, c: AssessmentControlSpec): string {
  return c.id ?? stableUuid(`control/${assessmentId(a)}/${set.id}/${c.name}`);
}

export function folderId(
  a: AssessmentSpec,
  set: ControlSetSpec,
  c: AssessmentControlSpec,
  index: number,
): string {
  return stableUuid(`folder/${controlId(a, set, c)}/${index}`);
}

/** The assessments of one account and region. */
export function assessmentsIn(world: WorldState, accountId: string, region: string): AssessmentSpec[] {
  return auditManagerWorld(world).assessments.filter((a) => a.account === accountId && a.region === region);
}

/** A folder with everything Audit Manager reports about it. */
export interface FolderView {
  spec: EvidenceFolderSpec;
  id: string;
  date: Date;
  controlSet: ControlSetSpec;
  control: AssessmentControlSpec;
}

/** The folders of a control, newest first. */
export function foldersOf(
  world: WorldState,
  a: AssessmentSpec,
  set: ControlSetSpec,
  c: AssessmentControlSpec,
): FolderView[] {
  return c.folders
    .map((spec, i) => ({
      spec,
      id: folderId(a, set, c, i),
      date: resolveWorldTime(spec.date, world.time),
      controlSet: set,
      control: c,
    }))
    .sort((x, y) => y.date.getTime() - x.date.getTime());
}

/** Whether a compliance check result means failure (Config NON_COMPLIANT, Security Hub FAILED). */
export function isFailingCheck(value: string | undefined): boolean {
  if (!value) return false;
  const v = value.toUpperCase().replace(/[^A-Z]/g, '');
  return v === 'NONCOMPLIANT' || v === 'FAILED' || v === 'FAIL';
}
