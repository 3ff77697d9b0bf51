// Parser for the AWS Config advanced-query subset: tokens → checked ParsedQuery, or InvalidExpressionError.
//
// Conservative choices for items the reference marks [unconfirmed] (the same list, explained, is in README.md). The
// rule of thumb: when AWS behaviour is unknown, reject the construct (so a query that runs here is likely to run on
// AWS); when a value comparison is unknown, do the plain SQL thing.
// Syntax (enforced here and in tokenize.ts):
//  1. Parentheses group conditions as in standard SQL; AND binds tighter than OR, NOT tightest.
//  2. `!=`, `<>`, `<=`, `>=`, infix `NOT IN` / `NOT LIKE` / `NOT BETWEEN`, `IS [NOT] NULL`, `NULL`, `LIMIT`,
//     `OFFSET`, `CASE`, comments, `;`, arithmetic and non-aggregate functions are rejected; the message names the
//     documented alternative (prefix NOT).
//  3. String literals are single-quoted; `''` inside one stands for a quote. Double-quoted strings are rejected.
//  4. Property names are case-sensitive and must start at a known CI property; `tags` allows key/value/tag and
//     `relationships` allows resourceId/resourceName/resourceType; scalars take no sub-path.
//  5. `SELECT *` must stand alone; its select fields are the 10 documented scalar names, not `*`.
//  6. A query that aggregates (aggregate column or GROUP BY) may only select GROUP BY properties and aggregates, and
//     ORDER BY may only name a GROUP BY property or an aggregate that is also selected.
//  7. Aggregate columns are named canonically: upper-case function, no spaces (`COUNT(*)`, `SUM(configuration.size)`).
//  8. LIKE allows a literal prefix of 3+ characters followed only by wildcards; there is no escape character, so an
//     `_` inside a name is a non-trailing wildcard and is rejected. A LIKE without wildcards is an equality.
//  9. ip / cidr_block properties (typed by path, see property-paths.ts) take single-address string literals only
//     (no `/prefix`: use the exact-block idiom) and do not take LIKE.
// 10. Error offsets are 0-based character positions.
// Values (compare-values.ts, evaluate-condition.ts):
// 11. Bare `true`/`false` (any case) and quoted `'true'`/`'false'` match boolean values; bare booleans also match the
//     strings 'true'/'false'.
// 12. Numbers compare numerically with number values and numeric strings, in either direction.
// 13. Strings compare case-sensitively by UTF-16 code unit; dates are strings, so ISO-8601 sorts in time order.
// 14. Incomparable value/literal pairs make every comparison false (so NOT of it is true).
// 15. cidr_block: range [lo, hi] satisfies `= a` when lo <= a <= hi, `< a` when lo < a, `> a` when hi > a; BETWEEN is
//     overlap. ip values compare numerically. Address families never match each other.
// 16. `tags.tag` is the string `key=value`.
// Rows (current-items.ts, aggregate-groups.ts, run-config-query.ts):
// 17. Rows are the latest CI per account/region/type/id, hidden when that CI is ResourceNotRecorded, ResourceDeleted
//     or ResourceDeletedNotRecorded.
// 18. Missing selected paths are left out of the row; empty arrays/objects selected whole are kept.
// 19. Without ORDER BY rows keep input order (groups: order of first member). ORDER BY is stable, uses a property's
//     first value, puts missing values first ascending, then booleans < numbers < strings < objects.
// 20. COUNT(*) counts CIs, COUNT(p) CIs with a value at p; MIN/MAX use the sort order; SUM/AVG use numbers only; an
//     aggregate with no values is left out of the row.
// 21. Aggregating without GROUP BY always yields one row (`{"COUNT(*)":0}` over nothing); with GROUP BY, none.
// 22. GROUP BY over a property holding several values groups by the whole list.

import type {
  AggregateFunction,
  AggregateRef,
  Condition,
  Literal,
  OrderItem,
  ParsedQuery,
  PropertyRef,
  SelectItem,
} from './ast.js';
import { InvalidExpressionError } from './invalid-expression-error.js';
import { parseAddress } from './ip-address.js';
import { compileLikePattern } from './like-pattern.js';
import { propertyPathProblem, propertyType } from './property-paths.js';
import { type Token, tokenize } from './tokenize.js';

/** The longest expression SelectResourceConfig accepts. */
export const MAX_EXPRESSION_LENGTH = 4096;
/** The most GROUP BY properties AWS Config allows (1 when ORDER BY uses an aggregate). */
export const MAX_GROUP_BY = 3;

const AGGREGATES = new Set<string>(['COUNT', 'MIN', 'MAX', 'SUM', 'AVG']);

/** Keywords AWS documents as unsupported, and SQL words with no documented support. */
const REJECTED_WORDS: Record<string, string> = {
  FROM: "FROM is not supported: every query reads all configuration items; filter with resourceType = '...'",
  AS: 'AS is not supported: columns are named by their property path or aggregate text',
  HAVING: 'HAVING is not supported',
  DISTINCT: 'DISTINCT is not supported; use GROUP BY',
  JOIN: 'JOIN is not supported',
  UNION: 'UNION is not supported',
  ALL: 'ALL is not supported',
  LIMIT: 'LIMIT is not supported in the expression; page with the Limit parameter',
  OFFSET: 'OFFSET is not supported; page with NextToken',
  IS: 'IS [NOT] NULL is not supported (NULL queries are not supported)',
  NULL: 'NULL is not supported (NULL queries are not supported)',
  CASE: 'CASE is not supported',
};

const KEYWORDS = new Set([
  'SELECT',
  'WHERE',
  'GROUP',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  'AND',
  'OR',
  'NOT',
  'IN',
  'BETWEEN',
  'LIKE',
  'TRUE',
  'FALSE',
]);

const CLAUSE_WORDS = new Set(['SELECT', 'WHERE', 'GROUP', 'ORDER']);

/** Parse and check an advanced-query expression. Throws InvalidExpressionError naming what is wrong and where. */
export function parseConfigQuery(expression: string): ParsedQuery {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new InvalidExpressionError(
      `expression is ${expression.length} characters long; the maximum is ${MAX_EXPRESSION_LENGTH}`,
      MAX_EXPRESSION_LENGTH,
    );
  }
  if (expression.trim() === '') throw new InvalidExpressionError('empty expression', 0);
  const tokens = tokenize(expression);
  for (const token of tokens) {
    const rejected = token.kind === 'word' ? REJECTED_WORDS[token.text.toUpperCase()] : undefined;
    if (rejected) throw new InvalidExpressionError(rejected, token.offset);
  }
  return new Parser(expression, tokens).parseQuery();
}

/** Whether `token` is the bare keyword `word` (keywords are case-insensitive; dotted paths never are keywords). */
function isKeyword(token: Token, word: string): boolean {
  return token.kind === 'word' && token.text.toUpperCase() === word;
}

/** A token as shown in messages. */
function describe(token: Token): string {
  if (token.kind === 'eof') return 'the end of the expression';
  if (token.kind === 'string') return `string '${token.text}'`;
  return `'${token.text}'`;
}

class Parser {
  private pos = 0;

  constructor(
    private readonly expression: string,
    private readonly tokens: Token[],
  ) {}

  parseQuery(): ParsedQuery {
    const first = this.peek();
    if (!isKeyword(first, 'SELECT')) {
      throw this.error(`a query must start with SELECT, found ${describe(first)}`, first);
    }
    this.pos++;
    const select = this.parseSelectList();
    let where: Condition | undefined;
    if (this.acceptKeyword('WHERE')) where = this.parseOr();
    const groupBy = this.acceptKeyword('GROUP') ? this.parseGroupBy() : [];
    const orderBy = this.acceptKeyword('ORDER') ? this.parseOrderBy() : [];
    const rest = this.peek();
    if (rest.kind !== 'eof') {
      const clause = rest.kind === 'word' && CLAUSE_WORDS.has(rest.text.toUpperCase());
      throw this.error(
        clause
          ? `unexpected ${describe(rest)}: clauses must come in the order SELECT, WHERE, GROUP BY, ORDER BY, once each`
          : `unexpected ${describe(rest)} after the end of the query`,
        rest,
      );
    }
    const query: ParsedQuery = {
      expression: this.expression,
      select,
      where,
      groupBy,
      orderBy,
      grouped: groupBy.length > 0 || (select !== '*' && select.some((s) => s.kind === 'aggregate')),
    };
    this.checkGrouping(query);
    return query;
  }

  private parseSelectList(): '*' | SelectItem[] {
    const star = this.peek();
    if (star.kind === 'punct' && star.text === '*') {
      this.pos++;
      const next = this.peek();
      if (next.kind === 'punct' && next.text === ',') {
        throw this.error("'*' cannot be combined with other columns", next);
      }
      return '*';
    }
    const items: SelectItem[] = [this.parseColumn('SELECT')];
    while (this.acceptPunct(',')) items.push(this.parseColumn('SELECT'));
    return items;
  }

  private parseGroupBy(): PropertyRef[] {
    this.expectKeyword('BY', 'after GROUP');
    const items: PropertyRef[] = [];
    do {
      const token = this.peek();
      if (this.isFunctionCall())
        throw this.error('GROUP BY takes properties, not aggregate functions', token);
      const property = this.parseProperty('GROUP BY');
      if (items.length === MAX_GROUP_BY) {
        throw this.error(`GROUP BY takes at most ${MAX_GROUP_BY} properties`, token);
      }
      items.push(property);
    } while (this.acceptPunct(','));
    return items;
  }

  private parseOrderBy(): OrderItem[] {
    this.expectKeyword('BY', 'after ORDER');
    const items: OrderItem[] = [];
    do {
      const key = this.parseColumn('ORDER BY');
      let descending = false;
      if (this.acceptKeyword('DESC')) descending = true;
      else this.acceptKeyword('ASC');
      items.push({ key, descending });
    } while (this.acceptPunct(','));
    return items;
  }

  /** A property or an aggregate call, in the SELECT list or ORDER BY. */
  private parseColumn(where: string): SelectItem {
    return this.isFunctionCall() ? this.parseAggregate() : this.parseProperty(where);
  }

  private parseAggregate(): AggregateRef {
    const nameToken = this.next();
    const fn = nameToken.text.toUpperCase();
    if (!AGGREGATES.has(fn)) {
      throw this.error(
        `unknown function '${nameToken.text}' (supported: COUNT, MIN, MAX, SUM, AVG)`,
        nameToken,
      );
    }
    this.expectPunct('(', `after ${fn}`);
    const argToken = this.peek();
    let arg: PropertyRef | '*';
    if (argToken.kind === 'punct' && argToken.text === '*') {
      if (fn !== 'COUNT') throw this.error(`only COUNT accepts *; ${fn} takes one property`, argToken);
      this.pos++;
      arg = '*';
    } else {
      if (this.isFunctionCall()) throw this.error('aggregate functions cannot be nested', argToken);
      arg = this.parseProperty(`${fn}(...)`);
    }
    const close = this.peek();
    if (close.kind === 'punct' && close.text === ',') {
      throw this.error(`${fn} takes exactly one argument`, close);
    }
    this.expectPunct(')', `to close ${fn}(`);
    const name = `${fn}(${arg === '*' ? '*' : arg.path})`;
    return { kind: 'aggregate', fn: fn as AggregateFunction, arg, name, offset: nameToken.offset };
  }

  private parseProperty(where: string): PropertyRef {
    const token = this.peek();
    if (token.kind !== 'word') {
      throw this.error(`expected a property in ${where}, found ${describe(token)}`, token);
    }
    if (!token.text.includes('.') && KEYWORDS.has(token.text.toUpperCase())) {
      throw this.error(`expected a property in ${where}, found keyword ${token.text.toUpperCase()}`, token);
    }
    const segments = token.text.split('.');
    const problem = propertyPathProblem(segments);
    if (problem) throw this.error(problem, token);
    this.pos++;
    return {
      kind: 'property',
      path: token.text,
      segments,
      type: propertyType(token.text),
      offset: token.offset,
    };
  }

  private parseOr(): Condition {
    let left = this.parseAnd();
    while (this.acceptKeyword('OR')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Condition {
    let left = this.parseNot();
    while (this.acceptKeyword('AND')) left = { kind: 'and', left, right: this.parseNot() };
    return left;
  }

  private parseNot(): Condition {
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.parseNot() };
    return this.parsePrimary();
  }

  private parsePrimary(): Condition {
    if (this.acceptPunct('(')) {
      const inner = this.parseOr();
      this.expectPunct(')', 'to close (');
      return inner;
    }
    const token = this.peek();
    if (this.isFunctionCall()) {
      throw this.error(
        AGGREGATES.has(token.text.toUpperCase())
          ? 'aggregate functions are not allowed in WHERE (and HAVING is not supported)'
          : `unknown function '${token.text}'`,
        token,
      );
    }
    if (token.kind !== 'word') {
      throw this.error(
        `expected a condition (property, NOT or '('), found ${describe(token)}; the property must come first`,
        token,
      );
    }
    const property = this.parseProperty('WHERE');
    return this.parsePredicate(property);
  }

  private parsePredicate(property: PropertyRef): Condition {
    const op = this.peek();
    if (op.kind === 'punct' && (op.text === '=' || op.text === '<' || op.text === '>')) {
      this.pos++;
      return { kind: 'compare', op: op.text, property, value: this.parseLiteral(property, op.text) };
    }
    if (this.acceptKeyword('IN')) {
      this.expectPunct('(', 'after IN');
      const values = [this.parseLiteral(property, 'IN')];
      while (this.acceptPunct(',')) values.push(this.parseLiteral(property, 'IN'));
      this.expectPunct(')', 'to close IN (');
      return { kind: 'in', property, values };
    }
    if (this.acceptKeyword('BETWEEN')) {
      const low = this.parseLiteral(property, 'BETWEEN');
      this.expectKeyword('AND', 'in BETWEEN ... AND ...');
      const high = this.parseLiteral(property, 'BETWEEN');
      return { kind: 'between', property, low, high };
    }
    if (isKeyword(op, 'LIKE')) {
      this.pos++;
      if (property.type !== 'plain') {
        throw this.error(`LIKE is not supported on ${property.type} property '${property.path}'`, op);
      }
      const patternToken = this.peek();
      if (patternToken.kind !== 'string') {
        throw this.error(`LIKE needs a quoted string pattern, found ${describe(patternToken)}`, patternToken);
      }
      this.pos++;
      const pattern = compileLikePattern(patternToken.text);
      if (typeof pattern === 'string') throw this.error(pattern, patternToken);
      return { kind: 'like', property, pattern };
    }
    if (isKeyword(op, 'NOT')) {
      throw this.error(
        `infix NOT is not supported; put NOT before the property: NOT ${property.path} IN (...)`,
        op,
      );
    }
    throw this.error(
      `expected an operator (=, <, >, IN, BETWEEN, LIKE) after '${property.path}', found ${describe(op)}`,
      op,
    );
  }

  /** A literal value; checks it suits the operator and the property's type. */
  private parseLiteral(property: PropertyRef, operator: string): Literal {
    const token = this.next();
    let literal: Literal;
    if (token.kind === 'string') literal = { type: 'string', value: token.text, offset: token.offset };
    else if (token.kind === 'number')
      literal = { type: 'number', value: token.number!, offset: token.offset };
    else if (isKeyword(token, 'TRUE') || isKeyword(token, 'FALSE')) {
      literal = { type: 'boolean', value: isKeyword(token, 'TRUE'), offset: token.offset };
    } else {
      throw this.error(
        `expected a value (a 'quoted string', a number, true or false) for ${operator}, found ${describe(token)}`,
        token,
      );
    }
    if (literal.type === 'boolean' && operator !== '=' && operator !== 'IN') {
      throw this.error(`${operator} cannot compare with a boolean`, token);
    }
    if (property.type !== 'plain') {
      if (literal.type !== 'string' || !parseAddress(literal.value)) {
        throw this.error(
          `${property.type} property '${property.path}' compares with a quoted IP address such as '10.0.0.1'` +
            (property.type === 'cidr_block'
              ? "; for an exact block use NOT p < 'low' AND NOT p > 'high'"
              : ''),
          token,
        );
      }
    }
    return literal;
  }

  /** Cross-clause rules for grouped queries. */
  private checkGrouping(query: ParsedQuery): void {
    const groupPaths = new Set(query.groupBy.map((g) => g.path));
    const selected = query.select === '*' ? [] : query.select;
    if (query.grouped && query.select === '*') {
      throw new InvalidExpressionError(
        'SELECT * cannot be combined with GROUP BY',
        query.groupBy[0]?.offset ?? 0,
      );
    }
    if (query.grouped) {
      for (const item of selected) {
        if (item.kind === 'property' && !groupPaths.has(item.path)) {
          throw new InvalidExpressionError(
            `'${item.path}' must be in GROUP BY: a query that aggregates may select only GROUP BY properties ` +
              'and aggregate functions',
            item.offset,
          );
        }
      }
    }
    const selectedAggregates = new Set(selected.filter((s) => s.kind === 'aggregate').map((s) => s.name));
    for (const { key } of query.orderBy) {
      if (key.kind === 'aggregate') {
        if (!selectedAggregates.has(key.name)) {
          throw new InvalidExpressionError(
            `ORDER BY ${key.name} needs ${key.name} in the SELECT list`,
            key.offset,
          );
        }
        if (query.groupBy.length > 1) {
          throw new InvalidExpressionError(
            `when ORDER BY uses an aggregate, GROUP BY may name only 1 property (found ${query.groupBy.length})`,
            key.offset,
          );
        }
      } else if (query.grouped && !groupPaths.has(key.path)) {
        throw new InvalidExpressionError(
          `ORDER BY '${key.path}' must name a GROUP BY property or a selected aggregate`,
          key.offset,
        );
      }
    }
  }

  private isFunctionCall(): boolean {
    const token = this.peek();
    const after = this.tokens[this.pos + 1];
    return token.kind === 'word' && after?.kind === 'punct' && after.text === '(';
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  private acceptKeyword(word: string): boolean {
    if (!isKeyword(this.peek(), word)) return false;
    this.pos++;
    return true;
  }

  private acceptPunct(text: string): boolean {
    const token = this.peek();
    if (token.kind !== 'punct' || token.text !== text) return false;
    this.pos++;
    return true;
  }

  private expectKeyword(word: string, context: string): void {
    const token = this.peek();
    if (!this.acceptKeyword(word))
      throw this.error(`expected ${word} ${context}, found ${describe(token)}`, token);
  }

  private expectPunct(text: string, context: string): void {
    const token = this.peek();
    if (!this.acceptPunct(text))
      throw this.error(`expected '${text}' ${context}, found ${describe(token)}`, token);
  }

  private error(message: string, token: Token): InvalidExpressionError {
    return new InvalidExpressionError(message, token.offset);
  }
}
