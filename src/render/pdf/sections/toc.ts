// The table of contents: reserved right after the cover, filled in at the end once page numbers are known.

import { PALETTE } from '../../status-style.js';
import type { PdfCanvas, SectionEntry } from '../canvas.js';
import { SIZE } from '../theme.js';

const ENTRY_HEIGHT = 19;
const FIRST_ENTRY_Y = 130;

/** How many pages `entries` table-of-contents lines need. */
export function tocPages(entries: number, canvas: PdfCanvas): number {
  const perPage = Math.floor((canvas.bottom - FIRST_ENTRY_Y) / ENTRY_HEIGHT);
  return Math.max(1, Math.ceil(entries / perPage));
}

/** How many entries `pages` reserved pages hold (the first page starts lower, under the title). */
export function tocCapacity(pages: number, canvas: PdfCanvas): number {
  const first = Math.floor((canvas.bottom - FIRST_ENTRY_Y) / ENTRY_HEIGHT);
  const rest = Math.floor((canvas.bottom - canvas.top) / ENTRY_HEIGHT);
  return first + (pages - 1) * rest;
}

/** Draw the contents on the reserved pages (`first` is the 0-based index of the first of them). */
export function drawToc(canvas: PdfCanvas, entries: readonly SectionEntry[], first: number): void {
  const doc = canvas.doc;
  let page = first;
  doc.switchToPage(page);
  canvas.textAt('Contents', canvas.left, canvas.top, {
    font: 'bold',
    size: SIZE.h1,
    color: PALETTE.accent,
    tag: 'H1',
  });
  canvas.artifact(() =>
    doc
      .save()
      .moveTo(canvas.left, canvas.top + 26)
      .lineTo(canvas.right, canvas.top + 26)
      .lineWidth(1.2)
      .strokeColor(PALETTE.accent)
      .stroke()
      .restore(),
  );
  let y = FIRST_ENTRY_Y;
  for (const e of entries) {
    if (y + ENTRY_HEIGHT > canvas.bottom) {
      page += 1;
      doc.switchToPage(page);
      y = canvas.top;
    }
    const indent = e.level === 1 ? 0 : 18;
    const size = e.level === 1 ? 10.5 : 9;
    const font = e.level === 1 ? 'bold' : 'regular';
    const num = String(e.page + 1);
    const numW = canvas.widthOf(num, font, size);
    const titleW = Math.min(canvas.widthOf(e.title, font, size), canvas.width - indent - numW - 30);
    canvas.textAt(e.title, canvas.left + indent, y, {
      font,
      size,
      width: titleW + 2,
      goTo: e.dest,
      color: PALETTE.ink,
    });
    const dotsFrom = canvas.left + indent + titleW + 6;
    const dotsTo = canvas.right - numW - 6;
    if (dotsTo > dotsFrom)
      canvas.artifact(() => {
        doc.save().lineWidth(0.6).strokeColor(PALETTE.faint).dash(0.6, { space: 2.4 });
        doc
          .moveTo(dotsFrom, y + size - 1)
          .lineTo(dotsTo, y + size - 1)
          .stroke();
        doc.undash().restore();
      });
    canvas.textAt(num, canvas.right - numW - 2, y, {
      font,
      size,
      width: numW + 4,
      align: 'right',
      goTo: e.dest,
    });
    y += ENTRY_HEIGHT;
  }
}
