// The Artifact report evaluator on stored records with a fixed clock: the current matching report is
// INHERITED and named; stale, withdrawn, undated or missing reports FAIL with the reason; failed calls ERROR.

import { describe, expect, it } from 'vitest';
import type { ArtifactReportQuery } from '../../../../src/catalog/types.js';
import { fixedClock } from '../../../../src/core/clock.js';
import { evaluateArtifactReports } from '../../../../src/evaluate/artifact/evaluate-artifact-reports.js';
import type { EvaluationContext } from '../../../../src/evaluate/types.js';
import type { ArtifactReportsTask } from '../../../../src/plan/types.js';
import { failure, record } from './records.js';

const query = (id: string, match: ArtifactReportQuery['match'], maxAgeDays: number): ArtifactReportQuery => ({
  kind: 'artifact-report',
  id,
  title: id,
  match,
  maxAgeDays,
  severity: 'high',
  remediation: 'r',
  docs: 'https://docs.aws.amazon.com/artifact/',
});
const SOC2 = query('aws-soc2-type2', { nameContains: 'soc 2 type 2' }, 455);
const ISO = query('aws-iso27001', { nameContains: 'ISO/IEC 27001', series: 'ISO' }, 0);
const task: ArtifactReportsTask = {
  id: 'artifact-reports',
  kind: 'artifact-reports',
  accountId: '111111111111',
  region: 'global',
  reports: [SOC2, ISO],
  download: true,
};
const ctx = (now: string): EvaluationContext => ({
  clock: fixedClock(now),
  catalog: { frameworks: new Map(), queries: new Map(), managedRules: new Set(), sources: [] },
  maxResources: 10,
});

const listing = record('ListReports', {
  reports: [
    {
      id: 'report-Soc2Old000000000',
      name: 'SOC 2 Type 2 Report (old)',
      version: 1,
      periodStart: '2023-10-01T00:00:00.000Z',
      periodEnd: '2024-09-30T00:00:00.000Z',
    },
    {
      id: 'report-Soc2New000000000',
      name: 'SOC 2 Type 2 Report',
      version: 4,
      periodStart: '2024-10-01T00:00:00.000Z',
      periodEnd: '2025-09-30T00:00:00.000Z',
      state: 'PUBLISHED',
    },
    {
      id: 'report-Soc2Draft0000000',
      name: 'SOC 2 Type 2 Report (draft)',
      version: 5,
      periodEnd: '2026-09-30T00:00:00.000Z',
      state: 'UNPUBLISHED',
    },
    {
      id: 'report-Iso27001Cert0000',
      name: 'ISO/IEC 27001:2022 Certificate',
      series: 'ISO',
      version: 2,
      periodStart: '2024-01-01T00:00:00.000Z',
      periodEnd: '2026-12-31T00:00:00.000Z',
    },
    {
      id: 'report-Iso27001Other000',
      name: 'ISO/IEC 27001 Statement of Applicability',
      series: 'Other',
      version: 9,
      periodEnd: '2030-01-01T00:00:00.000Z',
    },
  ],
});
const metadata = (reportId: string, version: number, details: Record<string, unknown> = {}) =>
  record(
    'GetReportMetadata',
    { reportDetails: { id: reportId, version, ...details } },
    { reportId, reportVersion: version },
  );

describe('evaluateArtifactReports', () => {
  const records = [
    listing,
    metadata('report-Soc2New000000000', 4, {
      name: 'SOC 2 Type 2 Report',
      periodStart: '2024-10-01T00:00:00.000Z',
      periodEnd: '2025-09-30T00:00:00.000Z',
    }),
    metadata('report-Iso27001Cert0000', 2, {
      name: 'ISO/IEC 27001:2022 Certificate',
      periodEnd: '2026-12-31T00:00:00.000Z',
    }),
    record(
      'DownloadReport',
      { path: 'artifact-reports/report-Soc2New000000000-v4.pdf' },
      { reportId: 'report-Soc2New000000000', reportVersion: 4 },
      {
        source: 'document',
        file: {
          path: 'artifact-reports/report-Soc2New000000000-v4.pdf',
          sha256: 'ab'.repeat(32),
          bytes: 10,
          mediaType: 'application/pdf',
        },
      },
    ),
  ];

  it('is INHERITED while the newest matching report is current, naming it (title, version, period) and its document', () => {
    const [soc2, iso] = evaluateArtifactReports(task, records, ctx('2026-06-01T00:00:00Z'));
    expect(soc2).toMatchObject({
      queryKey: 'artifact-report:aws-soc2-type2',
      kind: 'artifact-report',
      accountId: '111111111111',
      region: 'global',
      status: 'INHERITED',
      reason:
        'Backed by AWS Artifact report "SOC 2 Type 2 Report" version 4 (period 2024-10-01 to 2025-09-30), current until 2026-12-29; document artifact-reports/report-Soc2New000000000-v4.pdf (SHA-256 abababababababab…) is in the bundle',
    });
    expect(soc2?.evidence).toEqual([records[0]?.id, records[1]?.id, records[3]?.id]);
    // The statement of applicability has the right name but not the series the query asks for.
    expect(iso?.reason).toContain('"ISO/IEC 27001:2022 Certificate" version 2');
    expect(iso?.status).toBe('INHERITED');
  });

  it('fails a stale report with the date it stopped counting, and a certificate the day after it ends', () => {
    const [soc2] = evaluateArtifactReports(task, records, ctx('2026-12-30T00:00:00Z'));
    expect(soc2).toMatchObject({
      status: 'FAIL',
      reason:
        'The newest AWS Artifact report matching name contains \'soc 2 type 2\' is "SOC 2 Type 2 Report" version 4 (period 2024-10-01 to 2025-09-30), which is stale: it counts for 455 days after its period ends, so it stopped counting on 2026-12-29',
    });
    const [, isoLastDay] = evaluateArtifactReports(task, records, ctx('2026-12-31T00:00:00Z'));
    expect(isoLastDay?.status).toBe('INHERITED');
    const [, isoAfter] = evaluateArtifactReports(task, records, ctx('2026-12-31T00:00:01Z'));
    expect(isoAfter).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining('it counts until its period (validity) ends'),
    });
  });

  it('fails when no published report matches, when the report is withdrawn or has no period end', () => {
    const none = evaluateArtifactReports(
      task,
      [record('ListReports', { reports: [] })],
      ctx('2026-06-01T00:00:00Z'),
    );
    expect(none.map((r) => r.status)).toEqual(['FAIL', 'FAIL']);
    expect(none[0]?.reason).toBe(
      "No published AWS Artifact report matches name contains 'soc 2 type 2' (0 reports listed), so nothing backs AWS's side of this control",
    );
    const withdrawn = evaluateArtifactReports(
      { ...task, reports: [SOC2] },
      [listing, metadata('report-Soc2New000000000', 4, { deletedAt: '2026-01-01T00:00:00.000Z' })],
      ctx('2026-06-01T00:00:00Z'),
    );
    expect(withdrawn[0]).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining('has been withdrawn'),
    });
    const undated = evaluateArtifactReports(
      { ...task, reports: [ISO] },
      [
        record('ListReports', {
          reports: [{ id: 'report-Iso27001Cert0000', name: 'ISO/IEC 27001 cert', series: 'ISO' }],
        }),
        metadata('report-Iso27001Cert0000', 1),
      ],
      ctx('2026-06-01T00:00:00Z'),
    );
    expect(undated[0]).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining('states no period end'),
    });
  });

  it('is an ERROR when listing, assuming the role or reading the metadata failed — never a pass', () => {
    const denied = evaluateArtifactReports(
      task,
      [failure('AssumeRole', 'AccessDenied')],
      ctx('2026-06-01T00:00:00Z'),
    );
    expect(denied.map((r) => r.status)).toEqual(['ERROR', 'ERROR']);
    expect(denied[0]?.reason).toBe(
      'Could not list AWS Artifact reports: sts:AssumeRole failed with AccessDenied: AccessDenied happened',
    );
    const throttled = evaluateArtifactReports(
      task,
      [listing, failure('ListReports', 'ThrottlingException')],
      ctx('2026-06-01T00:00:00Z'),
    );
    expect(throttled.every((r) => r.status === 'ERROR')).toBe(true);
    const metaFailed = evaluateArtifactReports(
      task,
      [
        listing,
        failure('GetReportMetadata', 'AccessDeniedException', {
          reportId: 'report-Soc2New000000000',
          reportVersion: 4,
        }),
      ],
      ctx('2026-06-01T00:00:00Z'),
    );
    expect(metaFailed.map((r) => r.status)).toEqual(['ERROR', 'ERROR']);
    expect(metaFailed[0]?.reason).toContain(
      'Could not read report report-Soc2New000000000: artifact:GetReportMetadata failed with AccessDeniedException',
    );
    expect(metaFailed[1]?.reason).toBe(
      'No GetReportMetadata answer was recorded for report report-Iso27001Cert0000',
    );
    expect(evaluateArtifactReports(task, [], ctx('2026-06-01T00:00:00Z'))[0]?.status).toBe('ERROR');
  });

  it('says why a requested document is missing, without changing the verdict', () => {
    const [soc2] = evaluateArtifactReports(
      { ...task, reports: [SOC2] },
      [
        records[0]!,
        records[1]!,
        failure('GetTermForReport', 'AccessDeniedException', {
          reportId: 'report-Soc2New000000000',
          reportVersion: 4,
        }),
      ],
      ctx('2026-06-01T00:00:00Z'),
    );
    expect(soc2?.status).toBe('INHERITED');
    expect(soc2?.reason).toMatch(
      /; the document could not be fetched \(artifact:GetTermForReport failed with AccessDeniedException/,
    );
  });
});
