// The executive summary: per framework, controls by status and the share met; the worst failing controls.
// Met ratios are recomputed here from the control verdicts with isMet(), so nothing unproven is counted.

import type { ControlResult, FrameworkResult } from '../../core/finding.js';
import { emptyCounts, isMet } from '../../core/status.js';
import { formatPercent } from '../format.js';
import type { FailingControlView, FrameworkSummary, SummaryView, TopFailingControl } from '../view-types.js';
import { statusCounts } from './control-brief.js';

interface Tally {
  counts: ReturnType<typeof emptyCounts>;
  controls: number;
  met: number;
  applicable: number;
}

function tally(controls: readonly ControlResult[]): Tally {
  const t: Tally = { counts: emptyCounts(), controls: 0, met: 0, applicable: 0 };
  for (const c of controls) {
    t.controls += 1;
    t.counts[c.status] += 1;
    if (c.status !== 'NOT_APPLICABLE') t.applicable += 1;
    if (isMet(c.status)) t.met += 1;
  }
  return t;
}

const unproven = (t: Tally) => t.counts.ERROR + t.counts.NOT_EVALUATED + t.counts.MANUAL;

/** Per-framework summaries, in the run's framework order. */
export function frameworkSummaries(
  frameworks: readonly FrameworkResult[],
  controls: readonly ControlResult[],
): FrameworkSummary[] {
  return frameworks.map((fw) => {
    const t = tally(controls.filter((c) => c.frameworkId === fw.frameworkId));
    const metRatio = t.applicable === 0 ? 0 : t.met / t.applicable;
    return {
      id: fw.frameworkId,
      name: fw.name,
      version: fw.version,
      controls: t.controls,
      counts: statusCounts(t.counts),
      metRatio,
      metPercent: formatPercent(metRatio),
      met: t.met,
      applicable: t.applicable,
      failing: t.counts.FAIL,
      unproven: unproven(t),
    };
  });
}

/** A failing control in one line. */
export function failingBrief(f: FailingControlView): TopFailingControl {
  return {
    frameworkId: f.frameworkId,
    controlId: f.controlId,
    ref: f.ref,
    title: f.title,
    severity: f.severity,
    accounts: f.accounts,
    failingResources: f.failingResources,
    failingResourcesText: f.failingResourcesText,
    anchor: f.anchor,
  };
}

/** The summary section. `failing` must already be ordered worst first. */
export function buildSummary(
  summaries: FrameworkSummary[],
  controls: readonly ControlResult[],
  failing: readonly FailingControlView[],
  attention: SummaryView['attention'],
  topLimit: number,
): SummaryView {
  const t = tally(controls);
  const top = failing.slice(0, topLimit).map(failingBrief);
  return {
    frameworks: summaries,
    totals: {
      controls: t.controls,
      met: t.met,
      applicable: t.applicable,
      metPercent: formatPercent(t.applicable === 0 ? 0 : t.met / t.applicable),
      failing: t.counts.FAIL,
      unproven: unproven(t),
      counts: statusCounts(t.counts),
    },
    topFailing: { items: top, total: failing.length, more: failing.length - top.length },
    attention,
  };
}
