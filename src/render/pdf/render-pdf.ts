// Two PDFs from one view model. report.pdf is the executive report a board reads in ten minutes (cover,
// contents, one-page summary, shared responsibility, top risks, attestations due, unproven evidence, not
// applicable, one scorecard per framework, history, how to read it); evidence-detail.pdf is the auditor's
// volume (every control with each evidence check as a row, failing resources, attestations, errors and
// gaps, the evidence index). Both are tagged PDFs with Noto Sans embedded; page numbers in the contents
// are the pages pdfkit actually made. Deterministic: the same view gives the same bytes.

import PDFDocument from 'pdfkit';
import { controlAnchor } from '../anchors.js';
import type { ReportView } from '../view-types.js';
import { PdfCanvas } from './canvas.js';
import { ByteSink, boundLayoutMemo, coalescePageContent } from './page-content.js';
import { stampPageFrame } from './page-frame.js';
import { drawAppendix } from './sections/appendix.js';
import { drawAttestations, drawAttestationsDue } from './sections/attestations.js';
import { drawControlTables } from './sections/controls.js';
import { drawCover } from './sections/cover.js';
import { drawDeploy } from './sections/deploy.js';
import { drawFailing } from './sections/failing.js';
import { drawHistory } from './sections/history.js';
import { drawNotApplicable } from './sections/not-applicable.js';
import { drawResponsibility } from './sections/responsibility.js';
import { drawRisks } from './sections/risks.js';
import { drawScorecards } from './sections/scorecards.js';
import { drawSoa } from './sections/soa.js';
import { drawReading, drawSummary } from './sections/summary.js';
import { drawToc, tocCapacity, tocPages } from './sections/toc.js';
import { drawUnproven } from './sections/unproven.js';
import { PAGE } from './theme.js';

export interface RenderPdfOptions {
  /**
   * Called after the last page is drawn and before `doc.end()`: the seam where the signing step adds its
   * signature placeholder (e.g. @signpdf/placeholder-pdfkit). The current page is the last page.
   */
  beforeEnd?: (doc: PDFKit.PDFDocument) => void;
}

/** Which of the two documents. */
export type PdfKind = 'report' | 'detail';

/** The page count every built-in profile's executive report stays within. */
export const REPORT_MAX_PAGES = 25;

const CONTROL_ANCHOR_PREFIX = controlAnchor('', '').slice(0, 4);

interface DocumentSpec {
  kind: PdfKind;
  subtitle: string;
  /** Entries the contents will list (known before drawing, so its pages can be reserved). */
  tocEntries: number;
  draw: (canvas: PdfCanvas) => void;
}

/** Render the executive report (report.pdf). */
export function renderReportPdf(view: ReportView, opts: RenderPdfOptions = {}): Promise<Buffer> {
  return renderDocument(
    view,
    {
      kind: 'report',
      subtitle: 'Executive report',
      tocEntries: 9 + view.frameworks.length + (view.history ? 1 : 0) + (view.deploy ? 1 : 0),
      draw: (canvas) => {
        drawSummary(canvas, view);
        drawResponsibility(canvas, view, true);
        drawRisks(canvas, view);
        drawAttestationsDue(canvas, view);
        drawUnproven(canvas, view, true);
        drawDeploy(canvas, view);
        drawNotApplicable(canvas, view);
        drawScorecards(canvas, view);
        drawHistory(canvas, view);
        drawReading(canvas, view);
      },
    },
    opts,
  );
}

/** Render the evidence detail (evidence-detail.pdf). */
export function renderDetailPdf(view: ReportView, opts: RenderPdfOptions = {}): Promise<Buffer> {
  return renderDocument(
    view,
    {
      kind: 'detail',
      subtitle: 'Evidence detail',
      tocEntries: 6 + view.frameworks.length + (view.soa ? 1 : 0),
      draw: (canvas) => {
        drawControlTables(canvas, view);
        drawSoa(canvas, view);
        drawFailing(canvas, view);
        drawAttestations(canvas, view);
        drawUnproven(canvas, view);
        drawResponsibility(canvas, view);
        drawAppendix(canvas, view);
      },
    },
    opts,
  );
}

/** The executive report (kept under its old name for callers that render "the" PDF). */
export const renderPdf = renderReportPdf;

async function renderDocument(view: ReportView, spec: DocumentSpec, opts: RenderPdfOptions): Promise<Buffer> {
  const created = new Date(view.cover.generatedAt.iso);
  const title = `${view.cover.title} — ${spec.subtitle} — ${view.cover.organisation}`;
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: PAGE.margin,
    bufferPages: true,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: title,
      Author: view.cover.organisation,
      Subject: `${spec.subtitle}: compliance evidence for ${view.cover.frameworks.map((f) => f.name).join(', ')} (run ${view.cover.runId})`,
      Keywords: ['compliance', 'evidence', 'AWS', ...view.cover.frameworks.map((f) => f.id)].join(', '),
      Creator: view.cover.tool,
      Producer: 'Evidentia (pdfkit)',
      CreationDate: created,
      ModDate: created,
    },
  });
  // Every page stays in memory until the end (bufferPages): its operators are kept in few large pieces.
  coalescePageContent(doc);
  boundLayoutMemo(doc);
  const sink = new ByteSink();
  doc.on('data', (c: Buffer) => sink.add(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  // Let the stream start flowing before the synchronous drawing: from then on each piece pdfkit emits goes
  // straight to the sink, instead of waiting in the stream's buffer (as 100,000s of small pieces) until the end.
  await new Promise<void>((resolve) => setImmediate(resolve));

  // The executive report holds no control anchors: a link to one would go nowhere, so none is made.
  const canvas = new PdfCanvas(
    doc,
    spec.kind === 'report' ? (dest) => !dest.startsWith(CONTROL_ANCHOR_PREFIX) : () => true,
  );
  drawCover(canvas, view, spec.subtitle);
  const tocFirst = canvas.page + 1;
  const tocCount = tocPages(spec.tocEntries, canvas);
  for (let i = 0; i < tocCount; i += 1) canvas.addPage();
  spec.draw(canvas);
  if (canvas.sections.length > tocCapacity(tocCount, canvas))
    throw new Error(
      `PDF contents: ${canvas.sections.length} entries do not fit the ${tocCount} page(s) reserved for ${spec.tocEntries}`,
    );
  drawToc(canvas, canvas.sections, tocFirst, tocCount);
  stampPageFrame(canvas, view, spec.subtitle);
  canvas.finishStructure();
  const { start, count } = doc.bufferedPageRange();
  doc.switchToPage(start + count - 1);
  opts.beforeEnd?.(doc);
  doc.end();
  await ended;
  return sink.bytes();
}
