// Organizations DescribeOrganization: answered to any account of the organisation, as AWS does.

import type { OperationContext } from '../../service-definition.js';
import { AwsServiceError } from '../../service-error.js';

/** The organisation the caller's account belongs to. */
export function describeOrganization(_input: Record<string, unknown>, ctx: OperationContext) {
  if (!ctx.world.accounts.has(ctx.caller.accountId)) {
    throw new AwsServiceError(
      'AWSOrganizationsNotInUseException',
      'Your account is not a member of an organization.',
    );
  }
  const org = ctx.world.organization;
  const mgmt = ctx.world.managementAccount();
  return {
    Organization: {
      Id: org.id,
      Arn: org.arn,
      FeatureSet: org.featureSet,
      MasterAccountArn: `arn:aws:organizations::${mgmt.id}:account/${org.id}/${mgmt.id}`,
      MasterAccountId: mgmt.id,
      MasterAccountEmail: mgmt.email,
      AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    },
  };
}
