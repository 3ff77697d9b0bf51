// The PDF's typeface: Noto Sans (SIL OFL), embedded from the npm package @expo-google-fonts/noto-sans and
// never read from the OS, so the same report renders the same bytes on every machine and covers Latin,
// Greek and Cyrillic. pdfkit subsets the font, so only the glyphs used are embedded.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The package's folder, found through Node's resolver (the package has no `exports` map). */
function packageDir(): string {
  return dirname(require.resolve('@expo-google-fonts/noto-sans/package.json'));
}

/** The font files by the names the renderer uses. */
export function fontFiles(): Record<'regular' | 'semibold' | 'bold' | 'italic', string> {
  const dir = packageDir();
  return {
    regular: join(dir, '400Regular', 'NotoSans_400Regular.ttf'),
    semibold: join(dir, '600SemiBold', 'NotoSans_600SemiBold.ttf'),
    bold: join(dir, '700Bold', 'NotoSans_700Bold.ttf'),
    italic: join(dir, '400Regular_Italic', 'NotoSans_400Regular_Italic.ttf'),
  };
}

/** The part of fontkit's font that pdfkit keeps on its current font and that we read. */
interface GlyphSource {
  _font?: { font?: { hasGlyphForCodePoint?: (cp: number) => boolean } };
}

/** Register the fonts on a document; returns a test for whether the face has a glyph for a code point. */
export function registerFonts(doc: PDFKit.PDFDocument): (codePoint: number) => boolean {
  for (const [name, file] of Object.entries(fontFiles())) doc.registerFont(name, file);
  doc.font('regular');
  const face = (doc as unknown as GlyphSource)._font?.font;
  const has = face?.hasGlyphForCodePoint?.bind(face);
  if (!has) throw new Error('pdfkit did not load Noto Sans through fontkit (no glyph table)');
  // Every weight of Noto Sans covers the same characters, so the regular face answers for all of them.
  const cache = new Map<number, boolean>();
  return (cp) => {
    let v = cache.get(cp);
    if (v === undefined) {
      v = has(cp);
      cache.set(cp, v);
    }
    return v;
  };
}
