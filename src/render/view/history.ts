// The history section: pass-rate trend per framework over recent runs, and what changed since the last one.

import type { ControlResult } from '../../core/finding.js';
import { capList } from '../capped.js';
import { formatPercent, formatTime } from '../format.js';
import type { ReportHistory } from '../report-history.js';
import type { ReportLimits } from '../report-input.js';
import type { ControlBrief, FrameworkSummary, HistoryView, TrendPoint } from '../view-types.js';
import { controlBrief } from './control-brief.js';
import { controlKey } from './report-catalog.js';

/** Null when there is no history to show. */
export function buildHistory(
  history: ReportHistory | undefined,
  current: { runId: string; finishedAt: string },
  summaries: readonly FrameworkSummary[],
  controls: readonly ControlResult[],
  limits: ReportLimits,
): HistoryView | null {
  if (!history) return null;
  const runs = history.runs.filter((r) => r.runId !== current.runId);
  runs.sort((a, b) => a.finishedAt.localeCompare(b.finishedAt) || a.runId.localeCompare(b.runId));
  const recent = runs.slice(Math.max(0, runs.length - (limits.historyRuns - 1)));
  const frameworks = summaries.map((fw) => {
    const points: TrendPoint[] = [];
    for (const r of recent) {
      const p = r.frameworks.find((f) => f.id === fw.id);
      if (!p) continue;
      points.push({
        runId: r.runId,
        finishedAt: formatTime(r.finishedAt),
        metRatio: p.metRatio,
        metPercent: formatPercent(p.metRatio),
        current: false,
      });
    }
    points.push({
      runId: current.runId,
      finishedAt: formatTime(current.finishedAt),
      metRatio: fw.metRatio,
      metPercent: formatPercent(fw.metRatio),
      current: true,
    });
    const prev = points.length > 1 ? points[points.length - 2] : undefined;
    return { id: fw.id, name: fw.name, points, delta: prev ? deltaText(prev.metRatio, fw.metRatio) : null };
  });

  const byKey = new Map(controls.map((c) => [controlKey(c.frameworkId, c.controlId), c]));
  const brief = (ref: { frameworkId: string; controlId: string }): ControlBrief => {
    const c = byKey.get(controlKey(ref.frameworkId, ref.controlId));
    return controlBrief(
      c ?? { ...ref, ref: ref.controlId, title: '(not part of this run)', status: 'NOT_EVALUATED' },
    );
  };
  const ch = history.changes;
  return {
    frameworks,
    changes: ch
      ? {
          newlyFailing: capList(ch.newlyFailing.map(brief), limits.historyChanges),
          newlyPassing: capList(ch.newlyPassing.map(brief), limits.historyChanges),
          newResources: capList(
            ch.newResources.map((r) => ({
              accountId: r.accountId,
              region: r.region,
              resourceType: r.resourceType,
              resourceId: r.resourceId,
              annotation: r.annotation ?? null,
            })),
            limits.historyChanges,
          ),
        }
      : null,
  };
}

/** `+4 pts`, `−2 pts`, `no change`, in whole percentage points (rounded down like the ratios). */
function deltaText(before: number, after: number): string {
  const d = Math.floor(after * 100 + 1e-9) - Math.floor(before * 100 + 1e-9);
  if (d === 0) return 'no change';
  return d > 0 ? `+${d} pts` : `−${Math.abs(d)} pts`;
}
