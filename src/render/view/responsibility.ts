// The shared-responsibility split per framework: what AWS proves (and the Artifact report behind it), what
// the customer proves, what is shared. This opens the report, so a reader sees at once what is whose.

import type { ControlResult } from '../../core/finding.js';
import { RESPONSIBILITY_LABEL, type Responsibility } from '../../core/responsibility.js';
import { emptyCounts, isMet, type Status } from '../../core/status.js';
import { STATUS_STYLE } from '../status-style.js';
import type {
  ArtifactProofView,
  FrameworkSummary,
  ResponsibilityBucket,
  ResponsibilityView,
} from '../view-types.js';
import { controlBrief, statusCounts } from './control-brief.js';
import type { FindingScan, ProofState } from './finding-scan.js';
import { controlKey, type ReportCatalog } from './report-catalog.js';

const BUCKET_ORDER: readonly Responsibility[] = ['aws', 'shared', 'customer'];

/** One split per framework of the run. */
export function buildResponsibility(
  summaries: readonly FrameworkSummary[],
  controls: readonly ControlResult[],
  scan: FindingScan,
  lookup: ReportCatalog,
): ResponsibilityView[] {
  return summaries.map((fw) => {
    const mine = controls.filter((c) => c.frameworkId === fw.id);
    const buckets: ResponsibilityBucket[] = BUCKET_ORDER.map((r) => {
      const counts = emptyCounts();
      let total = 0;
      let met = 0;
      for (const c of mine) {
        if (c.responsibility !== r) continue;
        total += 1;
        counts[c.status] += 1;
        if (isMet(c.status)) met += 1;
      }
      return {
        responsibility: r,
        label: RESPONSIBILITY_LABEL[r],
        total,
        met,
        failing: counts.FAIL,
        unproven: counts.ERROR + counts.NOT_EVALUATED + counts.MANUAL,
        counts: statusCounts(counts),
      };
    });
    return {
      frameworkId: fw.id,
      name: fw.name,
      buckets,
      aws: mine
        .filter((c) => c.responsibility === 'aws')
        .map((c) => ({ ...controlBrief(c), proofs: proofsOf(c, scan, lookup) })),
      customer: mine.filter((c) => c.responsibility === 'customer').map(controlBrief),
      shared: mine.filter((c) => c.responsibility === 'shared').map(controlBrief),
    };
  });
}

/** The Artifact evidence behind a control: what was found, or "not collected" for what the catalogue names. */
function proofsOf(c: ControlResult, scan: FindingScan, lookup: ReportCatalog): ArtifactProofView[] {
  const found: ReadonlyMap<string, ProofState> =
    scan.proofs.get(controlKey(c.frameworkId, c.controlId)) ?? new Map();
  const def = lookup.control(c.frameworkId, c.controlId);
  const keys = def
    ? lookup
        .queryKeys(def)
        .filter((k) => k.startsWith('artifact-report:') || k.startsWith('artifact-agreement:'))
    : [];
  for (const k of found.keys()) if (!keys.includes(k)) keys.push(k);
  return keys.map((key) => {
    const state = found.get(key);
    const q = lookup.query(key);
    const status: Status = state?.status ?? 'NOT_EVALUATED';
    return {
      queryKey: key,
      kind: state?.kind ?? q?.kind ?? 'artifact-report',
      title: q?.title ?? key,
      status,
      statusLabel: STATUS_STYLE[status].label,
      statusColor: STATUS_STYLE[status].color,
      reason: state?.reason ?? 'Not collected in this run, so unproven',
    };
  });
}
