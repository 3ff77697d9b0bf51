// Public face of the AWS Config advanced-query engine used by the emulator's Select(Aggregate)ResourceConfig.

export type {
  AggregateFunction,
  AggregateRef,
  Condition,
  LikePattern,
  Literal,
  OrderItem,
  ParsedQuery,
  PropertyRef,
  PropertyType,
  SelectItem,
} from './ast.js';
export type { ConfigurationItem } from './configuration-item.js';
export { InvalidExpressionError } from './invalid-expression-error.js';
export { MAX_EXPRESSION_LENGTH, MAX_GROUP_BY, parseConfigQuery } from './parse.js';
export { STAR_PROPERTIES } from './property-paths.js';
export { type ConfigQueryResult, runConfigQuery, runParsedQuery } from './run-config-query.js';
