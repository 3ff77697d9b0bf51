// What a buffered pdfkit document holds until it ends, kept small without changing a byte of the PDF.
//
// Page content gathered in large pieces. pdfkit turns every operator it writes into its own small
// Uint8Array on the page's content stream, and with buffered pages (which the contents and page numbers
// need) every page's pieces live until the document ends: 700,000 of them, about 120 MB of heap, for a
// 500-page evidence-detail volume. Here the operators of a page are joined into one string and handed to
// pdfkit once they reach a few kilobytes, and the rest before the stream is finished. pdfkit writes
// `chunk + '\n'` as one byte per character, so the joined text gives the same bytes, the same lengths and
// the same compressed stream: the PDF is byte for byte what it was.
//
// pdfkit also remembers the shaped glyphs of every distinct word for as long as a font lives (tens of MB
// for a volume full of resource ids and hashes); that memo is kept to the words in use (two generations of
// 4,000), and a word let go is only shaped again the same way. And the document's output, emitted in small pieces
// (several per object), is copied into large blocks as it comes.

/** Characters gathered before they are handed to pdfkit as one piece. */
const PIECE = 8192;

/** The part of pdfkit's content-stream reference that is wrapped here (pdfkit 0.20, PDFReference). */
interface ContentStream {
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

const WRAPPED = Symbol('evidentia.wrapped');

/** Join the operators written to `stream` into few large pieces; the bytes written stay the same. */
export function coalesceContent(stream: ContentStream): void {
  const s = stream as ContentStream & { [WRAPPED]?: true };
  // A pdfkit whose reference does not have this shape is left alone: larger, but still correct.
  if (s[WRAPPED] || typeof s.write !== 'function' || typeof s.finalize !== 'function') return;
  s[WRAPPED] = true;
  const write = s.write.bind(s);
  const finalize = s.finalize.bind(s);
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length === 0) return;
    // pdfkit adds the newline after the last operator itself.
    write(pending.join('\n'));
    pending = [];
    size = 0;
  };
  s.write = (chunk) => {
    if (typeof chunk !== 'string') {
      flush();
      write(chunk);
      return;
    }
    pending.push(chunk);
    size += chunk.length + 1;
    if (size >= PIECE) flush();
  };
  s.finalize = () => {
    flush();
    finalize();
  };
}

/** Coalesce the content of the document's current page and of every page it adds from now on. */
export function coalescePageContent(doc: PDFKit.PDFDocument): void {
  const pageOf = () => (doc as unknown as { page?: { content?: ContentStream } }).page?.content;
  const first = pageOf();
  if (first) coalesceContent(first);
  doc.on('pageAdded', () => {
    const content = pageOf();
    if (content) coalesceContent(content);
  });
}

/** Distinct words in each of the two generations of a font's memo of shaped words. */
const LAYOUT_MEMO = 4000;

/** pdfkit's embedded font (0.20, EmbeddedFont): its word → shaped glyphs memo, filled after each miss. */
interface FontWithMemo {
  layoutCache?: Record<string, unknown>;
  layoutRun?: (text: string, features?: unknown) => unknown;
  [WRAPPED]?: true;
}

/**
 * Keep a font's memo of shaped words to two generations of LAYOUT_MEMO words each. pdfkit shapes a word
 * (layoutRun) only when its memo misses, then stores the result: counting those calls counts the memo's
 * entries without walking it. When the memo is full it becomes the old generation and a new one starts; a
 * word found in the old one is handed back as it was shaped (and so moves to the new one), so the words a
 * document keeps using are not shaped again, and the rest are let go. Fonts are made when first used, so
 * each page break wraps the ones not yet wrapped.
 */
export function boundLayoutMemo(doc: PDFKit.PDFDocument): void {
  const wrapNew = () => {
    const fonts = (doc as unknown as { _fontFamilies?: Record<string, FontWithMemo> })._fontFamilies;
    for (const font of Object.values(fonts ?? {})) {
      const run = font.layoutRun;
      if (font[WRAPPED] || !font.layoutCache || typeof run !== 'function') continue;
      font[WRAPPED] = true;
      let entries = 0;
      let old: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      font.layoutRun = function (this: FontWithMemo, text, features) {
        // With features pdfkit neither looks in nor fills its memo.
        if (features !== undefined) return run.call(this, text, features);
        if (this.layoutCache && ++entries > LAYOUT_MEMO) {
          old = this.layoutCache;
          this.layoutCache = Object.create(null) as Record<string, unknown>;
          entries = 1;
        }
        return old[text] ?? run.call(this, text, features);
      };
    }
  };
  wrapNew();
  doc.on('pageAdded', wrapNew);
}

/** Bytes gathered into blocks of at least BLOCK bytes, so many small pieces are not all kept alive. */
const BLOCK = 1 << 20;

/** Collects a stream's output in large blocks; `bytes()` gives it all as one Buffer. */
export class ByteSink {
  private readonly blocks: Buffer[] = [];
  private block = Buffer.allocUnsafe(BLOCK);
  private used = 0;

  add(chunk: Uint8Array): void {
    if (chunk.length > this.block.length - this.used) {
      this.blocks.push(this.block.subarray(0, this.used));
      this.block = Buffer.allocUnsafe(Math.max(BLOCK, chunk.length));
      this.used = 0;
    }
    this.block.set(chunk, this.used);
    this.used += chunk.length;
  }

  bytes(): Buffer {
    return Buffer.concat([...this.blocks, this.block.subarray(0, this.used)]);
  }
}
