// Run an advanced query over configuration items and cut one page of results, as SelectResourceConfig and
// SelectAggregateResourceConfig answer: JSON-string rows, the select fields, an opaque next token.

import { type ConfigurationItem, InvalidExpressionError, runConfigQuery } from '../../config-query/index.js';
import { pageOf } from '../../page-tokens.js';
import type { OperationContext } from '../../service-definition.js';
import { AwsServiceError } from '../../service-error.js';
import { invalidNextToken, pageSize, tokenScope } from './config-scope.js';

/** Default page of a plain query (AWS documents 25) and of a query with aggregates (500). */
export const SELECT_DEFAULT_PAGE = 25;
export const SELECT_AGGREGATE_DEFAULT_PAGE = 500;

/** One page of query results. */
export function selectPage(
  ctx: OperationContext,
  expression: string,
  items: Iterable<ConfigurationItem>,
  limit: unknown,
  nextToken: unknown,
  scope: Record<string, unknown>,
) {
  let result: ReturnType<typeof runConfigQuery>;
  try {
    result = runConfigQuery(expression, items);
  } catch (err) {
    if (err instanceof InvalidExpressionError)
      throw new AwsServiceError('InvalidExpressionException', err.message);
    throw err;
  }
  const aggregated = result.selectFields.some((f) => f.Name.includes('('));
  const fallback = aggregated ? SELECT_AGGREGATE_DEFAULT_PAGE : SELECT_DEFAULT_PAGE;
  const page = pageOf(result.rows, {
    tokens: ctx.tokens,
    scope: tokenScope(ctx, { ...scope, expression }),
    nextToken,
    // A query ordered by an aggregate cannot be paginated: AWS returns it whole.
    pageSize: result.paginatable ? pageSize(limit, fallback) : Math.max(1, result.rows.length),
    invalid: invalidNextToken,
  });
  return {
    Results: page.items.map((row) => JSON.stringify(row)),
    QueryInfo: { SelectFields: result.selectFields },
    NextToken: page.nextToken,
  };
}
