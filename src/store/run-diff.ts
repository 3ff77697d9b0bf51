// What changed from one run of a profile to the next: pass-rate per framework, controls that started or
// stopped failing, resources newly (or no longer) named as failing. Pure; used by reports, `runs diff` and
// the daemon's notifications.

import type { ResourceRef } from '../core/finding.js';
import { isMet } from '../core/status.js';
import type { HistoryChanges, HistoryControlRef } from '../render/report-history.js';
import { type ControlVerdict, resourceKey } from './run-digest.js';

/** One side of a comparison. */
export interface RunSnapshot {
  runId: string;
  frameworks: { id: string; name?: string; metRatio: number }[];
  controls: ControlVerdict[];
  failingResources: ResourceRef[];
}

export interface FrameworkChange {
  id: string;
  name?: string;
  /** Absent when the framework was not part of that run. */
  before?: number;
  after?: number;
}

export interface RunDiff {
  from: string;
  to: string;
  frameworks: FrameworkChange[];
  /** FAIL now, and not FAIL before (a control the earlier run did not have is not counted). */
  newlyFailing: HistoryControlRef[];
  /** FAIL before, and met now. A control that went from FAIL to ERROR is in neither list: it is unproven. */
  newlyPassing: HistoryControlRef[];
  /** Named by a FAIL finding now and not before. */
  newResources: ResourceRef[];
  /** Named by a FAIL finding before and not now. */
  resolvedResources: ResourceRef[];
}

/** Compare two runs; `before` is the earlier one. */
export function diffRuns(before: RunSnapshot, after: RunSnapshot): RunDiff {
  const key = (c: { frameworkId: string; controlId: string }) => `${c.frameworkId}\u0000${c.controlId}`;
  const earlier = new Map(before.controls.map((c) => [key(c), c.status]));
  const newlyFailing: HistoryControlRef[] = [];
  const newlyPassing: HistoryControlRef[] = [];
  for (const c of after.controls) {
    const was = earlier.get(key(c));
    if (was === undefined) continue;
    const ref = { frameworkId: c.frameworkId, controlId: c.controlId };
    if (c.status === 'FAIL' && was !== 'FAIL') newlyFailing.push(ref);
    else if (was === 'FAIL' && isMet(c.status)) newlyPassing.push(ref);
  }
  const beforeKeys = new Set(before.failingResources.map(resourceKey));
  const afterKeys = new Set(after.failingResources.map(resourceKey));
  const ids = [...new Set([...before.frameworks.map((f) => f.id), ...after.frameworks.map((f) => f.id)])];
  return {
    from: before.runId,
    to: after.runId,
    frameworks: ids.map((id) => {
      const b = before.frameworks.find((f) => f.id === id);
      const a = after.frameworks.find((f) => f.id === id);
      const name = a?.name ?? b?.name;
      return {
        id,
        ...(name ? { name } : {}),
        ...(b ? { before: b.metRatio } : {}),
        ...(a ? { after: a.metRatio } : {}),
      };
    }),
    newlyFailing,
    newlyPassing,
    newResources: after.failingResources.filter((r) => !beforeKeys.has(resourceKey(r))),
    resolvedResources: before.failingResources.filter((r) => !afterKeys.has(resourceKey(r))),
  };
}

/** The part of a diff the report's history section shows. */
export function historyChanges(diff: RunDiff): HistoryChanges {
  return {
    newlyFailing: diff.newlyFailing,
    newlyPassing: diff.newlyPassing,
    newResources: diff.newResources,
  };
}
