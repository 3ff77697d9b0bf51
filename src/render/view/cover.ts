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
  // The evidence is a snapshot taken at one moment; a period is claimed only when earlier runs of the
  // profile exist to cover it (and never longer than the profile's reporting period).
  const days = input.profile.report.period?.days;
  const endMs = new Date(endIso).getTime();
  const earlier = (input.history?.runs ?? [])
    .map((r) => r.finishedAt)
    .filter((iso) => new Date(iso).getTime() < endMs)
    .filter((iso) => days === undefined || endMs - new Date(iso).getTime() <= days * 86_400_000)
    .sort();
  let start = null;
  let label = `Evidence as collected on ${end.text} (a single point in time)`;
  if (earlier[0]) {
    start = formatTime(earlier[0]);
    label = `${formatDate(earlier[0])} – ${formatDate(endIso)} (${earlier.length + 1} runs; latest evidence ${end.text})`;
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
