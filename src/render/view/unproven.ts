// Everything unproven, so nothing hides: ERROR and NOT_EVALUATED findings grouped by cause (a role that
// could not be assumed, a rule not deployed, a region where Config is off), with the scopes each covers;
// and the controls with no evidence at all.

import type { ControlResult } from '../../core/finding.js';
import { capList } from '../capped.js';
import { STATUS_STYLE } from '../status-style.js';
import type { UnprovenCauseView, UnprovenView } from '../view-types.js';
import { controlBrief } from './control-brief.js';
import type { FindingScan } from './finding-scan.js';
import type { ReportCatalog } from './report-catalog.js';

/** Accounts and queries named per cause. */
const NAMES_PER_CAUSE = 12;

/** Build the "unproven" section. */
export function buildUnproven(
  controls: readonly ControlResult[],
  scan: FindingScan,
  lookup: ReportCatalog,
  limit: number,
): UnprovenView {
  const causes: UnprovenCauseView[] = [...scan.unproven.values()]
    .map((u) => ({
      status: u.status,
      statusLabel: STATUS_STYLE[u.status].label,
      statusColor: STATUS_STYLE[u.status].color,
      cause: u.cause,
      example: u.example,
      findings: u.findings,
      accounts: capList([...u.accounts].sort(), NAMES_PER_CAUSE),
      regions: [...u.regions].sort(),
      queries: capList(
        [...u.queries].sort().map((k) => lookup.query(k)?.title ?? k.slice(k.indexOf(':') + 1)),
        NAMES_PER_CAUSE,
      ),
      controls: u.controls.size,
      deployPack: (u.undeployedRule && scan.deployPackOf.get(u.undeployedRule)) ?? null,
    }))
    .sort(
      (a, b) =>
        (a.status === b.status ? 0 : a.status === 'ERROR' ? -1 : 1) ||
        b.findings - a.findings ||
        a.cause.localeCompare(b.cause),
    );
  const withoutEvidence = controls
    .filter((c) => Object.values(c.counts).every((n) => n === 0))
    .map(controlBrief);
  return {
    errorFindings: scan.errorFindings,
    notEvaluatedFindings: scan.notEvaluatedFindings,
    accountsWithErrors: scan.errorAccounts.size,
    causes: capList(causes, limit),
    withoutEvidence: capList(withoutEvidence, limit),
  };
}
