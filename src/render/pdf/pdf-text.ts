// Text as the embedded font can show it: control characters dropped, tabs and odd spaces made plain, and a
// character the font has no glyph for written as its code point (`U+65E5`), so two different resource ids
// never print the same and nothing silently becomes `?` or an empty box.

/** Spaces the font may lack, shown as a plain space. */
const SPACES = new Set(['\t', '\u00a0', '\u2009', '\u202f', '\u2007', '\u200a']);

/** `U+65E5` for a code point (at least four hex digits, as Unicode writes it). */
export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Make `text` showable by a font that has a glyph for a code point when `hasGlyph` says so. */
export function pdfSafe(text: string, hasGlyph: (codePoint: number) => boolean): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 10) out += '\n';
    else if (SPACES.has(ch)) out += ' ';
    else if (cp < 32 || (cp >= 127 && cp < 160)) continue;
    else if (hasGlyph(cp)) out += ch;
    else out += codePointLabel(cp);
  }
  return out;
}
