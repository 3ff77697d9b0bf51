// STS GetCallerIdentity: who the signing credentials belong to.

import type { OperationContext } from '../../service-definition.js';

/** The caller's user id, account and ARN. */
export function getCallerIdentity(_input: Record<string, unknown>, ctx: OperationContext) {
  return { UserId: ctx.caller.userId, Account: ctx.caller.accountId, Arn: ctx.caller.arn };
}
