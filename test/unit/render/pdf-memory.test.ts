// What keeps a buffered pdfkit document small (render/pdf/page-content.ts) changes no byte of the PDF: the
// same drawing, with and without it, gives the same file, for content written to pages long after they
// were made (contents, page numbers) and for more distinct words than the shaped-word memo keeps.

import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { registerFonts } from '../../../src/render/pdf/fonts.js';
import {
  ByteSink,
  boundLayoutMemo,
  coalesceContent,
  coalescePageContent,
} from '../../../src/render/pdf/page-content.js';

/** Draw a many-page document; with `small`, through the memory savers. */
async function draw(small: boolean): Promise<{ bytes: Buffer; memo: number }> {
  const doc = new PDFDocument({
    size: 'A4',
    bufferPages: true,
    tagged: true,
    info: { CreationDate: new Date('2026-12-01T00:00:00Z'), ModDate: new Date('2026-12-01T00:00:00Z') },
  });
  if (small) {
    coalescePageContent(doc);
    boundLayoutMemo(doc);
  }
  const sink = new ByteSink();
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => (small ? sink.add(c) : chunks.push(c)));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  registerFonts(doc);
  // 5,000 distinct words (past the memo's 4,000), each drawn in a tagged paragraph, over many pages.
  for (let i = 0; i < 5000; i += 1) {
    if (i % 120 === 0 && i > 0) doc.addPage();
    const p = doc.struct('P', {}, () => {
      doc
        .fillColor(i % 2 ? '#aa0000' : '#000000')
        .text(`word-${i.toString(36)} vol-${(i * 7919).toString(16)} Ünïcødé`, 50, 60 + (i % 120) * 6, {
          width: 400,
        });
    });
    doc.addStructure(p);
  }
  // Written to every page after all were made, as the page numbers are.
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i += 1) {
    doc.switchToPage(i);
    doc.text(`page ${i + 1} of ${count}`, 50, 800, { lineBreak: false });
  }
  const fonts = (doc as unknown as { _fontFamilies: Record<string, { layoutCache?: object }> })._fontFamilies;
  const memo = Math.max(...Object.values(fonts).map((f) => Object.keys(f.layoutCache ?? {}).length));
  doc.end();
  await ended;
  return { bytes: small ? sink.bytes() : Buffer.concat(chunks), memo };
}

describe('PDF memory savers', () => {
  it('give byte for byte the same PDF, with the shaped-word memo kept under its bound', async () => {
    const plain = await draw(false);
    const small = await draw(true);
    expect(plain.memo).toBeGreaterThan(4000);
    expect(small.memo).toBeLessThanOrEqual(4000);
    expect(small.bytes.length).toBe(plain.bytes.length);
    expect(small.bytes.equals(plain.bytes)).toBe(true);
  }, 60_000);

  it('joins the operators of a content stream into few pieces, bytes and length unchanged', () => {
    const writes: (string | Uint8Array)[] = [];
    const stream = {
      write: (c: string | Uint8Array) => {
        writes.push(c);
      },
      finalize: () => {
        writes.push('<end>');
      },
    };
    coalesceContent(stream);
    coalesceContent(stream); // wrapping twice is a no-op
    for (let i = 0; i < 3000; i += 1) stream.write(`${i} 0 m`);
    stream.write(new Uint8Array([1, 2]));
    stream.write('q');
    stream.finalize();
    // pdfkit writes each string piece followed by a newline: the pieces carry the same text.
    const text = writes
      .map((w) => (w === '<end>' ? '' : typeof w === 'string' ? `${w}\n` : `[${[...w].join(',')}]`))
      .join('');
    const expected = `${Array.from({ length: 3000 }, (_, i) => `${i} 0 m\n`).join('')}[1,2]q\n`;
    expect(text).toBe(expected);
    expect(writes.length).toBeLessThan(10);
    expect(writes.at(-1)).toBe('<end>');
  });

  it('gathers output pieces into blocks and gives them back in order', () => {
    const sink = new ByteSink();
    const parts = [Buffer.from('a'), Buffer.alloc(3 << 20, 7), Buffer.from('bc'), Buffer.alloc(5)];
    for (const p of parts) sink.add(p);
    expect(sink.bytes().equals(Buffer.concat(parts))).toBe(true);
  });
});
