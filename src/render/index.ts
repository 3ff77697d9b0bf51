// The render stage (pure apart from writing files): one view model → HTML, PDF, CSV and OSCAL.

export { controlAnchor, frameworkAnchor } from './anchors.js';
export type { AsffFinding } from './asff/asff-finding.js';
export { IMPORT_BATCH_MAX, IMPORT_FINDING_BYTES_MAX, IMPORT_REQUEST_BYTES_MAX } from './asff/asff-limits.js';
export { type AsffTarget, asffTarget } from './asff/asff-target.js';
export { ASFF_FILE, renderAsff, writeAsff } from './asff/render-asff.js';
export { type Capped, capList } from './capped.js';
export {
  FINDINGS_CSV_HEADER,
  findingsCsvLines,
  renderFindingsCsv,
  writeFindingsCsv,
} from './csv/findings-csv.js';
export { type FindingConsumer, passFindings } from './findings-pass.js';
export { type RenderHtmlOptions, renderHtml } from './html/render-html.js';
export { type RenderOscalOptions, renderOscal, writeOscal } from './oscal/render-oscal.js';
export {
  REPORT_MAX_PAGES,
  type RenderPdfOptions,
  renderDetailPdf,
  renderPdf,
  renderReportPdf,
} from './pdf/render-pdf.js';
export type { HistoryChanges, HistoryRun, ReportHistory } from './report-history.js';
export { DEFAULT_LIMITS, type ReportInput, type ReportLimits, type SignerInfo } from './report-input.js';
export { buildReportView } from './view-model.js';
export type { ReportView } from './view-types.js';
export {
  DETAIL_PDF_FILE,
  parseFormats,
  REPORT_FILES,
  REPORT_FORMATS,
  type ReportFormat,
  type WrittenReport,
  writeReports,
} from './write-reports.js';
