// STS AssumeRole: temporary credentials for a role in a world account. Refused (AccessDenied, 403) when the
// account is unknown or not ACTIVE, the role does not exist, or the world marks the account as denying it.
// The credentials live for the world's lifetime setting when it has one, else the requested duration.

import type { OperationContext } from '../../service-definition.js';
import { AwsServiceError } from '../../service-error.js';

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;

/** Assume `RoleArn` as the caller. */
export function assumeRole(input: Record<string, unknown>, ctx: OperationContext) {
  const roleArn = String(input.RoleArn);
  const sessionName = String(input.RoleSessionName);
  const match = ROLE_ARN.exec(roleArn);
  if (!match)
    throw new AwsServiceError('ValidationError', `${roleArn} is not a valid role ARN`, { status: 400 });
  const [, accountId = '', roleName = ''] = match;
  const account = ctx.world.accounts.get(accountId);
  const allowed =
    account !== undefined &&
    account.status === 'ACTIVE' &&
    account.assumeRole === 'allow' &&
    account.roles.has(roleName);
  if (!allowed) {
    throw new AwsServiceError(
      'AccessDenied',
      `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      { status: 403 },
    );
  }
  const requested = typeof input.DurationSeconds === 'number' ? input.DurationSeconds : 3600;
  const lifetime = account.credentialLifetimeSeconds ?? ctx.world.credentialLifetimeSeconds ?? requested;
  const now = ctx.clock.now().getTime();
  // AWS states expirations to the second.
  const expiration = new Date(Math.floor((now + lifetime * 1000) / 1000) * 1000);
  const issued = ctx.credentials.issueRoleSession(accountId, roleName, sessionName, expiration);
  return {
    Credentials: {
      AccessKeyId: issued.accessKeyId,
      SecretAccessKey: issued.secretAccessKey,
      SessionToken: issued.sessionToken,
      Expiration: expiration,
    },
    AssumedRoleUser: { AssumedRoleId: issued.principal.userId, Arn: issued.principal.arn },
  };
}
