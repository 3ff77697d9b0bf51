// Configuration aggregators of the caller's account-region: DescribeConfigurationAggregators,
// DescribeConfigurationAggregatorSourcesStatus, and finding an aggregator by name for the aggregate calls.

import { pageOf } from '../../page-tokens.js';
import type { OperationContext } from '../../service-definition.js';
import { AwsServiceError } from '../../service-error.js';
import type { AggregatorState } from '../../world/world-state.js';
import { invalidNextToken, pageSize, regionState, tokenScope } from './config-scope.js';

/** Default and largest page of both describe calls (Limit 0..100, "the default is maximum"). */
export const AGGREGATORS_PAGE = 100;

/** The named aggregator of the caller's account-region, or NoSuchConfigurationAggregatorException. */
export function findAggregator(ctx: OperationContext, name: string): AggregatorState {
  const agg = ctx.world.aggregators.find(
    (a) => a.name === name && a.accountId === ctx.caller.accountId && a.region === ctx.region,
  );
  if (!agg) {
    throw new AwsServiceError(
      'NoSuchConfigurationAggregatorException',
      `The configuration aggregator '${name}' does not exist. Check the configuration aggregator name and try again.`,
    );
  }
  return agg;
}

/** The aggregators the caller's account has in this region. */
export function describeConfigurationAggregators(input: Record<string, unknown>, ctx: OperationContext) {
  const names = Array.isArray(input.ConfigurationAggregatorNames)
    ? (input.ConfigurationAggregatorNames as string[])
    : [];
  const aggregators = names.length
    ? names.map((n) => findAggregator(ctx, n))
    : ctx.world.aggregators.filter((a) => a.accountId === ctx.caller.accountId && a.region === ctx.region);
  const page = pageOf(aggregators, {
    tokens: ctx.tokens,
    scope: tokenScope(ctx, { names }),
    nextToken: input.NextToken,
    pageSize: pageSize(input.Limit, AGGREGATORS_PAGE),
    invalid: invalidNextToken,
  });
  return {
    ConfigurationAggregators: page.items.map(describeAggregator),
    NextToken: page.nextToken,
  };
}

function describeAggregator(a: AggregatorState) {
  const regions = a.regions ? { AwsRegions: a.regions, AllAwsRegions: false } : { AllAwsRegions: true };
  return {
    ConfigurationAggregatorName: a.name,
    ConfigurationAggregatorArn: a.arn,
    ...(a.organization
      ? {
          OrganizationAggregationSource: {
            RoleArn: `arn:aws:iam::${a.accountId}:role/service-role/AWSConfigRoleForOrganizations`,
            ...regions,
          },
        }
      : { AccountAggregationSources: [{ AccountIds: a.accounts, ...regions }] }),
    CreationTime: a.createdAt,
    LastUpdatedTime: a.createdAt,
    CreatedBy: undefined,
  };
}

/** Per source account × region: did the aggregator collect from it (recorder on) or not. */
export function describeConfigurationAggregatorSourcesStatus(
  input: Record<string, unknown>,
  ctx: OperationContext,
) {
  const agg = findAggregator(ctx, String(input.ConfigurationAggregatorName));
  const wanted = Array.isArray(input.UpdateStatus) ? (input.UpdateStatus as string[]) : [];
  const updated = new Date(ctx.world.time.getTime() - 20 * 60_000);
  const rows = ctx.world
    .aggregatorSources(agg)
    .map(({ accountId, region }) => {
      const ok = regionState(ctx, accountId, region).recorder === 'on';
      return {
        SourceId: accountId,
        SourceType: agg.organization ? 'ORGANIZATION' : 'ACCOUNT',
        AwsRegion: region,
        LastUpdateStatus: ok ? 'SUCCEEDED' : 'FAILED',
        LastUpdateTime: updated,
        LastErrorCode: ok ? undefined : 'NoAvailableConfigurationRecorder',
        LastErrorMessage: ok ? undefined : 'The source has no running configuration recorder in this region.',
      };
    })
    .filter((r) => wanted.length === 0 || wanted.includes(r.LastUpdateStatus));
  const page = pageOf(rows, {
    tokens: ctx.tokens,
    scope: tokenScope(ctx, { name: agg.name, wanted }),
    nextToken: input.NextToken,
    pageSize: pageSize(input.Limit, AGGREGATORS_PAGE),
    invalid: invalidNextToken,
  });
  return { AggregatedSourceStatusList: page.items, NextToken: page.nextToken };
}
