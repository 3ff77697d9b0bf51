// buildReportView: a finished run + its catalogue and profile → the one view model every renderer reads.
// Deterministic; built once; bounded in size whatever the number of findings. Its only I/O is one pass over
// the findings (which may stream from findings.jsonl); the rest is pure.

import type { ControlResult } from '../core/finding.js';
import { STATUS_MEANING } from '../core/status.js';
import { controlAnchor } from './anchors.js';
import { capList } from './capped.js';
import { type ReportInput, type ReportLimits, reportLimits } from './report-input.js';
import { STATUS_ORDER, STATUS_STYLE } from './status-style.js';
import { buildAppendix } from './view/appendix.js';
import { buildAttestationCalendar } from './view/attestation-calendar.js';
import { listAttestations, summariseAttestationOwners } from './view/attestations.js';
import { controlBrief } from './view/control-brief.js';
import { buildControlTables } from './view/control-tables.js';
import { buildCover } from './view/cover.js';
import { buildDeploy } from './view/deploy.js';
import { buildFailing } from './view/failing.js';
import { type FindingScan, scanFindings } from './view/finding-scan.js';
import { buildHistory } from './view/history.js';
import { controlKey, ReportCatalog } from './view/report-catalog.js';
import { buildResponsibility } from './view/responsibility.js';
import { buildNotApplicable, buildSoa } from './view/soa.js';
import { buildSummary, failingBrief, frameworkSummaries } from './view/summary.js';
import { buildUnproven } from './view/unproven.js';
import type { ReportView, SupportedControlView } from './view-types.js';

/** The HTML filters' data: frameworks, the accounts listed, and each control's status per listed account. */
function filters(
  summaries: readonly { id: string; name: string }[],
  controls: readonly ControlResult[],
  scan: FindingScan,
  accounts: string[],
  limit: number,
): ReportView['filters'] {
  const listed = capList(accounts, limit);
  const keep = new Set(listed.items);
  return {
    frameworks: summaries.map((s) => ({ id: s.id, name: s.name })),
    accounts: listed,
    controls: controls.map((c) => {
      const sc = scan.scopes.get(controlKey(c.frameworkId, c.controlId));
      return {
        anchor: controlAnchor(c.frameworkId, c.controlId),
        accountStatus: [...(sc?.accounts ?? [])]
          .filter(([a]) => keep.has(a))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([accountId, status]) => ({ accountId, status })),
        regions: [...(sc?.regions ?? [])].sort(),
      };
    }),
  };
}

/**
 * Build the report view model from a run. `scan`: the findings already scanned (by the one pass that also
 * feeds the CSV and OSCAL, `render/findings-pass.ts`); without it, the findings are read here.
 */
export async function buildReportView(input: ReportInput, scanned?: FindingScan): Promise<ReportView> {
  const limits: ReportLimits = reportLimits(input);
  const { results } = input;
  const { run } = results;
  const lookup = new ReportCatalog(input.catalog, input.profile);
  const generatedAt = input.generatedAt ?? run.finishedAt ?? run.startedAt;
  const runFrameworks = new Set(results.frameworks.map((f) => f.frameworkId));
  const controls = results.controls.filter((c) => runFrameworks.has(c.frameworkId));

  const scan = scanned ?? (await scanFindings(results.findings, limits));
  // First: it tells every later section which pack would deploy a missing rule.
  const deploy = buildDeploy(scan, input.catalog, input.profile, {
    runId: run.runId,
    profileId: run.profile.id,
  });
  const summaries = frameworkSummaries(results.frameworks, controls);
  const names = new Map(summaries.map((s) => [s.id, s.name]));
  const failingAll = buildFailing(controls, names, scan, lookup, limits);
  const attestationList = listAttestations(controls, scan, lookup);
  const attestations = capList(attestationList, limits.attestations);
  const unproven = buildUnproven(controls, scan, lookup, limits.unprovenGroups);

  return {
    cover: buildCover(input, lookup, generatedAt),
    legend: STATUS_ORDER.map((status) => ({
      status,
      label: STATUS_STYLE[status].label,
      color: STATUS_STYLE[status].color,
      meaning: STATUS_MEANING[status],
    })),
    summary: buildSummary(
      summaries,
      controls,
      failingAll,
      {
        failingControls: failingAll.length,
        accountsWithErrors: scan.errorAccounts.size,
        errorFindings: scan.errorFindings,
        notEvaluatedFindings: scan.notEvaluatedFindings,
        // One definition everywhere: controls whose verdict is MANUAL (the status bar's Manual count).
        attestationsAwaiting: controls.filter((c) => c.status === 'MANUAL').length,
        controlsWithoutEvidence: unproven.withoutEvidence.total,
      },
      limits.topFailing,
    ),
    responsibility: buildResponsibility(summaries, controls, scan, lookup),
    frameworks: buildControlTables(summaries, controls, lookup, scan),
    failing: capList(failingAll, limits.failingControls),
    failingRest: capList(failingAll.slice(limits.failingControls).map(failingBrief), limits.failingBriefs),
    attestations,
    attestationOwners: summariseAttestationOwners(attestationList),
    attestationCalendar: buildAttestationCalendar(
      controls,
      scan,
      lookup,
      run.finishedAt ?? run.startedAt,
      limits.attestations,
    ),
    unproven,
    deploy,
    history: buildHistory(
      input.history,
      { runId: run.runId, finishedAt: run.finishedAt ?? run.startedAt },
      summaries,
      controls,
      limits,
    ),
    appendix: buildAppendix(results.evidence, limits.evidenceEntries),
    filters: filters(summaries, controls, scan, [...run.scope.accounts].sort(), limits.filterAccounts),
    notApplicable: buildNotApplicable(controls, names),
    supporting: capList(buildSupporting(controls, scan, lookup), limits.failingBriefs),
    soa: buildSoa(controls, lookup),
  };
}

/** Controls with supporting evidence, each query with its own status (it never decided the verdict). */
function buildSupporting(
  controls: readonly ControlResult[],
  scan: FindingScan,
  lookup: ReportCatalog,
): SupportedControlView[] {
  return controls.flatMap((c) => {
    const byQuery = scan.supporting.get(controlKey(c.frameworkId, c.controlId));
    if (!byQuery) return [];
    const def = lookup.control(c.frameworkId, c.controlId);
    const refs = def ? lookup.evidenceRefs(def) : [];
    const supporting = [...byQuery.entries()].map(([queryKey, st]) => {
      const ref = refs.find((r) => r.key === queryKey);
      return {
        queryKey,
        kind: st.kind,
        title: ref?.title ?? queryKey,
        rationale: ref?.rationale ?? null,
        status: st.status,
        statusLabel: STATUS_STYLE[st.status].label,
        statusColor: STATUS_STYLE[st.status].color,
        findings: st.findings,
        failing: st.failing,
      };
    });
    return [{ ...controlBrief(c), supporting }];
  });
}
