// A thin layer over pdfkit that keeps a cursor, breaks pages before content would overflow, and records
// sections for the table of contents, the PDF outline and named destinations.

import { PALETTE } from '../status-style.js';
import { pdfSafe } from './pdf-text.js';
import { FONT, type FontName, PAGE, SIZE } from './theme.js';

export interface TextStyle {
  font?: FontName;
  size?: number;
  color?: string;
  x?: number;
  width?: number;
  align?: 'left' | 'right' | 'center' | 'justify';
  lineGap?: number;
  /** Space after the text. */
  gap?: number;
  link?: string;
  goTo?: string;
}

/** pdfkit's addItem also takes the destination's position; its published types only declare `expanded`. */
type OutlineAdd = (
  title: string,
  options?: { expanded?: boolean; top?: number; left?: number },
) => PDFKit.PDFOutline;

export interface SectionEntry {
  title: string;
  level: 1 | 2;
  /** 0-based page index. */
  page: number;
  dest: string;
}

/** The cursor-keeping drawing surface every PDF section writes through. */
export class PdfCanvas {
  readonly doc: PDFKit.PDFDocument;
  y: number;
  readonly left = PAGE.margin.left;
  readonly right = PAGE.width - PAGE.margin.right;
  readonly width = PAGE.width - PAGE.margin.left - PAGE.margin.right;
  readonly top = PAGE.margin.top;
  readonly bottom = PAGE.height - PAGE.margin.bottom;
  readonly sections: SectionEntry[] = [];
  private pageIndex = 0;
  private outlineParent: PDFKit.PDFOutline | undefined;
  private destCount = 0;

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
    this.y = this.top;
  }

  /** 0-based index of the current page. */
  get page(): number {
    return this.pageIndex;
  }

  addPage(): void {
    this.doc.addPage();
    this.pageIndex += 1;
    this.y = this.top;
  }

  /** Start a new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.y + height > this.bottom) this.addPage();
  }

  /** Space left on this page. */
  remaining(): number {
    return this.bottom - this.y;
  }

  /** Height of `text` in a style, without drawing. */
  measure(text: string, style: TextStyle = {}): number {
    this.font(style);
    return this.doc.heightOfString(pdfSafe(text), {
      width: style.width ?? this.width,
      lineGap: style.lineGap ?? 1.5,
    });
  }

  /** Width of a one-line string. */
  widthOf(text: string, font: FontName, size: number): number {
    this.doc.font(FONT[font]).fontSize(size);
    return this.doc.widthOfString(pdfSafe(text));
  }

  /** `text` cut (with an ellipsis) so that it fits on one line of `width`. */
  fitLine(text: string, font: FontName, size: number, width: number): string {
    const safe = pdfSafe(text);
    if (this.widthOf(safe, font, size) <= width) return safe;
    let lo = 0;
    let hi = safe.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.widthOf(`${safe.slice(0, mid).trimEnd()}…`, font, size) <= width) lo = mid;
      else hi = mid - 1;
    }
    return `${safe.slice(0, lo).trimEnd()}…`;
  }

  /** Draw text at the cursor (or at `style.x`), advance the cursor below it. */
  text(text: string, style: TextStyle = {}): void {
    const h = this.measure(text, style);
    this.ensure(h);
    this.textAt(text, style.x ?? this.left, this.y, style);
    this.y += h + (style.gap ?? 0);
  }

  /** Draw text at a fixed position; does not move the cursor. Returns the height used. */
  textAt(text: string, x: number, y: number, style: TextStyle = {}): number {
    this.font(style);
    const opts: PDFKit.Mixins.TextOptions = {
      width: style.width ?? this.width,
      align: style.align ?? 'left',
      lineGap: style.lineGap ?? 1.5,
    };
    if (style.link) opts.link = style.link;
    if (style.goTo) opts.goTo = style.goTo;
    const safe = pdfSafe(text);
    const h = this.doc.heightOfString(safe, opts);
    this.doc.text(safe, x, y, opts);
    return h;
  }

  /** A named destination at the cursor, for links from the table of contents and elsewhere. */
  destination(name: string): void {
    this.doc.addNamedDestination(name, 'XYZ', null, this.y - 6, null);
  }

  /**
   * Start a section: a new page when asked (or when little room is left), a heading, an outline entry,
   * a table-of-contents entry and a named destination.
   */
  section(title: string, opts: { level: 1 | 2; newPage?: boolean; minSpace?: number; dest?: string }): void {
    if (opts.newPage) this.addPage();
    else this.ensure(opts.minSpace ?? 160);
    this.destCount += 1;
    const dest = opts.dest ?? `sec-${this.destCount}`;
    this.destination(dest);
    this.sections.push({ title, level: opts.level, page: this.pageIndex, dest });
    // pdfkit's outline takes `top` from the page top and `left` from the right edge: this gives XYZ(0, y).
    const where = { top: Math.max(0, this.y - 6), left: PAGE.width };
    const parent = opts.level === 1 ? this.doc.outline : (this.outlineParent ?? this.doc.outline);
    const item = (parent.addItem as OutlineAdd).call(parent, pdfSafe(title), where);
    if (opts.level === 1) this.outlineParent = item;
    if (opts.level === 1) {
      this.text(title, { font: 'bold', size: SIZE.h1, color: PALETTE.accent, gap: 4 });
      this.rule(PALETTE.accent, 1.2);
      this.y += 12;
    } else {
      this.text(title, { font: 'bold', size: SIZE.h2, color: PALETTE.ink, gap: 6 });
    }
  }

  /** A sub-heading that is not in the table of contents. */
  heading(title: string, minSpace = 80): void {
    this.ensure(minSpace);
    this.y += 4;
    this.text(title, { font: 'bold', size: SIZE.h3, color: PALETTE.ink, gap: 5 });
  }

  /** A horizontal line across the content width at the cursor. */
  rule(color: string = PALETTE.rule, width = 0.6): void {
    this.doc
      .save()
      .moveTo(this.left, this.y)
      .lineTo(this.right, this.y)
      .lineWidth(width)
      .strokeColor(color)
      .stroke()
      .restore();
    this.y += width;
  }

  /** A small filled label (status or severity); returns its width. */
  chip(label: string, x: number, y: number, fill: string, ink: string, size: number = SIZE.tiny): number {
    const safe = pdfSafe(label);
    this.doc.font(FONT.bold).fontSize(size);
    const w = this.doc.widthOfString(safe) + 8;
    const h = size + 4.5;
    this.doc.save().roundedRect(x, y, w, h, 2).fill(fill).restore();
    this.doc.fillColor(ink).text(safe, x + 4, y + 2.6, { lineBreak: false, width: w - 8 + 2, height: h });
    return w;
  }

  private font(style: TextStyle): void {
    this.doc
      .font(FONT[style.font ?? 'regular'])
      .fontSize(style.size ?? SIZE.body)
      .fillColor(style.color ?? PALETTE.ink);
  }
}
