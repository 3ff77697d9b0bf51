// A tiny PDF reader for tests: inflate the content streams pdfkit writes and pull out the strings shown
// with Tj/TJ, so text can be checked without poppler. Good for pdfkit's output, not for PDFs in general.

import { inflateSync } from 'node:zlib';

/** Decoded content streams of a PDF, in file order. */
export function contentStreams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  const re = /<<([\s\S]*?)>>\s*stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    const raw = pdf.subarray(start, end);
    try {
      out.push((m[1]?.includes('/FlateDecode') ? inflateSync(raw) : raw).toString('latin1'));
    } catch {
      // Not a stream we can read (e.g. an image); ignore it.
    }
    re.lastIndex = end;
  }
  return out;
}

/** The text shown by a content stream: each TJ/Tj becomes one line. */
export function shownText(stream: string): string {
  const lines: string[] = [];
  for (const m of stream.matchAll(
    /\[((?:<[0-9a-fA-F]*>|\s|-?\d+(?:\.\d+)?)*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g,
  )) {
    const parts =
      m[1] !== undefined ? [...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((p) => p[1] ?? '') : [m[2] ?? ''];
    lines.push(parts.map((h) => Buffer.from(h, 'hex').toString('latin1')).join(''));
  }
  return lines.join('\n');
}

/** All text of a PDF made by pdfkit. */
export function pdfText(pdf: Buffer): string {
  return contentStreams(pdf).map(shownText).join('\n');
}

/** Number of pages (the /Count of the page tree root). */
export function pageCount(pdf: Buffer): number {
  const counts = [...pdf.toString('latin1').matchAll(/\/Type \/Pages\s*\/Count (\d+)/g)].map((m) =>
    Number(m[1]),
  );
  return Math.max(0, ...counts);
}
