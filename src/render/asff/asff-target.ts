// Where a run's ASFF findings belong: the account and region they are imported into and the product ARN they
// carry. BatchImportFindings with the default product ARN must be called by the account the finding names
// (AwsAccountId), so the file is rendered for that one account: the profile's Security Hub administrator in
// its aggregation region when it names one, else the account the run ran as, in the first region of scope.

import type { Profile } from '../../catalog/types.js';
import type { RunMetadata } from '../../core/run-result.js';

export interface AsffTarget {
  accountId: string;
  region: string;
  partition: string;
  /** `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`: the account's own custom product. */
  productArn: string;
  /** Why this account and region. */
  source: 'securityhub-administrator' | 'caller';
}

/** The AWS partition of a region name. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/** The target of a run's findings; undefined when the run does not say which account it ran as (old results). */
export function asffTarget(profile: Profile, run: Pick<RunMetadata, 'scope'>): AsffTarget | undefined {
  const hub = profile.scope.securityHub;
  const accountId = hub?.administrator ?? run.scope.callerAccountId;
  const region = hub?.aggregationRegion ?? run.scope.regions[0] ?? profile.scope.regions[0];
  if (!accountId || !region) return undefined;
  const partition = partitionOf(region);
  return {
    accountId,
    region,
    partition,
    productArn: `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`,
    source: hub ? 'securityhub-administrator' : 'caller',
  };
}
