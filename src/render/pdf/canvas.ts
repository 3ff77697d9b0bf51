// A thin layer over pdfkit that keeps a cursor, breaks pages before content would overflow, records
// sections for the table of contents, the PDF outline and named destinations, and tags what it draws
// (headings, paragraphs, table cells) so the PDF carries a structure tree for screen readers.

import { PALETTE } from '../status-style.js';
import { registerFonts } from './fonts.js';
import { pdfSafe } from './pdf-text.js';
import { FONT, type FontName, PAGE, SIZE } from './theme.js';

/** Structure types the renderer uses (PDF 1.7, 14.8.4). */
export type StructType =
  | 'P'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'Span'
  | 'Sect'
  | 'Caption';

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
  /** Structure type of the text (default `P`). */
  tag?: StructType;
}

/** pdfkit's addItem also takes the destination's position; its published types only declare `expanded`. */
type OutlineAdd = (
  title: string,
  options?: { expanded?: boolean; top?: number; left?: number },
) => PDFKit.PDFOutline;

type StructElement = ReturnType<PDFKit.PDFDocument['struct']>;

export interface SectionEntry {
  title: string;
  level: 1 | 2;
  /** 0-based index of the page the section starts on, as pdfkit made it. */
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
  /** Pages pdfkit started on its own because text ran past the bottom: a layout fault (tests assert 0). */
  strayPages = 0;
  private pageIndex = 0;
  private adding = false;
  private outlineParent: PDFKit.PDFOutline | undefined;
  private destCount = 0;
  private readonly hasGlyph: (cp: number) => boolean;
  private readonly structStack: StructElement[] = [];
  private readonly heights = new Map<string, number>();

  /** Which named destinations exist in this document (links to others would go nowhere). */
  private readonly linkFilter: (dest: string) => boolean;

  constructor(doc: PDFKit.PDFDocument, linkFilter: (dest: string) => boolean = () => true) {
    this.doc = doc;
    this.linkFilter = linkFilter;
    this.y = this.top;
    this.hasGlyph = registerFonts(doc);
    // Count every page pdfkit makes, whoever asked for it, so page numbers are the pages that exist.
    doc.on('pageAdded', () => {
      this.pageIndex += 1;
      if (!this.adding) this.strayPages += 1;
    });
    const root = doc.struct('Document');
    doc.addStructure(root);
    this.structStack.push(root);
  }

  /** 0-based index of the current page. */
  get page(): number {
    return this.pageIndex;
  }

  addPage(): void {
    this.adding = true;
    try {
      this.doc.addPage();
    } finally {
      this.adding = false;
    }
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

  /** `text` as the embedded font can show it (missing glyphs as `U+XXXX`). */
  safe(text: string): string {
    return pdfSafe(text, this.hasGlyph);
  }

  /** Height of `text` in a style, without drawing (remembered: tables measure each cell more than once). */
  measure(text: string, style: TextStyle = {}): number {
    const key = `${style.font ?? 'regular'}|${style.size ?? SIZE.body}|${style.width ?? this.width}|${style.lineGap ?? 1.5}|${text}`;
    const known = this.heights.get(key);
    if (known !== undefined) return known;
    this.font(style);
    const h = this.doc.heightOfString(this.safe(text), {
      width: style.width ?? this.width,
      lineGap: style.lineGap ?? 1.5,
    });
    if (this.heights.size > 20_000) this.heights.clear();
    this.heights.set(key, h);
    return h;
  }

  /** Width of a one-line string. */
  widthOf(text: string, font: FontName, size: number): number {
    this.doc.font(FONT[font]).fontSize(size);
    return this.doc.widthOfString(this.safe(text));
  }

  /** `text` cut at a word boundary (with an ellipsis) so that it fits on one line of `width`. */
  fitLine(text: string, font: FontName, size: number, width: number): string {
    const safe = this.safe(text);
    if (this.widthOf(safe, font, size) <= width) return safe;
    const words = safe.split(/(?<=\s)/);
    let lo = 0;
    let hi = words.length;
    const at = (n: number) => `${words.slice(0, n).join('').trimEnd()}…`;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.widthOf(at(mid), font, size) <= width) lo = mid;
      else hi = mid - 1;
    }
    return lo > 0 ? at(lo) : '…';
  }

  /**
   * Split `text` so that its head fits in `height`: the head ends at a word (or line) boundary, the tail
   * is the rest (null when everything fits). Nothing is dropped.
   */
  splitToHeight(text: string, style: TextStyle, height: number): [string, string | null] {
    const safe = this.safe(text);
    if (this.measure(safe, style) <= height) return [safe, null];
    const words = safe.split(/(?<=[\s])/);
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.measure(words.slice(0, mid).join('').trimEnd(), style) <= height) lo = mid;
      else hi = mid - 1;
    }
    if (lo === 0) return ['', safe];
    return [words.slice(0, lo).join('').trimEnd(), words.slice(lo).join('').trimStart()];
  }

  /** Draw text at the cursor (or at `style.x`), advance the cursor below it. */
  text(text: string, style: TextStyle = {}): void {
    let rest: string | null = text;
    while (rest !== null) {
      const h = this.measure(rest, style);
      if (this.y + h <= this.bottom) {
        this.textAt(rest, style.x ?? this.left, this.y, style, h);
        this.y += h + (style.gap ?? 0);
        return;
      }
      // Taller than what is left: a block that fits a fresh page moves there; a longer one is split at a
      // word boundary and continues on the next page (pdfkit would otherwise start pages we never count).
      if (h <= this.bottom - this.top || this.remaining() < 40) {
        this.addPage();
        if (h <= this.bottom - this.top) continue;
      }
      const [head, tail] = this.splitToHeight(rest, style, this.remaining());
      if (head) this.textAt(head, style.x ?? this.left, this.y, style);
      rest = tail;
      this.addPage();
    }
  }

  /** Draw text at a fixed position; does not move the cursor. Returns the height used. */
  textAt(text: string, x: number, y: number, style: TextStyle = {}, knownHeight?: number): number {
    this.font(style);
    const opts: PDFKit.Mixins.TextOptions = {
      width: style.width ?? this.width,
      align: style.align ?? 'left',
      lineGap: style.lineGap ?? 1.5,
    };
    if (style.link) opts.link = style.link;
    if (style.goTo && this.linkFilter(style.goTo)) opts.goTo = style.goTo;
    const safe = this.safe(text);
    // Measuring is the costly part of laying out text (shaping): callers that measured already say so.
    const h = knownHeight ?? this.doc.heightOfString(safe, opts);
    this.tag(style.tag ?? 'P', () => {
      this.doc.text(safe, x, y, opts);
    });
    return h;
  }

  /** Draw `draw` as tagged content of type `type`, under the open structure element. */
  tag(type: StructType, draw: () => void): void {
    this.parent().add(this.doc.struct(type, {}, draw));
  }

  /** Open a structure element (a table, a row) that later tagged content goes under; close with `close`. */
  open(type: StructType): void {
    const el = this.doc.struct(type);
    this.parent().add(el);
    this.structStack.push(el);
  }

  /** Close the innermost open structure element. */
  close(): void {
    if (this.structStack.length <= 1) throw new Error('PdfCanvas.close() without open()');
    this.structStack.pop()!.end();
  }

  /** Draw decoration (bars, rules, backgrounds) marked as an artifact, outside the reading order. */
  artifact(draw: () => void): void {
    this.doc.markContent('Artifact');
    draw();
    this.doc.endMarkedContent();
  }

  /** End the document's structure tree (call once, after the last drawing). */
  finishStructure(): void {
    while (this.structStack.length > 1) this.close();
    this.structStack[0]!.end();
  }

  /** Whether a link to `dest` has somewhere to go in this document. */
  linkable(dest: string): boolean {
    return this.linkFilter(dest);
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
    const item = (parent.addItem as OutlineAdd).call(parent, this.safe(title), where);
    if (opts.level === 1) this.outlineParent = item;
    if (opts.level === 1) {
      this.text(title, { font: 'bold', size: SIZE.h1, color: PALETTE.accent, gap: 4, tag: 'H1' });
      this.rule(PALETTE.accent, 1.2);
      this.y += 12;
    } else {
      this.text(title, { font: 'bold', size: SIZE.h2, color: PALETTE.ink, gap: 6, tag: 'H2' });
    }
  }

  /** A sub-heading that is not in the table of contents. */
  heading(title: string, minSpace = 80): void {
    this.ensure(minSpace);
    this.y += 4;
    this.text(title, { font: 'bold', size: SIZE.h3, color: PALETTE.ink, gap: 5, tag: 'H3' });
  }

  /** A horizontal line across the content width at the cursor. */
  rule(color: string = PALETTE.rule, width = 0.6): void {
    this.artifact(() => {
      this.doc
        .save()
        .moveTo(this.left, this.y)
        .lineTo(this.right, this.y)
        .lineWidth(width)
        .strokeColor(color)
        .stroke()
        .restore();
    });
    this.y += width;
  }

  /** A small filled label (status or severity); returns its width. */
  chip(
    label: string,
    x: number,
    y: number,
    fill: string,
    ink: string,
    size: number = SIZE.tiny,
    tag: StructType = 'Span',
  ): number {
    const safe = this.safe(label);
    this.doc.font(FONT.bold).fontSize(size);
    const w = this.doc.widthOfString(safe) + 8;
    const h = size + 4.5;
    this.artifact(() => {
      this.doc.save().roundedRect(x, y, w, h, 2).fill(fill).restore();
    });
    this.tag(tag, () => {
      this.doc.fillColor(ink).text(safe, x + 4, y + 1.2, { lineBreak: false, width: w - 8 + 2, height: h });
    });
    return w;
  }

  private parent(): StructElement {
    return this.structStack[this.structStack.length - 1]!;
  }

  private font(style: TextStyle): void {
    this.doc
      .font(FONT[style.font ?? 'regular'])
      .fontSize(style.size ?? SIZE.body)
      .fillColor(style.color ?? PALETTE.ink);
  }
}
