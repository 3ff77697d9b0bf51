// One CSV cell, RFC 4180 quoted and safe to open in a spreadsheet (no formula injection, CWE-1236).
// Policy (docs/reports.md, "CSV"): every cell is quoted, so a separator, quote or line break inside a value never
// splits it for a reader that honours quotes. Quoting alone is not enough: a spreadsheet strips the quotes and
// then evaluates a cell that starts with a formula character, and a reader that splits on another separator
// than ours (`;` in many European locales, tab) or ignores quotes cuts a value such as `x;=1+2;y` into pieces
// of which `=1+2` is one. So a `'` is put before a formula character at the start of the text and after every
// `,` `;` tab or line break inside it (spaces in between allowed): wherever any of those readers starts a
// cell, the cell starts with `'`, which spreadsheets read as "this is text".

/** Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"), with leading blanks. */
const FORMULA_AT_START = /^([ "]*)(?=[=+\-@\t\r])/;
/** A formula character where a reader splitting on `,` `;` tab or a line break would start a new cell. */
const FORMULA_AFTER_SEPARATOR = /([,;\t\r\n][ "]*)(?=[=+\-@\t\r])/g;

/**
 * A text that neither regular expression above nor quote doubling can change: no quote, separator, tab or
 * line break anywhere, and no blank or formula character first. Most cells (ids, statuses, regions) are
 * such, and are quoted as they are without running the three replacements (findings.csv has millions).
 */
const NEEDS_WORK = /^[ =+\-@]|[",;\t\r\n]/;

/** Quote a value for CSV and neutralise every formula start. A finite number is written as it is, quoted. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number' && Number.isFinite(value)) return `"${value}"`;
  const text = String(value);
  if (!NEEDS_WORK.test(text)) return `"${text}"`;
  const s = text.replace(FORMULA_AT_START, "$1'").replace(FORMULA_AFTER_SEPARATOR, "$1'");
  return `"${s.replace(/"/g, '""')}"`;
}

/** One CSV record (CRLF-terminated, as RFC 4180 asks). */
export function csvLine(cells: readonly (string | number)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
