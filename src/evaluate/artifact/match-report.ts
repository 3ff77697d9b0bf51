// Which AWS Artifact report answers a library query: every given condition of `match` holds (case-insensitive
// substring of the name, series, category), the report is published and not deleted, and among those the one
// whose period ends last (then the highest version) is "the current matching report". Used by the collector
// (to know which report's metadata to fetch) and by the evaluator (reading the stored ListReports pages).

import type { ArtifactReportQuery } from '../../catalog/types.js';

/** The members of a ListReports entry this needs, as the SDK gives them (Date) or as stored (ISO string). */
export interface ReportCandidate {
  id?: string;
  name?: string;
  series?: string;
  category?: string;
  state?: string;
  version?: number;
  periodStart?: string | Date;
  periodEnd?: string | Date;
  deletedAt?: string | Date;
}

/** True when the report satisfies every condition of the query's `match`. */
export function reportMatches(report: ReportCandidate, match: ArtifactReportQuery['match']): boolean {
  const has = (value: string | undefined, wanted: string | undefined) =>
    wanted === undefined || (value ?? '').toLowerCase().includes(wanted.toLowerCase());
  return (
    has(report.name, match.nameContains) &&
    has(report.series, match.series) &&
    has(report.category, match.category)
  );
}

/** The current matching report, or undefined when none matches. */
export function pickReport<T extends ReportCandidate>(
  reports: readonly T[],
  match: ArtifactReportQuery['match'],
): T | undefined {
  const usable = reports.filter(
    (r) =>
      r.id && (r.state === undefined || r.state === 'PUBLISHED') && !r.deletedAt && reportMatches(r, match),
  );
  usable.sort((a, b) => {
    const byEnd = timeOf(b.periodEnd) - timeOf(a.periodEnd);
    return byEnd !== 0 ? byEnd : (b.version ?? 0) - (a.version ?? 0);
  });
  return usable[0];
}

/** Milliseconds of a stored or live timestamp; -Infinity when absent or unreadable. */
export function timeOf(value: string | Date | undefined): number {
  if (value === undefined) return Number.NEGATIVE_INFINITY;
  const t = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/** "name contains 'SOC 2 Type 2'", for reasons. */
export function describeMatch(match: ArtifactReportQuery['match']): string {
  const parts: string[] = [];
  if (match.nameContains) parts.push(`name contains '${match.nameContains}'`);
  if (match.series) parts.push(`series contains '${match.series}'`);
  if (match.category) parts.push(`category contains '${match.category}'`);
  return parts.join(' and ');
}
