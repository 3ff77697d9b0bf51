// Applicability in the report: the Statement of Applicability of an ISO/IEC 27001:2022 run (every Annex A
// control: applicable or not, why, its implementation status and its evidence), and the list of every
// control, in any framework, that the run did not assess because it does not apply.

import type { ControlResult } from '../../core/finding.js';
import { STATUS_STYLE } from '../status-style.js';
import type { NotApplicableView, SoaEntryView, SoaView } from '../view-types.js';
import { controlBrief, statusCounts } from './control-brief.js';
import type { ReportCatalog } from './report-catalog.js';

/** The framework whose runs get a Statement of Applicability. */
export const SOA_FRAMEWORK = 'iso27001-2022';

/** Annex A controls are the ones with ids `A.<theme>.<n>`; clauses 4–10 are not part of the SoA. */
export function isAnnexA(controlId: string): boolean {
  return /^A\.\d+\.\d+$/.test(controlId);
}

/** Why an applicable control is in the SoA: nothing in the profile excludes it. */
export const INCLUDED_JUSTIFICATION =
  "Applicable: not excluded by the profile's Statement of Applicability; assessed with the evidence listed";

/** The Statement of Applicability, or null when the run does not include ISO/IEC 27001:2022. */
export function buildSoa(controls: readonly ControlResult[], lookup: ReportCatalog): SoaView | null {
  const annexA = controls.filter((c) => c.frameworkId === SOA_FRAMEWORK && isAnnexA(c.controlId));
  if (annexA.length === 0) return null;
  const fw = lookup.framework(SOA_FRAMEWORK);
  const entries: SoaEntryView[] = annexA.map((c) => {
    const def = lookup.control(c.frameworkId, c.controlId);
    const a = c.applicability;
    return {
      ...controlBrief(c),
      theme: def?.group ?? null,
      applicable: a === undefined,
      justification: a ? a.justification : INCLUDED_JUSTIFICATION,
      approver: a?.approver ?? null,
      date: a?.date ?? null,
      reason: c.reason,
      evidence: def ? lookup.evidenceRefs(def) : [],
    };
  });
  const counts = statusCounts(
    Object.fromEntries(
      Object.keys(STATUS_STYLE).map((s) => [s, entries.filter((e) => e.applicable && e.status === s).length]),
    ) as ControlResult['counts'],
  );
  const applicable = entries.filter((e) => e.applicable).length;
  return {
    frameworkId: SOA_FRAMEWORK,
    name: fw?.name ?? SOA_FRAMEWORK,
    version: fw?.version ?? '',
    entries,
    applicable,
    excluded: entries.length - applicable,
    counts,
  };
}

/** Every control that does not apply to the run, in framework and control order, with its justification. */
export function buildNotApplicable(
  controls: readonly ControlResult[],
  frameworkNames: ReadonlyMap<string, string>,
): NotApplicableView[] {
  return controls.flatMap((c) =>
    c.applicability
      ? [
          {
            ...controlBrief(c),
            frameworkName: frameworkNames.get(c.frameworkId) ?? c.frameworkId,
            applicability: c.applicability,
          },
        ]
      : [],
  );
}
