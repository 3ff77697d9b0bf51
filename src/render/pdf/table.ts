// Tables that break across pages: each row is measured first; a row that would overflow starts a new page;
// a row taller than a page is split between lines of its cells (nothing cut, nothing lost); the header is
// drawn again at the top of every page the table continues on. Tagged as Table / TR / TH / TD.

import { PALETTE } from '../status-style.js';
import type { PdfCanvas, TextStyle } from './canvas.js';
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
      sub?: string | undefined;
      link?: string;
      goTo?: string | undefined;
    };

export interface Row {
  cells: Cell[];
  /** Named destination placed at this row (e.g. a control's anchor). */
  dest?: string;
  /** Background of the row (overrides the zebra stripe), e.g. to set a control apart from its checks. */
  shade?: string;
}

/** A full-width band that introduces the rows after it (e.g. a framework group). */
export interface GroupRow {
  group: string;
  /** Named destination placed at this band. */
  dest?: string;
}

export interface TableOptions {
  size?: number;
  padding?: number;
  zebra?: boolean;
}

const isGroup = (r: Row | GroupRow): r is GroupRow => 'group' in r;

/** A cell as drawn: text cells may be split between pages, chips stay whole on the first part. */
interface Part {
  text: string;
  font: FontName;
  color: string;
  chip?: Chip;
  sub?: string;
  link?: string;
  goTo?: string;
}

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
  const colSize = (i: number) => columns[i]!.size ?? size;
  const inner = (i: number) => widths[i]! - 2 * pad;

  const headerHeight = () =>
    Math.max(...columns.map((c, i) => canvas.measure(c.header, { font: 'bold', size, width: inner(i) }))) +
    2 * pad;

  const drawHeader = () => {
    const h = headerHeight();
    canvas.artifact(() =>
      doc.save().rect(canvas.left, canvas.y, canvas.width, h).fill(PALETTE.band).restore(),
    );
    canvas.open('TR');
    columns.forEach((c, i) => {
      canvas.textAt(c.header, xs[i]! + pad, canvas.y + pad, {
        font: 'bold',
        size,
        color: PALETTE.muted,
        width: inner(i),
        align: c.align ?? 'left',
        tag: 'TH',
      });
    });
    canvas.close();
    canvas.y += h;
    canvas.rule(PALETTE.rule, 0.6);
  };

  const toPart = (cell: Cell, i: number): Part => {
    const col = columns[i]!;
    if (typeof cell === 'string') return { text: cell, font: col.font ?? 'regular', color: PALETTE.ink };
    const p: Part = {
      text: cell.text,
      font: cell.font ?? col.font ?? 'regular',
      color: cell.color ?? (cell.link ? PALETTE.link : PALETTE.ink),
    };
    if (cell.chip) p.chip = cell.chip;
    if (cell.sub) p.sub = cell.sub;
    if (cell.link) p.link = cell.link;
    if (cell.goTo) p.goTo = cell.goTo;
    return p;
  };
  const mainStyle = (p: Part, i: number): TextStyle => ({ size: colSize(i), width: inner(i), font: p.font });
  const subStyle = (i: number): TextStyle => ({ size: size - 1, width: inner(i) });
  const chipH = (i: number) => colSize(i) - 1 + 4.5 + 1.5;
  const partHeight = (p: Part, i: number) =>
    (p.chip ? chipH(i) : p.text ? canvas.measure(p.text, mainStyle(p, i)) : 0) +
    (p.sub ? canvas.measure(p.sub, subStyle(i)) + 1 : 0);
  const rowHeight = (parts: Part[]) => Math.max(0, ...parts.map(partHeight)) + 2 * pad;
  const groupHeight = (g: GroupRow) =>
    canvas.measure(g.group, { font: 'bold', size, width: canvas.width - 2 * pad }) + 2 * pad;
  const pageRoom = () => canvas.bottom - canvas.top - headerHeight();

  /** Split a part so that its head fits `room`; returns [head, tail or null]. */
  const splitPart = (p: Part, i: number, room: number): [Part, Part | null] => {
    if (partHeight(p, i) <= room) return [p, null];
    if (p.chip) return [p, null]; // a chip is one line; rows are never shorter than one line
    const [headText, tailText] = canvas.splitToHeight(p.text, mainStyle(p, i), room);
    if (tailText === null) {
      // The main text fits; the sub line goes on.
      const [subHead, subTail] = canvas.splitToHeight(
        p.sub ?? '',
        subStyle(i),
        room - canvas.measure(p.text, mainStyle(p, i)) - 1,
      );
      const head: Part = { ...p };
      if (subHead) head.sub = subHead;
      else delete head.sub;
      const tail: Part | null = subTail
        ? { text: '', font: p.font, color: PALETTE.muted, sub: subTail }
        : null;
      return [head, tail];
    }
    const head: Part = { ...p, text: headText };
    delete head.sub;
    const tail: Part = { ...p, text: tailText };
    return [head, tail];
  };

  const drawParts = (parts: Part[], h: number, zebraOn: boolean, shade?: string) => {
    const fill = shade ?? (opts.zebra !== false && zebraOn ? '#FAFBFC' : null);
    if (fill)
      canvas.artifact(() => doc.save().rect(canvas.left, canvas.y, canvas.width, h).fill(fill).restore());
    canvas.open('TR');
    parts.forEach((p, i) => {
      const x = xs[i]! + pad;
      const y = canvas.y + pad;
      const cs = colSize(i);
      const align = columns[i]!.align ?? 'left';
      let used = 0;
      if (p.chip) {
        canvas.chip(p.chip.label, x, y, p.chip.fill, p.chip.ink, cs - 1, 'TD');
        used = chipH(i);
      } else if (p.text) {
        const style: TextStyle = { ...mainStyle(p, i), color: p.color, align, tag: 'TD' };
        if (p.link) style.link = p.link;
        if (p.goTo && canvas.linkable(p.goTo)) style.goTo = p.goTo;
        used = canvas.textAt(p.text, x, y, style, canvas.measure(p.text, mainStyle(p, i))) + 1;
      }
      if (p.sub)
        canvas.textAt(p.sub, x, y + used, {
          ...subStyle(i),
          color: PALETTE.muted,
          align,
          tag: p.chip || p.text ? 'P' : 'TD',
        });
    });
    canvas.close();
    canvas.y += h;
    canvas.artifact(() =>
      doc
        .save()
        .moveTo(canvas.left, canvas.y)
        .lineTo(canvas.right, canvas.y)
        .lineWidth(0.4)
        .strokeColor(PALETTE.rule)
        .stroke()
        .restore(),
    );
  };

  canvas.ensure(headerHeight() + 24);
  canvas.open('Table');
  drawHeader();
  let zebra = false;
  rows.forEach((r, index) => {
    if (isGroup(r)) {
      const next = rows[index + 1];
      const nextH = next && !isGroup(next) ? rowHeight(next.cells.map(toPart)) : 0;
      const need = groupHeight(r) + Math.min(nextH, 40);
      if (canvas.y + need > canvas.bottom) {
        canvas.addPage();
        drawHeader();
      }
      if (r.dest) canvas.destination(r.dest);
      const h = groupHeight(r);
      canvas.artifact(() =>
        doc.save().rect(canvas.left, canvas.y, canvas.width, h).fill('#E9EDF1').restore(),
      );
      canvas.open('TR');
      canvas.textAt(r.group, canvas.left + pad, canvas.y + pad, {
        font: 'bold',
        size,
        color: PALETTE.accent,
        width: canvas.width - 2 * pad,
        tag: 'TH',
      });
      canvas.close();
      canvas.y += h;
      zebra = false;
      return;
    }
    let parts = r.cells.map(toPart);
    let first = true;
    for (;;) {
      const h = rowHeight(parts);
      if (canvas.y + h > canvas.bottom) {
        // Split only a row that cannot fit on a fresh page, or when a good part of this page is left.
        const room = canvas.bottom - canvas.y - 2 * pad;
        if (h <= pageRoom() || room < 60) {
          canvas.addPage();
          drawHeader();
          continue;
        }
        const split = parts.map((p, i) => splitPart(p, i, room));
        const head = split.map(([hd]) => hd);
        if (first && r.dest) canvas.destination(r.dest);
        drawParts(head, rowHeight(head), zebra, r.shade);
        parts = split.map(([, tl], i) => tl ?? { text: '', font: parts[i]!.font, color: PALETTE.ink });
        first = false;
        canvas.addPage();
        drawHeader();
        continue;
      }
      if (first && r.dest) canvas.destination(r.dest);
      drawParts(parts, h, zebra, r.shade);
      break;
    }
    zebra = !zebra;
  });
  canvas.close();
  doc.font(FONT.regular);
  canvas.y += 8;
}
