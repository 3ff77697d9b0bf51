// What the run store keeps of a finished run to compare it with later ones: each control's verdict, the
// resources named as failing, and how many findings had each status. One pass over the findings.

import type { ResourceRef } from '../core/finding.js';
import type { FindingSource, RunResults } from '../core/run-result.js';
import { emptyCounts, type Status } from '../core/status.js';

/** One control's verdict in one run. */
export interface ControlVerdict {
  frameworkId: string;
  controlId: string;
  status: Status;
}

export interface RunDigest {
  /** In the run's control order. */
  controls: ControlVerdict[];
  /** Resources named by FAIL findings, each once, in the order first met. */
  failingResources: ResourceRef[];
  findings: Record<Status, number>;
}

/** A stable key for a resource across runs. */
export function resourceKey(
  r: Pick<ResourceRef, 'accountId' | 'region' | 'resourceType' | 'resourceId'>,
): string {
  return `${r.accountId}|${r.region}|${r.resourceType}|${r.resourceId}`;
}

/** Reduce a run's results to what later runs are compared against. */
export async function digestResults(
  results: Pick<RunResults<FindingSource>, 'controls' | 'findings'>,
): Promise<RunDigest> {
  const findings = emptyCounts();
  const seen = new Map<string, ResourceRef>();
  for await (const f of results.findings) {
    findings[f.status] += 1;
    if (f.status !== 'FAIL') continue;
    for (const r of f.resources) {
      const key = resourceKey(r);
      if (seen.has(key)) continue;
      const ref: ResourceRef = {
        accountId: r.accountId,
        region: r.region,
        resourceType: r.resourceType,
        resourceId: r.resourceId,
      };
      if (r.annotation) ref.annotation = r.annotation;
      seen.set(key, ref);
    }
  }
  return {
    controls: results.controls.map((c) => ({
      frameworkId: c.frameworkId,
      controlId: c.controlId,
      status: c.status,
    })),
    failingResources: [...seen.values()],
    findings,
  };
}
