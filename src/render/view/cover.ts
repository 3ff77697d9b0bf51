// The cover: who, what, when, and under which signature.

import { formatDate, formatTime } from '../format.js';
import type { ReportInput } from '../report-input.js';
import type { CoverView } from '../view-types.js';
import type { ReportCatalog } from './report-catalog.js';

export const DEFAULT_REPORT_TITLE = 'Compliance Evidence Report';

/** Build the cover from the run metadata and profile. */
export function buildCover(input: ReportInput, lookup: ReportCatalog, generatedAt: string): CoverView {
  const { run } = input.results;
  const endIso = run.finishedAt ?? run.startedAt;
  const end = formatTime(endIso);
  const days = input.profile.report.period?.days;
  let start = null;
  let label = `Point-in-time assessment as of ${end.text}`;
  if (days !== undefined) {
    const startIso = new Date(new Date(endIso).getTime() - days * 86_400_000).toISOString();
    start = formatTime(startIso);
    label = `${formatDate(startIso)} – ${formatDate(endIso)} (${days} days)`;
  }
  return {
    title: input.profile.report.title ?? DEFAULT_REPORT_TITLE,
    organisation: run.organization,
    profile: { id: run.profile.id, name: run.profile.name },
    frameworks: run.frameworks.map((f) => ({
      id: f.id,
      name: f.name,
      version: f.version,
      publisher: lookup.framework(f.id)?.publisher ?? null,
    })),
    period: { start, end, label },
    runId: run.runId,
    runStatus: run.status,
    startedAt: formatTime(run.startedAt),
    finishedAt: run.finishedAt ? formatTime(run.finishedAt) : null,
    generatedAt: formatTime(generatedAt),
    signer: input.signer
      ? { subject: input.signer.subject, fingerprintSha256: input.signer.fingerprintSha256 }
      : null,
    scope: {
      accounts: run.scope.accounts.length,
      regions: [...run.scope.regions],
      aggregator: run.scope.aggregator ?? null,
    },
    tool: `${run.tool.name} ${run.tool.version}`,
    outOfScopeAccounts: (run.scope.outOfScope ?? []).map((a) => ({
      accountId: a.accountId,
      name: a.name ?? null,
      state: a.state,
      reason: a.reason,
    })),
    unreadableAccounts: [...(run.scope.unreadable ?? [])],
  };
}
