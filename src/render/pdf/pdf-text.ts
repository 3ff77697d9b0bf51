// The standard PDF fonts (Helvetica, Courier) encode text as WinAnsi: make any string encodable, so a
// character outside it becomes a close ASCII spelling or '?' instead of a wrong glyph.

/** Characters outside Latin-1 that WinAnsi still has (pdfkit maps them). */
const WIN_ANSI_EXTRA = new Set(
  '\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122',
);

const SPELLINGS: Record<string, string> = {
  '\u2192': '->',
  '\u2190': '<-',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2212': '-',
  '\u2011': '-',
  '\u2010': '-',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u2713': 'yes',
  '\u2717': 'no',
  '\u0141': 'L',
  '\u0142': 'l',
  '\u0131': 'i',
};

/** Make `text` safe for a standard-14 font. */
export function pdfSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\t') out += ' ';
    else if (code === 10) out += '\n';
    else if (code < 32 || (code >= 127 && code < 160)) continue;
    else if (code < 256 || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (SPELLINGS[ch] !== undefined) out += SPELLINGS[ch];
    else {
      const plain = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += [...plain].every((c) => (c.codePointAt(0) ?? 0) < 256) && plain ? plain : '?';
    }
  }
  return out;
}
