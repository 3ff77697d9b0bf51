// The parsed form of an advanced query: select list, condition tree, grouping and ordering.

/** How a property's values compare: plain JSON values, IP addresses, or CIDR blocks (as address ranges). */
export type PropertyType = 'plain' | 'ip' | 'cidr_block';

/** A dotted property path as written, e.g. `configuration.state.value`. */
export interface PropertyRef {
  kind: 'property';
  path: string;
  segments: string[];
  type: PropertyType;
  offset: number;
}

export type AggregateFunction = 'COUNT' | 'MIN' | 'MAX' | 'SUM' | 'AVG';

/** An aggregate column; `name` is its output column name, e.g. `COUNT(*)`, `SUM(configuration.size)`. */
export interface AggregateRef {
  kind: 'aggregate';
  fn: AggregateFunction;
  /** The property aggregated, or `*` (COUNT only). */
  arg: PropertyRef | '*';
  name: string;
  offset: number;
}

export type SelectItem = PropertyRef | AggregateRef;

export type Literal =
  | { type: 'string'; value: string; offset: number }
  | { type: 'number'; value: number; offset: number }
  | { type: 'boolean'; value: boolean; offset: number };

/** A LIKE pattern, already checked: a literal prefix then only wildcards. */
export interface LikePattern {
  text: string;
  prefix: string;
  /** Number of `_` after the prefix: each needs exactly one more character. */
  singles: number;
  /** Whether a `%` follows the prefix (any number of further characters). */
  open: boolean;
}

export type Condition =
  | { kind: 'and'; left: Condition; right: Condition }
  | { kind: 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'compare'; op: '=' | '<' | '>'; property: PropertyRef; value: Literal }
  | { kind: 'in'; property: PropertyRef; values: Literal[] }
  | { kind: 'between'; property: PropertyRef; low: Literal; high: Literal }
  | { kind: 'like'; property: PropertyRef; pattern: LikePattern };

export interface OrderItem {
  key: PropertyRef | AggregateRef;
  descending: boolean;
}

/** A checked query, ready to run. `select` is `'*'` for `SELECT *`. */
export interface ParsedQuery {
  expression: string;
  select: '*' | SelectItem[];
  where: Condition | undefined;
  groupBy: PropertyRef[];
  orderBy: OrderItem[];
  /** True when the query aggregates (an aggregate column or a GROUP BY): one row per group. */
  grouped: boolean;
}
