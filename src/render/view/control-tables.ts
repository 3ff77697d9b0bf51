// Per-framework control tables: every control of every framework, grouped as the framework groups them.

import type { ControlResult } from '../../core/finding.js';
import { RESPONSIBILITY_LABEL } from '../../core/responsibility.js';
import type { Status } from '../../core/status.js';
import { frameworkAnchor } from '../anchors.js';
import { capList } from '../capped.js';
import { PALETTE, STATUS_STYLE } from '../status-style.js';
import type {
  ControlGroupView,
  ControlRowView,
  EvidenceCheckView,
  EvidenceRefView,
  FrameworkControlsView,
  FrameworkSummary,
} from '../view-types.js';
import { controlBrief, statusCounts } from './control-brief.js';
import type { CheckState, FindingScan } from './finding-scan.js';
import { controlKey, type ReportCatalog } from './report-catalog.js';

/** Accounts named per evidence check in the detail report; the count is always given in full. */
const ACCOUNTS_PER_CHECK = 6;

/** One table per framework of the run. */
export function buildControlTables(
  summaries: readonly FrameworkSummary[],
  controls: readonly ControlResult[],
  lookup: ReportCatalog,
  scan: FindingScan,
): FrameworkControlsView[] {
  return summaries.map((fw) => {
    const def = lookup.framework(fw.id);
    const rows = controls.filter((c) => c.frameworkId === fw.id).map((c) => row(c, lookup, scan));
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

function row(c: ControlResult, lookup: ReportCatalog, scan: FindingScan): ControlRowView {
  const def = lookup.control(c.frameworkId, c.controlId);
  const nonZero = statusCounts(c.counts).filter((s) => s.count > 0);
  const evidence = def ? lookup.evidenceRefs(def) : [];
  const states = scan.checks.get(controlKey(c.frameworkId, c.controlId));
  return {
    ...controlBrief(c),
    responsibility: c.responsibility,
    responsibilityLabel: RESPONSIBILITY_LABEL[c.responsibility],
    reason: c.reason,
    severity: c.severity ?? null,
    evidence,
    checks: evidence.map((e) => check(e, states?.get(e.key), scan)),
    findingCounts: nonZero,
    supportingCounts: c.supportingCounts ? statusCounts(c.supportingCounts).filter((s) => s.count > 0) : [],
    applicability: c.applicability ?? null,
  };
}

function check(ref: EvidenceRefView, state: CheckState | undefined, scan: FindingScan): EvidenceCheckView {
  if (!state) {
    return {
      ...ref,
      status: null,
      statusLabel: 'No finding',
      statusColor: PALETTE.faint,
      counts: [],
      findings: 0,
      failingResources: 0,
      accounts: 0,
      worstAccounts: capList([], ACCOUNTS_PER_CHECK),
      reason: 'This check produced no finding in this run (nothing in scope, or it was not collected).',
      deployPack: null,
    };
  }
  const counts = statusCounts(state.counts as Record<Status, number>).filter((s) => s.count > 0);
  return {
    ...ref,
    status: state.status,
    statusLabel: STATUS_STYLE[state.status].label,
    statusColor: STATUS_STYLE[state.status].color,
    counts,
    findings: counts.reduce((n, s) => n + s.count, 0),
    failingResources: state.failingResources,
    accounts: state.accounts.size,
    worstAccounts: capList([...state.worstAccounts].sort(), ACCOUNTS_PER_CHECK),
    reason: state.reason,
    deployPack: deployPackOf(ref.key, scan),
  };
}

/** The pack that would deploy this check's rule, when the run found the rule not deployed somewhere. */
function deployPackOf(queryKey: string, scan: FindingScan): string | null {
  if (!queryKey.startsWith('config-rule:')) return null;
  const rule = queryKey.slice('config-rule:'.length);
  return scan.undeployed.has(rule) ? (scan.deployPackOf.get(rule) ?? null) : null;
}
