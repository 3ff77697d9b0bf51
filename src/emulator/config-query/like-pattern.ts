// LIKE patterns: the documented trailing-wildcard-only form, checked at parse time and matched against strings.

import type { LikePattern } from './ast.js';

/** The fewest literal characters AWS Config requires before a wildcard. */
export const MIN_LIKE_PREFIX = 3;

/** Check and compile a LIKE pattern; returns the problem as a string when it breaks the wildcard rules. */
export function compileLikePattern(text: string): LikePattern | string {
  const first = text.search(/[%_]/);
  if (first < 0) return { text, prefix: text, singles: 0, open: false };
  const prefix = text.slice(0, first);
  const wildcards = text.slice(first);
  if (!/^[%_]*$/.test(wildcards)) {
    return first === 0
      ? `LIKE '${text}': a leading wildcard is not supported (only a trailing wildcard is)`
      : `LIKE '${text}': only a trailing wildcard is supported; found a wildcard before literal text ` +
          `(note that '_' is itself a wildcard)`;
  }
  if (prefix.length === 0) {
    return `LIKE '${text}': a leading wildcard is not supported (only a trailing wildcard is)`;
  }
  if (prefix.length < MIN_LIKE_PREFIX) {
    return `LIKE '${text}': at least ${MIN_LIKE_PREFIX} literal characters must come before the wildcard`;
  }
  return {
    text,
    prefix,
    singles: [...wildcards].filter((c) => c === '_').length,
    open: wildcards.includes('%'),
  };
}

/** Whether `value` matches a compiled LIKE pattern (case-sensitive). */
export function matchesLike(value: string, pattern: LikePattern): boolean {
  if (!value.startsWith(pattern.prefix)) return false;
  const rest = [...value.slice(pattern.prefix.length)].length;
  return pattern.open ? rest >= pattern.singles : rest === pattern.singles;
}
