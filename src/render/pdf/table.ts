// Tables that break across pages: each row is measured first, a row that would overflow starts a new page,
// and the header is drawn again at the top of every page the table continues on.

import { PALETTE } from '../status-style.js';
import type { PdfCanvas } from './canvas.js';
import { FONT, type FontName, SIZE } from './theme.js';

export interface Column {
  header: string;
  /** Share of the content width (the shares are normalised to add up to 1). */
  width: number;
  align?: 'left' | 'right' | 'center';
  font?: FontName;
  /** Type size of this column's cells (default: the table's). */
  size?: number;
}

export interface Chip {
  label: string;
  fill: string;
  ink: string;
}

export type Cell =
  | string
  | {
      text: string;
      font?: FontName;
      color?: string;
      /** Drawn as a filled label instead of text. */
      chip?: Chip;
      /** A second line in smaller, muted type. */
      sub?: string;
      link?: string;
      goTo?: string;
    };

export interface Row {
  cells: Cell[];
  /** Named destination placed at this row (e.g. a control's anchor). */
  dest?: string;
}

/** A full-width band that introduces the rows after it (e.g. a framework group). */
export interface GroupRow {
  group: string;
}

export interface TableOptions {
  size?: number;
  padding?: number;
  zebra?: boolean;
}

const isGroup = (r: Row | GroupRow): r is GroupRow => 'group' in r;

/** Draw a table at the cursor. */
export function drawTable(
  canvas: PdfCanvas,
  columns: readonly Column[],
  rows: readonly (Row | GroupRow)[],
  opts: TableOptions = {},
): void {
  const size = opts.size ?? SIZE.table;
  const pad = opts.padding ?? 3.5;
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * canvas.width);
  const xs = widths.map((_, i) => canvas.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const doc = canvas.doc;

  const headerHeight = () =>
    Math.max(
      ...columns.map((c, i) => canvas.measure(c.header, { font: 'bold', size, width: widths[i]! - 2 * pad })),
    ) +
    2 * pad;

  const drawHeader = () => {
    const h = headerHeight();
    doc.save().rect(canvas.left, canvas.y, canvas.width, h).fill(PALETTE.band).restore();
    columns.forEach((c, i) => {
      canvas.textAt(c.header, xs[i]! + pad, canvas.y + pad, {
        font: 'bold',
        size,
        color: PALETTE.muted,
        width: widths[i]! - 2 * pad,
        align: c.align ?? 'left',
      });
    });
    canvas.y += h;
    canvas.rule(PALETTE.rule, 0.6);
  };

  const colSize = (i: number) => columns[i]!.size ?? size;
  const cellHeight = (cell: Cell, i: number) => {
    const w = widths[i]! - 2 * pad;
    const cs = colSize(i);
    const font =
      typeof cell === 'string'
        ? (columns[i]!.font ?? 'regular')
        : (cell.font ?? columns[i]!.font ?? 'regular');
    const text = typeof cell === 'string' ? cell : cell.text;
    const main =
      typeof cell !== 'string' && cell.chip
        ? cs + 4.5 + 1
        : canvas.measure(text, { size: cs, width: w, font });
    const sub =
      typeof cell !== 'string' && cell.sub ? canvas.measure(cell.sub, { size: size - 1, width: w }) + 1 : 0;
    return main + sub;
  };
  const rowHeight = (r: Row) => Math.max(...r.cells.map(cellHeight)) + 2 * pad;
  const groupHeight = (g: GroupRow) =>
    canvas.measure(g.group, { font: 'bold', size, width: canvas.width - 2 * pad }) + 2 * pad;

  canvas.ensure(headerHeight() + 24);
  drawHeader();
  let zebra = false;
  rows.forEach((r, index) => {
    if (isGroup(r)) {
      const next = rows[index + 1];
      const need = groupHeight(r) + (next && !isGroup(next) ? rowHeight(next) : 0);
      if (canvas.y + need > canvas.bottom) {
        canvas.addPage();
        drawHeader();
      }
      const h = groupHeight(r);
      doc.save().rect(canvas.left, canvas.y, canvas.width, h).fill('#E9EDF1').restore();
      canvas.textAt(r.group, canvas.left + pad, canvas.y + pad, {
        font: 'bold',
        size,
        color: PALETTE.accent,
        width: canvas.width - 2 * pad,
      });
      canvas.y += h;
      zebra = false;
      return;
    }
    const h = rowHeight(r);
    if (canvas.y + h > canvas.bottom) {
      canvas.addPage();
      drawHeader();
    }
    if (r.dest) canvas.destination(r.dest);
    if (opts.zebra !== false && zebra)
      doc.save().rect(canvas.left, canvas.y, canvas.width, h).fill('#FAFBFC').restore();
    zebra = !zebra;
    r.cells.forEach((cell, i) => {
      const x = xs[i]! + pad;
      const w = widths[i]! - 2 * pad;
      const y = canvas.y + pad;
      const cs = colSize(i);
      const align = columns[i]!.align ?? 'left';
      // Courier sits higher on the line than Helvetica: nudge it down so the row reads on one baseline.
      const nudge = (font: FontName) => (font === 'mono' ? cs * 0.12 : 0);
      if (typeof cell === 'string') {
        const font = columns[i]!.font ?? 'regular';
        canvas.textAt(cell, x, y + nudge(font), { size: cs, width: w, font, align });
        return;
      }
      let used: number;
      if (cell.chip) {
        canvas.chip(cell.chip.label, x, y, cell.chip.fill, cell.chip.ink, cs - 1);
        used = cs + 4.5 + 1;
      } else {
        const font = cell.font ?? columns[i]!.font ?? 'regular';
        const style: Parameters<PdfCanvas['textAt']>[3] = {
          size: cs,
          width: w,
          font,
          color: cell.color ?? (cell.link ? PALETTE.link : PALETTE.ink),
          align,
        };
        if (cell.link) style.link = cell.link;
        if (cell.goTo) style.goTo = cell.goTo;
        used = canvas.textAt(cell.text, x, y + nudge(font), style) + 1;
      }
      if (cell.sub)
        canvas.textAt(cell.sub, x, y + used, { size: size - 1, width: w, color: PALETTE.muted, align });
    });
    canvas.y += h;
    doc
      .save()
      .moveTo(canvas.left, canvas.y)
      .lineTo(canvas.right, canvas.y)
      .lineWidth(0.4)
      .strokeColor(PALETTE.rule)
      .stroke()
      .restore();
  });
  doc.font(FONT.regular);
  canvas.y += 8;
}
