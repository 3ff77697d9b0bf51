// What the run store keeps of a finished run to compare it with later ones: each control's verdict, the
// resources named as failing, and how many findings had each status. One pass over the findings.

import type { ControlResult, Finding, ResourceRef } from '../core/finding.js';
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

/**
 * The digest gathered one finding at a time, so the render stage's one pass over the findings can feed it
 * (`render/findings-pass.ts`) instead of the history reading findings.jsonl again.
 */
export class RunDigestBuilder {
  /** Findings added so far. */
  count = 0;
  private readonly findings = emptyCounts();
  private readonly seen = new Map<string, ResourceRef>();

  add(f: Finding): void {
    this.count += 1;
    this.findings[f.status] += 1;
    if (f.status !== 'FAIL') return;
    for (const r of f.resources) {
      const key = resourceKey(r);
      if (this.seen.has(key)) continue;
      const ref: ResourceRef = {
        accountId: r.accountId,
        region: r.region,
        resourceType: r.resourceType,
        resourceId: r.resourceId,
      };
      if (r.annotation) ref.annotation = r.annotation;
      this.seen.set(key, ref);
    }
  }

  /** The digest of the findings added, with the run's control verdicts. */
  digest(controls: readonly ControlResult[]): RunDigest {
    return {
      controls: controls.map((c) => ({
        frameworkId: c.frameworkId,
        controlId: c.controlId,
        status: c.status,
      })),
      failingResources: [...this.seen.values()],
      findings: { ...this.findings },
    };
  }
}

/** Reduce a run's results to what later runs are compared against (a pass of its own over the findings). */
export async function digestResults(
  results: Pick<RunResults<FindingSource>, 'controls' | 'findings'>,
): Promise<RunDigest> {
  const builder = new RunDigestBuilder();
  for await (const f of results.findings) builder.add(f);
  return builder.digest(results.controls);
}
