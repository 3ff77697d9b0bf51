// Collect AWS Artifact report evidence (one task per run; reports are the same for every customer):
//   ListReports {maxResults, nextToken?}              — every published report, page by page
//   GetReportMetadata {reportId, reportVersion}       — period and version of each query's current match
// and, when the profile downloads reports:
//   GetTermForReport {reportId, reportVersion}        — the term, accepted by taking its token
//   GetReport {reportId, reportVersion, termToken}    — a presigned URL of the document
//   DownloadReport (source: document)                 — the PDF in the run folder: artifact-reports/<id>-v<n>.pdf
// Presigned URLs and term tokens are short-lived credentials: records keep where they pointed, not the secret.
// The records are what evaluate/artifact/evaluate-artifact-reports.ts reads.

import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactClient } from '../../aws/artifact/artifact-client.js';
import { artifactClientFor } from '../../aws/artifact/artifact-for-account.js';
import type { ReportSummary } from '../../aws/artifact/artifact-types.js';
import { toEvidenceError } from '../../aws/aws-error.js';
import type { EvidenceRecord } from '../../core/evidence-record.js';
import { pickReport } from '../../evaluate/artifact/match-report.js';
import type { ArtifactReportsTask } from '../../plan/types.js';
import { ensureAccountAccess } from '../account-access.js';
import type { CollectContext } from '../collect-context.js';
import { type CallScope, callScope, recordCall, recordPagesBy } from '../record-call.js';
import { redactPresignedUrl, runFolderOf } from './run-folder.js';

/** ListReports page size (the model allows 1-300). */
export const REPORTS_PAGE = 100;
/** Folder of downloaded documents inside the run folder. */
export const REPORTS_FOLDER = 'artifact-reports';

/** Collect everything an `artifact-reports` task needs. Never throws for AWS failures; they become records. */
export async function collectArtifactReports(
  task: ArtifactReportsTask,
  ctx: CollectContext,
): Promise<EvidenceRecord[]> {
  const denied = await ensureAccountAccess(task, ctx);
  if (denied) return [denied];
  const client = artifactClientFor(ctx.clients, task.accountId);
  const base = callScope(task, 'artifact');

  const listing = await recordPagesBy(ctx, 'nextToken', {
    ...base,
    operation: 'ListReports',
    parameters: { maxResults: REPORTS_PAGE },
    send: (params, abortSignal) => client.listReports(params, { abortSignal }),
  });
  if (listing.failed) return listing.records;

  const summaries = listing.pages.flatMap((p) => p.reports ?? []);
  const chosen = new Map<string, ReportSummary>();
  for (const q of task.reports) {
    const report = pickReport(summaries, q.match);
    if (report?.id) chosen.set(`${report.id}/${report.version ?? ''}`, report);
  }
  const perReport = await Promise.all(
    [...chosen.values()].map((report) => collectReport(report, task.download, client, base, ctx)),
  );
  return [...listing.records, ...perReport.flat()];
}

async function collectReport(
  report: ReportSummary,
  download: boolean,
  client: ArtifactClient,
  base: CallScope,
  ctx: CollectContext,
): Promise<EvidenceRecord[]> {
  const version = {
    reportId: report.id as string,
    ...(report.version ? { reportVersion: report.version } : {}),
  };
  const records: EvidenceRecord[] = [];
  const metadata = await recordCall(ctx, {
    ...base,
    operation: 'GetReportMetadata',
    parameters: version,
    send: (abortSignal) => client.getReportMetadata(version, { abortSignal }),
  });
  records.push(metadata.record);
  if (!metadata.response || !download) return records;
  const runDir = runFolderOf(ctx);
  if (!runDir) {
    records.push(await noRunFolder(version.reportId, report.version, base, ctx));
    return records;
  }

  let termToken: string | undefined;
  const term = await recordCall(ctx, {
    ...base,
    operation: 'GetTermForReport',
    parameters: version,
    send: async (abortSignal) => {
      const out = await client.getTermForReport(version, { abortSignal });
      termToken = out.termToken;
      return {
        ...out,
        documentPresignedUrl: redactPresignedUrl(out.documentPresignedUrl),
        termToken: out.termToken ? '[accepted; token redacted]' : undefined,
      };
    },
  });
  records.push(term.record);
  if (!term.response || !termToken) return records;

  let url: string | undefined;
  const token = termToken;
  const got = await recordCall(ctx, {
    ...base,
    operation: 'GetReport',
    parameters: { ...version, termToken: '[redacted]' },
    send: async (abortSignal) => {
      const out = await client.getReport({ ...version, termToken: token }, { abortSignal });
      url = out.documentPresignedUrl;
      return { ...out, documentPresignedUrl: redactPresignedUrl(out.documentPresignedUrl) };
    },
  });
  records.push(got.record);
  if (!got.response || !url) return records;
  records.push(await downloadReport(url, runDir, version.reportId, report.version, client, base, ctx));
  return records;
}

/** The record of a download that cannot happen: collectors were not told where the run folder is. */
function noRunFolder(
  reportId: string,
  version: number | undefined,
  base: CallScope,
  ctx: CollectContext,
): Promise<EvidenceRecord> {
  return ctx.writer.write({
    ...base,
    source: 'document',
    operation: 'DownloadReport',
    parameters: { reportId, ...(version ? { reportVersion: version } : {}) },
    collectedAt: ctx.clock.now().toISOString(),
    durationMs: 0,
    attempts: 0,
    error: {
      code: 'RunFolderUnavailable',
      message:
        'the pipeline did not give collectors the run folder (CollectContext.runDir), so the document was not downloaded',
    },
  });
}

/** Download the document into the run folder and record it with its hash, or record why it could not be. */
async function downloadReport(
  url: string,
  runDir: string,
  reportId: string,
  version: number | undefined,
  client: ArtifactClient,
  base: CallScope,
  ctx: CollectContext,
): Promise<EvidenceRecord> {
  const stem = `${reportId.replace(/[^A-Za-z0-9-]/g, '_')}-v${version ?? 'latest'}`;
  const provenance = {
    ...base,
    source: 'document' as const,
    operation: 'DownloadReport',
    parameters: { reportId, ...(version ? { reportVersion: version } : {}), url: redactPresignedUrl(url) },
  };
  const started = performance.now();
  const partial = join(runDir, REPORTS_FOLDER, `${stem}.partial`);
  try {
    const out = await client.downloadDocument(url, partial, { abortSignal: ctx.signal });
    const mediaType = out.contentType.split(';')[0]?.trim().toLowerCase() || 'application/octet-stream';
    const path = `${REPORTS_FOLDER}/${stem}${extensionFor(mediaType)}`;
    await rename(partial, join(runDir, path));
    ctx.clients.metrics.recordCall('artifact', 'DownloadReport', out.$metadata.attempts ?? 1, false);
    return ctx.writer.write({
      ...provenance,
      ...(out.$metadata.requestId ? { requestId: out.$metadata.requestId } : {}),
      collectedAt: ctx.clock.now().toISOString(),
      durationMs: Math.round(performance.now() - started),
      attempts: out.$metadata.attempts ?? 1,
      response: { path, bytes: out.bytes, sha256: out.sha256, contentType: out.contentType },
      file: { path, sha256: out.sha256, bytes: out.bytes, mediaType },
    });
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? err;
    await rm(partial, { force: true });
    const attempts = (err as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
    ctx.clients.metrics.recordCall('artifact', 'DownloadReport', attempts, true);
    return ctx.writer.write({
      ...provenance,
      collectedAt: ctx.clock.now().toISOString(),
      durationMs: Math.round(performance.now() - started),
      attempts,
      error: toEvidenceError(err),
    });
  }
}

function extensionFor(mediaType: string): string {
  if (mediaType === 'application/pdf') return '.pdf';
  if (mediaType === 'application/zip') return '.zip';
  if (mediaType.startsWith('text/')) return '.txt';
  return '.bin';
}
