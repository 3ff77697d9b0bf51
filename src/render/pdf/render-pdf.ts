// renderPdf: the report view → a board-ready PDF (cover, contents with page numbers and bookmarks, summary
// charts, responsibility split, control tables, failing controls, attestations, gaps, history, appendix).
// Deterministic: the same view gives the same bytes (CreationDate comes from the run, never from now).

import PDFDocument from 'pdfkit';
import type { ReportView } from '../view-types.js';
import { PdfCanvas } from './canvas.js';
import { stampPageFrame } from './page-frame.js';
import { drawAppendix } from './sections/appendix.js';
import { drawAttestations } from './sections/attestations.js';
import { drawControlTables } from './sections/controls.js';
import { drawCover } from './sections/cover.js';
import { drawFailing } from './sections/failing.js';
import { drawHistory } from './sections/history.js';
import { drawResponsibility } from './sections/responsibility.js';
import { drawSummary } from './sections/summary.js';
import { drawToc, tocPages } from './sections/toc.js';
import { drawUnproven } from './sections/unproven.js';
import { PAGE } from './theme.js';

export interface RenderPdfOptions {
  /**
   * Called after the last page is drawn and before `doc.end()`: the seam where the signing step adds its
   * signature placeholder (e.g. @signpdf/placeholder-pdfkit). The current page is the last page.
   */
  beforeEnd?: (doc: PDFKit.PDFDocument) => void;
}

/** Render the report as PDF bytes. */
export async function renderPdf(view: ReportView, opts: RenderPdfOptions = {}): Promise<Buffer> {
  const created = new Date(view.cover.generatedAt.iso);
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: PAGE.margin,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: 'en',
    displayTitle: true,
    info: {
      Title: `${view.cover.title} — ${view.cover.organisation}`,
      Author: view.cover.organisation,
      Subject: `Compliance evidence for ${view.cover.frameworks.map((f) => f.name).join(', ')} (run ${view.cover.runId})`,
      Keywords: ['compliance', 'evidence', 'AWS', ...view.cover.frameworks.map((f) => f.id)].join(', '),
      Creator: view.cover.tool,
      Producer: 'Evidentia (pdfkit)',
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const canvas = new PdfCanvas(doc);
  drawCover(canvas, view);
  const tocEntries = 7 + (view.history ? 1 : 0) + view.frameworks.length;
  const tocFirst = canvas.page + 1;
  const tocCount = tocPages(tocEntries, canvas);
  for (let i = 0; i < tocCount; i += 1) canvas.addPage();

  drawSummary(canvas, view);
  drawResponsibility(canvas, view);
  drawControlTables(canvas, view);
  drawFailing(canvas, view);
  drawAttestations(canvas, view);
  drawUnproven(canvas, view);
  drawHistory(canvas, view);
  drawAppendix(canvas, view);

  drawToc(canvas, canvas.sections, tocFirst);
  stampPageFrame(canvas, view);
  const { start, count } = doc.bufferedPageRange();
  doc.switchToPage(start + count - 1);
  opts.beforeEnd?.(doc);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
