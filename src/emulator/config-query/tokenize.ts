// Splits an advanced-query expression into tokens (words, literals, punctuation), rejecting unknown characters.

import { InvalidExpressionError } from './invalid-expression-error.js';

export type TokenKind = 'word' | 'string' | 'number' | 'punct' | 'eof';

/** One lexical token; `offset` is the 0-based character position of its first character. */
export interface Token {
  kind: TokenKind;
  /** The token as written (for strings: the decoded value without quotes). */
  text: string;
  offset: number;
  /** For numbers: the numeric value. */
  number?: number;
}

const SEGMENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?[0-9]+(\.[0-9]+)?/y;
const PUNCT = new Set([',', '(', ')', '*', '=', '<', '>']);

/** Operators people reach for from other SQL dialects, with the documented way to say the same thing. */
const UNSUPPORTED_OPERATORS: Record<string, string> = {
  '!=': "'!=' is not supported; write NOT property = value",
  '<>': "'<>' is not supported; write NOT property = value",
  '<=': "'<=' is not supported; write NOT property > value",
  '>=': "'>=' is not supported; write NOT property < value",
};

/** Tokenize `expression`; the last token is always `eof`. Throws InvalidExpressionError on unknown input. */
export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const ch = expression[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const two = expression.slice(i, i + 2);
    if (two === '--' || two === '/*') {
      throw new InvalidExpressionError('comments are not supported', i);
    }
    const unsupported = UNSUPPORTED_OPERATORS[two];
    if (unsupported) throw new InvalidExpressionError(unsupported, i);
    if (ch === "'") {
      const { value, end } = readString(expression, i);
      tokens.push({ kind: 'string', text: value, offset: i });
      i = end;
      continue;
    }
    if (ch === '"') {
      throw new InvalidExpressionError('double-quoted strings are not supported; use single quotes', i);
    }
    if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(expression[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(expression)!;
      const end = i + m[0].length;
      if (/[A-Za-z_.]/.test(expression[end] ?? '')) {
        throw new InvalidExpressionError(`malformed number '${expression.slice(i, end + 1)}'`, i);
      }
      tokens.push({ kind: 'number', text: m[0], offset: i, number: Number(m[0]) });
      i = end;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const end = readWord(expression, i);
      tokens.push({ kind: 'word', text: expression.slice(i, end), offset: i });
      i = end;
      continue;
    }
    if (PUNCT.has(ch)) {
      tokens.push({ kind: 'punct', text: ch, offset: i });
      i++;
      continue;
    }
    throw new InvalidExpressionError(`unexpected character '${ch}'`, i);
  }
  tokens.push({ kind: 'eof', text: '', offset: expression.length });
  return tokens;
}

/** Read a dotted word (`configuration.state.value`) starting at `start`; returns the end offset. */
function readWord(expression: string, start: number): number {
  let i = start;
  for (;;) {
    SEGMENT.lastIndex = i;
    const m = SEGMENT.exec(expression);
    if (!m) throw new InvalidExpressionError('a property path segment must start with a letter or _', i);
    i += m[0].length;
    if (expression[i] !== '.') return i;
    i++;
  }
}

/** Read a single-quoted string starting at `start`; `''` inside stands for one quote. */
function readString(expression: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < expression.length) {
    const ch = expression[i]!;
    if (ch === "'") {
      if (expression[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += ch;
    i++;
  }
  throw new InvalidExpressionError('unterminated string literal', start);
}
