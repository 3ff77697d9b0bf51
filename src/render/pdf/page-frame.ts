// The running header (organisation · report title) and footer (run id · page N of M) on every page but
// the cover, stamped once all pages exist so M is known.

import { PALETTE } from '../status-style.js';
import type { ReportView } from '../view-types.js';
import type { PdfCanvas } from './canvas.js';
import { PAGE, SIZE } from './theme.js';

/** Stamp header and footer on pages 2..M (pages must be buffered). */
export function stampPageFrame(canvas: PdfCanvas, view: ReportView, subtitle: string): void {
  const doc = canvas.doc;
  const { start, count } = doc.bufferedPageRange();
  for (let i = start + 1; i < start + count; i += 1) {
    doc.switchToPage(i);
    // Writing inside the margins must not make pdfkit start a new page.
    const margins = { ...doc.page.margins };
    doc.page.margins = { top: 0, bottom: 0, left: margins.left, right: margins.right };
    const headY = 30;
    // Pagination is an artifact: screen readers skip it, and it sits outside the structure tree.
    doc.markContent('Artifact', { type: 'Pagination' });
    const head = canvas.fitLine(
      `${view.cover.organisation}  ·  ${view.cover.title}  ·  ${subtitle}`,
      'regular',
      SIZE.tiny + 0.5,
      canvas.width * 0.7,
    );
    doc
      .font('regular')
      .fontSize(SIZE.tiny + 0.5)
      .fillColor(PALETTE.muted);
    doc.text(head, canvas.left, headY, { width: canvas.width * 0.7, lineBreak: false });
    text(canvas, view.cover.period.end.text.replace(/,.*$/, ''), canvas.left + canvas.width * 0.7, headY, {
      size: SIZE.tiny + 0.5,
      color: PALETTE.muted,
      width: canvas.width * 0.3,
      align: 'right',
    });
    line(canvas, headY + 12);
    const footY = PAGE.height - 38;
    line(canvas, footY - 6);
    text(canvas, `Run ${view.cover.runId}`, canvas.left, footY, {
      size: SIZE.tiny + 0.5,
      color: PALETTE.muted,
      width: canvas.width / 2,
    });
    text(canvas, `Page ${i - start + 1} of ${count}`, canvas.left + canvas.width / 2, footY, {
      size: SIZE.tiny + 0.5,
      color: PALETTE.muted,
      width: canvas.width / 2,
      align: 'right',
    });
    doc.endMarkedContent();
    doc.page.margins = margins;
  }
}

/** Untagged text (inside the pagination artifact). */
function text(
  canvas: PdfCanvas,
  value: string,
  x: number,
  y: number,
  style: { size: number; color: string; width: number; align?: 'right' },
): void {
  canvas.doc
    .font('regular')
    .fontSize(style.size)
    .fillColor(style.color)
    .text(canvas.safe(value), x, y, { width: style.width, align: style.align ?? 'left', lineBreak: false });
}

function line(canvas: PdfCanvas, y: number): void {
  canvas.doc
    .save()
    .moveTo(canvas.left, y)
    .lineTo(canvas.right, y)
    .lineWidth(0.4)
    .strokeColor(PALETTE.rule)
    .stroke()
    .restore();
}
