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
export function drawToc(
  canvas: PdfCanvas,
  entries: readonly SectionEntry[],
  first: number,
  reserved: number,
): void {
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
  const last = first + reserved - 1;
  for (const e of entries) {
    const indent = e.level === 1 ? 0 : 18;
    const size = e.level === 1 ? 10.5 : 9;
    const font = e.level === 1 ? 'bold' : 'regular';
    const num = String(e.page + 1);
    const numW = canvas.widthOf(num, font, size);
    // A long title wraps within its column and the entry grows by its measured height.
    const maxW = canvas.width - indent - numW - 30;
    const titleH = canvas.measure(e.title, { font, size, width: maxW });
    const entryH = Math.max(ENTRY_HEIGHT, titleH + 6);
    if (y + entryH > canvas.bottom) {
      page += 1;
      if (page > last) throw new Error(`PDF contents need more than the ${reserved} page(s) reserved`);
      doc.switchToPage(page);
      y = canvas.top;
    }
    const oneLine = canvas.widthOf(e.title, font, size) <= maxW;
    const titleW = oneLine ? canvas.widthOf(e.title, font, size) : maxW;
    canvas.textAt(
      e.title,
      canvas.left + indent,
      y,
      { font, size, width: oneLine ? titleW + 2 : maxW, goTo: e.dest, color: PALETTE.ink },
      titleH,
    );
    const dotsFrom = canvas.left + indent + (oneLine ? titleW + 6 : maxW + 6);
    const dotsTo = canvas.right - numW - 6;
    if (oneLine && dotsTo > dotsFrom)
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
    y += entryH;
  }
}
