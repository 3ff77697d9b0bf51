// Verdicts for AWS's side of the shared responsibility model from AWS Artifact report evidence.
//
// The records this reads (written by collect/artifact/collect-artifact-reports.ts):
//   ListReports {maxResults, nextToken?}              — every published report
//   GetReportMetadata {reportId, reportVersion}       — the chosen report's period and version
//   GetTermForReport / GetReport / DownloadReport     — when the profile downloads documents
// plus, in place of any of these, a record with `error` (including sts:AssumeRole).
// A query is INHERITED only while its current matching report is current: its period ended no more than
// `maxAgeDays` ago (certificates: their validity has not ended). Missing or stale is FAIL, with the reason.

import type { ArtifactReportQuery } from '../../catalog/types.js';
import type { EvidenceRecord } from '../../core/evidence-record.js';
import type { QueryResult } from '../../core/finding.js';
import type { Status } from '../../core/status.js';
import type { ArtifactReportsTask } from '../../plan/types.js';
import { arrayMember, byOperation, describeError, firstError, member, stringMember } from '../records.js';
import type { EvaluationContext } from '../types.js';
import { verdict } from '../verdict.js';
import { describeMatch, pickReport, type ReportCandidate, timeOf } from './match-report.js';

const DAY_MS = 86_400_000;

/** Evaluate every report query of an `artifact-reports` task. */
export function evaluateArtifactReports(
  task: ArtifactReportsTask,
  records: readonly EvidenceRecord[],
  ctx: EvaluationContext,
): QueryResult[] {
  const result = (
    q: ArtifactReportQuery,
    status: Status,
    reason: string,
    evidence: readonly EvidenceRecord[],
  ) => verdict(`artifact-report:${q.id}`, task, status, reason, evidence);

  const listing = byOperation(records, 'ListReports');
  const gateError = firstError([...byOperation(records, 'AssumeRole'), ...listing]);
  if (gateError) {
    return task.reports.map((q) =>
      result(q, 'ERROR', `Could not list AWS Artifact reports: ${describeError(gateError)}`, [gateError]),
    );
  }
  if (listing.length === 0) {
    return task.reports.map((q) => result(q, 'ERROR', 'No AWS Artifact ListReports answer was recorded', []));
  }
  const reports = listing.flatMap((r) => arrayMember(r.response, 'reports')) as ReportCandidate[];
  const now = ctx.clock.now().getTime();

  return task.reports.map((q) => {
    const chosen = pickReport(reports, q.match);
    if (!chosen?.id) {
      return result(
        q,
        'FAIL',
        `No published AWS Artifact report matches ${describeMatch(q.match)} (${reports.length} reports listed), so nothing backs AWS's side of this control`,
        listing,
      );
    }
    const mine = records.filter((r) => member(r.parameters, 'reportId') === chosen.id);
    const metadata = byOperation(mine, 'GetReportMetadata')[0];
    if (!metadata) {
      return result(q, 'ERROR', `No GetReportMetadata answer was recorded for report ${chosen.id}`, listing);
    }
    if (metadata.error) {
      return result(q, 'ERROR', `Could not read report ${chosen.id}: ${describeError(metadata)}`, [metadata]);
    }
    const details = (member(metadata.response, 'reportDetails') ?? {}) as ReportCandidate;
    const report = { ...chosen, ...details };
    const name = `"${report.name ?? chosen.id}" version ${report.version ?? '?'}`;
    const period = `period ${day(report.periodStart)} to ${day(report.periodEnd)}`;
    const evidence = [...listing, ...mine];
    if (report.deletedAt !== undefined || (report.state !== undefined && report.state !== 'PUBLISHED')) {
      return result(
        q,
        'FAIL',
        `AWS Artifact report ${name} has been withdrawn (state ${report.state ?? 'deleted'})`,
        evidence,
      );
    }
    const end = timeOf(report.periodEnd);
    if (!Number.isFinite(end)) {
      return result(
        q,
        'FAIL',
        `AWS Artifact report ${name} states no period end, so it cannot be shown to be current`,
        evidence,
      );
    }
    const validUntil = end + q.maxAgeDays * DAY_MS;
    const rule =
      q.maxAgeDays === 0
        ? 'it counts until its period (validity) ends'
        : `it counts for ${q.maxAgeDays} days after its period ends`;
    if (now > validUntil) {
      return result(
        q,
        'FAIL',
        `The newest AWS Artifact report matching ${describeMatch(q.match)} is ${name} (${period}), which is stale: ${rule}, so it stopped counting on ${day(validUntil)}`,
        evidence,
      );
    }
    return result(
      q,
      'INHERITED',
      `Backed by AWS Artifact report ${name} (${period}), current until ${day(validUntil)}${documentNote(mine)}`,
      evidence,
    );
  });
}

/** What became of the report document, when the profile asked for it. */
function documentNote(records: readonly EvidenceRecord[]): string {
  const download = byOperation(records, 'DownloadReport')[0];
  if (download?.file)
    return `; document ${download.file.path} (SHA-256 ${download.file.sha256.slice(0, 16)}…) is in the bundle`;
  if (download?.error)
    return `; the document could not be added to the bundle (${download.error.code}: ${download.error.message})`;
  const failed = firstError([
    ...byOperation(records, 'GetTermForReport'),
    ...byOperation(records, 'GetReport'),
  ]);
  if (failed) return `; the document could not be fetched (${describeError(failed)})`;
  const term = byOperation(records, 'GetTermForReport')[0];
  if (term && !stringMember(term.response, 'termToken'))
    return '; the document was not fetched: no term token was given';
  return '';
}

function day(value: string | Date | number | undefined): string {
  if (value === undefined) return 'unknown';
  const t = typeof value === 'number' ? value : timeOf(value);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : 'unknown';
}
