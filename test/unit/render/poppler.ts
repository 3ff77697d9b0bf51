// Reading PDFs with poppler's command-line tools (pdftotext, pdftohtml, pdfinfo), as a reader would: the
// contents page, the text of one page, the bookmarks, and the position of every word.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const bin = (name: string) => [`/usr/bin/${name}`, `/usr/local/bin/${name}`].find((p) => existsSync(p));

/** Whether poppler's tools are installed (tests that need them are skipped otherwise). */
export const HAVE_POPPLER = Boolean(bin('pdftotext') && bin('pdftohtml') && bin('pdfinfo'));

const run = (name: string, args: string[]) =>
  execFileSync(bin(name) ?? name, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

/** `pdfinfo` as key → value. */
export function pdfInfo(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of run('pdfinfo', [file]).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

/** Plain text of one page (1-based), whitespace collapsed. */
export function pageText(file: string, page: number): string {
  return run('pdftotext', ['-f', String(page), '-l', String(page), file, '-']).replace(/\s+/g, ' ');
}

/** Whole text of a PDF in content-stream order (`-raw`: a wrapped cell's lines stay together), whitespace collapsed. */
export function allText(file: string): string {
  return run('pdftotext', ['-raw', file, '-']).replace(/\s+/g, ' ');
}

export interface TocEntry {
  title: string;
  page: number;
}

/** The entries of the contents page (`Title ....... 12`), as pdftotext lays them out. */
export function tocEntries(file: string, page = 2): TocEntry[] {
  const text = run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-']);
  const out: TocEntry[] = [];
  let open = false;
  for (const line of text.split('\n')) {
    const m = /^\s*(\S.*?\S)\s{2,}(\d+)\s*$/.exec(line);
    if (m && !/^Run \S+|^Page \d+ of/.test(m[1]!)) {
      out.push({ title: m[1]!, page: Number(m[2]) });
      open = true;
    } else if (open && /^\s+\S/.test(line) && !/^\s*(Run \S+|Page \d+ of)/.test(line)) {
      // A long title wrapped onto the next line (indented, no page number).
      out[out.length - 1]!.title += ` ${line.trim()}`;
    } else open = false;
  }
  return out;
}

/** The document outline (bookmarks), depth-first, with the page each one opens. */
export function bookmarks(file: string): TocEntry[] {
  const xml = run('pdftohtml', ['-xml', '-stdout', '-i', '-f', '1', '-l', '1', file]);
  const decode = (s: string) =>
    s
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
  return [...xml.matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)].map((m) => ({
    title: decode(m[2]!),
    page: Number(m[1]),
  }));
}

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word of one page with its box (`pdftotext -bbox-layout`). */
export function words(file: string, page: number): Word[] {
  const xml = run('pdftotext', ['-bbox-layout', '-f', String(page), '-l', String(page), file, '-']);
  return [
    ...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
  ].map((m) => ({
    text: m[5]!,
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
  }));
}

/**
 * Pairs of words that print over each other: their boxes cross by more than a hair horizontally and by
 * more than a third of the shorter one's height vertically (font boxes include ascenders and descenders,
 * so lines set close together touch without any glyph overlapping).
 */
export function overlaps(list: readonly Word[]): [Word, Word][] {
  const out: [Word, Word][] = [];
  for (let i = 0; i < list.length; i += 1) {
    for (let j = i + 1; j < list.length; j += 1) {
      const a = list[i]!;
      const b = list[j]!;
      const dx = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const dy = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      const h = Math.min(a.yMax - a.yMin, b.yMax - b.yMin);
      if (dx > 0.5 && dy > h / 3) out.push([a, b]);
    }
  }
  return out;
}
