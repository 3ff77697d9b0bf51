// Render a run into a folder in the requested formats: one pass over the findings feeds every format that
// reads them (the view model's scan, findings.csv, OSCAL's evidence per control); the view model is built
// once from it and shared by HTML and both PDFs.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ASFF_FILE, writeAsff } from './asff/render-asff.js';
import { FindingsCsvWriter } from './csv/findings-csv.js';
import { SOA_CSV, writeSoaCsv } from './csv/soa-csv.js';
import { type FindingConsumer, passFindings } from './findings-pass.js';
import { renderHtml } from './html/render-html.js';
import { ControlEvidence } from './oscal/control-evidence.js';
import { writeOscal } from './oscal/render-oscal.js';
import { type RenderPdfOptions, renderDetailPdf, renderReportPdf } from './pdf/render-pdf.js';
import type { ReportHistory } from './report-history.js';
import { type ReportInput, reportLimits } from './report-input.js';
import { deployPacksOfRules, deployPacksOfRun } from './view/deploy.js';
import { FindingScanner } from './view/finding-scan.js';
import { ReportCatalog } from './view/report-catalog.js';
import { buildSoa } from './view/soa.js';
import { buildReportView } from './view-model.js';

export const REPORT_FORMATS = ['html', 'pdf', 'csv', 'oscal', 'asff'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The evidence-detail volume, written beside report.pdf whenever the `pdf` format is asked for. */
export const DETAIL_PDF_FILE = 'evidence-detail.pdf';

/** File name of each format inside the reports folder. */
export const REPORT_FILES: Record<ReportFormat, string> = {
  html: 'report.html',
  pdf: 'report.pdf',
  csv: 'findings.csv',
  oscal: 'assessment-results.oscal.json',
  asff: ASFF_FILE,
};

export interface WriteReportsOptions {
  formats?: readonly ReportFormat[];
  pdf?: RenderPdfOptions;
  templatesDir?: string;
  /** Called after each file is written (for progress). */
  onWritten?: (written: WrittenReport) => void;
  /** Further consumers of the one pass over the findings (the run history's digest). */
  feed?: readonly FindingConsumer[];
  /**
   * The report's history when the input has none, asked for once the pass is over: it may rest on what the
   * pass gathered (the run's digest, compared with earlier runs).
   */
  history?: () => Promise<ReportHistory | undefined>;
}

export interface WrittenReport {
  format: ReportFormat;
  path: string;
}

/** Write the reports of one run into `dir` (created if missing). */
export async function writeReports(
  input: ReportInput,
  dir: string,
  opts: WriteReportsOptions = {},
): Promise<WrittenReport[]> {
  const formats = opts.formats ?? REPORT_FORMATS;
  await mkdir(dir, { recursive: true });
  const needsView = formats.includes('html') || formats.includes('pdf');
  const scanner = needsView ? new FindingScanner(reportLimits(input)) : undefined;
  // The CSV names the pack that would deploy each missing rule as it writes, so the packs are planned first:
  // from results.json's list of them (results written before it existed need a pass of their own).
  const csv = formats.includes('csv')
    ? new FindingsCsvWriter(join(dir, REPORT_FILES.csv), input.results.controls, {
        deployPackOf: input.results.notDeployedRules
          ? deployPacksOfRules(input.results.notDeployedRules, input.catalog, input.profile)
          : await deployPacksOfRun(input.results.findings, input.catalog, input.profile),
      })
    : undefined;
  const evidence = formats.includes('oscal') ? new ControlEvidence(input.results.evidence) : undefined;
  try {
    await passFindings(input.results.findings, [scanner, csv, evidence, ...(opts.feed ?? [])]);
    await csv?.close();
  } catch (err) {
    csv?.destroy();
    throw err;
  }
  const history = input.history ?? (await opts.history?.());
  const view = scanner
    ? await buildReportView(history ? { ...input, history } : input, scanner.scan)
    : undefined;
  const written: WrittenReport[] = [];
  for (const format of REPORT_FORMATS) {
    if (!formats.includes(format)) continue;
    const path = join(dir, REPORT_FILES[format]);
    switch (format) {
      case 'html':
        await writeFile(
          path,
          renderHtml(view!, opts.templatesDir ? { templatesDir: opts.templatesDir } : {}),
        );
        break;
      case 'pdf':
        // Two documents from one view: the executive report and the auditor's detail volume.
        await writeFile(path, await renderReportPdf(view!, opts.pdf));
        written.push({ format, path });
        opts.onWritten?.({ format, path });
        await writeFile(join(dir, DETAIL_PDF_FILE), await renderDetailPdf(view!, opts.pdf));
        written.push({ format, path: join(dir, DETAIL_PDF_FILE) });
        opts.onWritten?.({ format, path: join(dir, DETAIL_PDF_FILE) });
        continue;
      case 'csv': {
        // findings.csv was written by the pass above.
        // Runs that include ISO/IEC 27001:2022 also get their Statement of Applicability as a CSV artefact.
        const soa =
          view?.soa ?? buildSoa(input.results.controls, new ReportCatalog(input.catalog, input.profile));
        if (soa) {
          const soaPath = join(dir, SOA_CSV);
          await writeSoaCsv(soaPath, soa);
          written.push({ format, path: soaPath });
          opts.onWritten?.({ format, path: soaPath });
        }
        break;
      }
      case 'oscal':
        await writeOscal(path, input.results, input.catalog, input.profile, {
          ...(input.generatedAt ? { generatedAt: input.generatedAt } : {}),
          ...(evidence ? { evidence } : {}),
        });
        break;
      case 'asff':
        // AWS Security Hub's format, from the control roll-ups; a run that does not name the account it ran
        // as (results written before callerAccountId existed) has no account to address it to.
        if (!(await writeAsff(path, input.results, input.catalog, input.profile))) continue;
        break;
    }
    written.push({ format, path });
    opts.onWritten?.({ format, path });
  }
  return written;
}

/** Parse `html,pdf` into formats, or name the unknown one. */
export function parseFormats(list: string): { formats: ReportFormat[]; unknown: string[] } {
  const words = list
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  const formats = REPORT_FORMATS.filter((f) => words.includes(f));
  const unknown = words.filter((w) => !(REPORT_FORMATS as readonly string[]).includes(w));
  return { formats, unknown };
}
