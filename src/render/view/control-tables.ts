// Per-framework control tables: every control of every framework, grouped as the framework groups them.

import type { ControlResult } from '../../core/finding.js';
import { RESPONSIBILITY_LABEL } from '../../core/responsibility.js';
import { frameworkAnchor } from '../anchors.js';
import type {
  ControlGroupView,
  ControlRowView,
  FrameworkControlsView,
  FrameworkSummary,
} from '../view-types.js';
import { controlBrief, statusCounts } from './control-brief.js';
import type { ReportCatalog } from './report-catalog.js';

/** One table per framework of the run. */
export function buildControlTables(
  summaries: readonly FrameworkSummary[],
  controls: readonly ControlResult[],
  lookup: ReportCatalog,
): FrameworkControlsView[] {
  return summaries.map((fw) => {
    const def = lookup.framework(fw.id);
    const rows = controls.filter((c) => c.frameworkId === fw.id).map((c) => row(c, lookup));
    const groups: ControlGroupView[] = [];
    const declared = def?.groups ?? [];
    const groupOf = (r: ControlRowView) => lookup.control(r.frameworkId, r.controlId)?.group ?? null;
    for (const g of declared) {
      const members = rows.filter((r) => groupOf(r) === g.id);
      if (members.length) groups.push({ id: g.id, title: g.title, controls: members });
    }
    const known = new Set(declared.map((g) => g.id));
    const rest = rows.filter((r) => {
      const g = groupOf(r);
      return g === null || !known.has(g);
    });
    if (rest.length)
      groups.push({ id: null, title: declared.length ? 'Other controls' : null, controls: rest });
    return {
      id: fw.id,
      name: fw.name,
      version: fw.version,
      publisher: def?.publisher ?? null,
      description: def?.description ?? null,
      anchor: frameworkAnchor(fw.id),
      groups,
      controls: rows.length,
    };
  });
}

function row(c: ControlResult, lookup: ReportCatalog): ControlRowView {
  const def = lookup.control(c.frameworkId, c.controlId);
  const nonZero = statusCounts(c.counts).filter((s) => s.count > 0);
  return {
    ...controlBrief(c),
    responsibility: c.responsibility,
    responsibilityLabel: RESPONSIBILITY_LABEL[c.responsibility],
    reason: c.reason,
    severity: c.severity ?? null,
    evidence: def ? lookup.evidenceRefs(def) : [],
    findingCounts: nonZero,
    supportingCounts: c.supportingCounts ? statusCounts(c.supportingCounts).filter((s) => s.count > 0) : [],
    applicability: c.applicability ?? null,
  };
}
