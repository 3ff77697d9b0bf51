// Organizations ListAccounts: every account of the organisation, in pages of MaxResults (1-20, default 20),
// only from the management account.

import { pageOf } from '../../page-tokens.js';
import type { OperationContext } from '../../service-definition.js';
import { AwsServiceError } from '../../service-error.js';

/** Default and largest page of ListAccounts. */
export const LIST_ACCOUNTS_PAGE = 20;

/** One page of accounts. */
export function listAccounts(input: Record<string, unknown>, ctx: OperationContext) {
  const org = ctx.world.organization;
  if (ctx.caller.accountId !== org.managementAccountId) {
    throw new AwsServiceError(
      'AccessDeniedException',
      "You don't have permissions to access this resource. This operation can be called only from the organization's management account.",
    );
  }
  const all = [...ctx.world.accounts.values()];
  const page = pageOf(all, {
    tokens: ctx.tokens,
    scope: `organizations/ListAccounts/${ctx.caller.accountId}`,
    nextToken: input.NextToken,
    pageSize: typeof input.MaxResults === 'number' ? input.MaxResults : LIST_ACCOUNTS_PAGE,
    invalid: () =>
      new AwsServiceError('InvalidInputException', 'The provided pagination token is not valid.', {
        fields: { Reason: 'INVALID_NEXT_TOKEN' },
      }),
  });
  return {
    Accounts: page.items.map((a) => ({
      Id: a.id,
      Arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${a.id}`,
      Email: a.email,
      Name: a.name,
      Status: a.status === 'CLOSED' ? 'SUSPENDED' : a.status,
      State: a.status,
      JoinedMethod: a.joinedMethod,
      JoinedTimestamp: a.joinedAt,
    })),
    NextToken: page.nextToken,
  };
}
