// Text formatting shared by every renderer, so the PDF and the HTML page say exactly the same thing.

/** A moment, as ISO-8601 and as a human-readable UTC text. */
export interface TimeText {
  iso: string;
  text: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `29 Nov 2026, 03:00 UTC`. */
export function formatTime(iso: string): TimeText {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { iso, text: iso };
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    iso: d.toISOString(),
    text: `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`,
  };
}

/** `29 Nov 2026`. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** A ratio as a whole percentage, rounded down so a report never flatters (99.6% shows as 99%). */
export function formatPercent(ratio: number): string {
  return `${Math.floor(ratio * 100 + 1e-9)}%`;
}

/** `1 account`, `3 accounts`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * `3 failing resources`, or `at least 100 failing resources` when the count is a lower bound (AWS caps its
 * count and the resources could not all be listed): a lower bound is never printed as an exact number.
 */
export function failingResources(n: number, atLeast: boolean): string {
  return `${atLeast ? 'at least ' : ''}${plural(n, 'failing resource')}`;
}

/**
 * Shorten long text for narrow places, at a word boundary (never mid-word, unless one word is longer than
 * most of `max`); the full text stays in findings.csv, findings.jsonl and the evidence detail.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, Math.max(0, max - 1));
  const cut = head.search(/\s\S*$/);
  return `${(cut > max * 0.6 ? head.slice(0, cut) : head).trimEnd()}…`;
}

/** A count as printed: `at least 100` when it is a lower bound, never a bare `100`. */
export function countText(n: number, atLeast: boolean): string {
  const s = n.toLocaleString('en-US');
  return atLeast ? `at least ${s}` : s;
}
