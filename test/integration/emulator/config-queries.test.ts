// Advanced queries, aggregators and conformance packs over the wire, answered from the world's resources.

import {
  type ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  DescribeConfigurationAggregatorsCommand,
  DescribeConformancePackComplianceCommand,
  DescribeConformancePacksCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  InvalidExpressionException,
  NoSuchConfigurationAggregatorException,
  NoSuchConformancePackException,
  paginateSelectResourceConfig,
  SelectAggregateResourceConfigCommand,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { configIn, DENIED, failure, MGMT, PROD, testWorld } from './emulator-fixture.js';

describe('AWS Config advanced queries, aggregators and conformance packs', () => {
  let emu: Emulator;
  let mgmt: ConfigServiceClient;

  beforeAll(async () => {
    emu = await startEmulator({ world: testWorld() });
    mgmt = await configIn(emu, MGMT);
  });
  afterAll(async () => {
    mgmt.destroy();
    await emu.close();
  });

  it('runs SelectResourceConfig over the account-region items and returns JSON-string rows', async () => {
    const out = await mgmt.send(
      new SelectResourceConfigCommand({
        Expression:
          "SELECT resourceId, configuration.size WHERE resourceType = 'AWS::EC2::Volume' AND configuration.encrypted = false",
      }),
    );
    expect(out.QueryInfo?.SelectFields).toEqual([{ Name: 'resourceId' }, { Name: 'configuration.size' }]);
    expect(out.Results?.map((r) => JSON.parse(r))).toEqual([
      { resourceId: 'vol-2', configuration: { size: 100 } },
    ]);
    expect(out.NextToken).toBeUndefined();
  });

  it('pages query results by Limit with next tokens', async () => {
    const ids: string[] = [];
    const sizes: number[] = [];
    for await (const page of paginateSelectResourceConfig(
      { client: mgmt },
      {
        Expression: "SELECT resourceId WHERE resourceType = 'AWS::EC2::Volume' ORDER BY resourceId",
        Limit: 2,
      },
    )) {
      sizes.push(page.Results?.length ?? 0);
      for (const r of page.Results ?? []) ids.push(JSON.parse(r).resourceId);
    }
    expect(sizes).toEqual([2, 1]);
    expect(ids).toEqual(['vol-1', 'vol-2', 'vol-3']);
  });

  it('answers aggregates, and the compliance items AWS Config records about itself', async () => {
    const count = await mgmt.send(
      new SelectResourceConfigCommand({
        Expression: "SELECT COUNT(*) WHERE resourceType = 'AWS::EC2::Volume'",
      }),
    );
    expect(count.Results?.map((r) => JSON.parse(r))).toEqual([{ 'COUNT(*)': 3 }]);
    const failing = await mgmt.send(
      new SelectResourceConfigCommand({
        Expression:
          "SELECT configuration.targetResourceId WHERE resourceType = 'AWS::Config::ResourceCompliance' AND configuration.complianceType = 'NON_COMPLIANT'",
      }),
    );
    expect(failing.Results?.map((r) => JSON.parse(r))).toEqual([
      { configuration: { targetResourceId: 'vol-2' } },
    ]);
  });

  it('rejects an invalid expression with InvalidExpressionException', async () => {
    const err = await failure(
      mgmt.send(new SelectResourceConfigCommand({ Expression: 'SELECT resourceId FROM resources' })),
    );
    expect(err).toBeInstanceOf(InvalidExpressionException);
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('describes aggregators and their sources; unknown names are refused', async () => {
    const out = await mgmt.send(new DescribeConfigurationAggregatorsCommand({}));
    expect(out.ConfigurationAggregators?.map((a) => a.ConfigurationAggregatorName)).toEqual([
      'org-aggregator',
      'pair',
    ]);
    expect(out.ConfigurationAggregators?.[0]?.OrganizationAggregationSource).toMatchObject({
      AllAwsRegions: true,
    });
    expect(out.ConfigurationAggregators?.[1]?.AccountAggregationSources).toEqual([
      { AccountIds: [MGMT, PROD], AwsRegions: ['us-east-1'], AllAwsRegions: false },
    ]);
    const err = await failure(
      mgmt.send(new DescribeConfigurationAggregatorsCommand({ ConfigurationAggregatorNames: ['nope'] })),
    );
    expect(err).toBeInstanceOf(NoSuchConfigurationAggregatorException);

    const sources = await mgmt.send(
      new DescribeConfigurationAggregatorSourcesStatusCommand({
        ConfigurationAggregatorName: 'org-aggregator',
        UpdateStatus: ['FAILED'],
      }),
    );
    expect(sources.AggregatedSourceStatusList?.map((s) => [s.SourceId, s.AwsRegion])).toEqual([
      [PROD, 'eu-west-1'],
    ]);
  });

  it('aggregates compliance across accounts and regions, with filters', async () => {
    const out = await mgmt.send(
      new DescribeAggregateComplianceByConfigRulesCommand({
        ConfigurationAggregatorName: 'org-aggregator',
        Filters: { ConfigRuleName: 'encrypted-volumes' },
      }),
    );
    const rows = out.AggregateComplianceByConfigRules?.map((r) => [
      r.AccountId,
      r.AwsRegion,
      r.Compliance?.ComplianceType,
    ]);
    // Production eu-west-1 does not record; the denied account is aggregated like any other organisation member.
    expect(rows).toEqual([
      [MGMT, 'us-east-1', 'NON_COMPLIANT'],
      [MGMT, 'eu-west-1', 'COMPLIANT'],
      [PROD, 'us-east-1', 'COMPLIANT'],
      [DENIED, 'us-east-1', 'INSUFFICIENT_DATA'],
      [DENIED, 'eu-west-1', 'INSUFFICIENT_DATA'],
    ]);
    const failing = await mgmt.send(
      new DescribeAggregateComplianceByConfigRulesCommand({
        ConfigurationAggregatorName: 'pair',
        Filters: { ComplianceType: 'NON_COMPLIANT' },
      }),
    );
    expect(failing.AggregateComplianceByConfigRules?.map((r) => [r.AccountId, r.ConfigRuleName])).toEqual([
      [MGMT, 'encrypted-volumes'],
      [PROD, 's3-bucket-versioning-enabled'],
    ]);
    const details = await mgmt.send(
      new GetAggregateComplianceDetailsByConfigRuleCommand({
        ConfigurationAggregatorName: 'org-aggregator',
        ConfigRuleName: 'encrypted-volumes',
        AccountId: MGMT,
        AwsRegion: 'us-east-1',
        ComplianceType: 'NON_COMPLIANT',
      }),
    );
    expect(details.AggregateEvaluationResults).toEqual([
      expect.objectContaining({
        AccountId: MGMT,
        AwsRegion: 'us-east-1',
        ComplianceType: 'NON_COMPLIANT',
        Annotation: 'not encrypted',
      }),
    ]);
  });

  it('queries every source of an aggregator with SelectAggregateResourceConfig', async () => {
    const out = await mgmt.send(
      new SelectAggregateResourceConfigCommand({
        ConfigurationAggregatorName: 'org-aggregator',
        Expression:
          "SELECT resourceId, accountId, awsRegion WHERE resourceType = 'AWS::EC2::Volume' ORDER BY resourceId",
      }),
    );
    expect(out.Results?.map((r) => JSON.parse(r))).toEqual([
      { resourceId: 'vol-1', accountId: MGMT, awsRegion: 'us-east-1' },
      { resourceId: 'vol-2', accountId: MGMT, awsRegion: 'us-east-1' },
      { resourceId: 'vol-3', accountId: MGMT, awsRegion: 'us-east-1' },
      { resourceId: 'vol-eu', accountId: MGMT, awsRegion: 'eu-west-1' },
      { resourceId: 'vol-prod', accountId: PROD, awsRegion: 'us-east-1' },
    ]);
    const prodOnly = await configIn(emu, PROD);
    const err = await failure(
      prodOnly.send(
        new SelectAggregateResourceConfigCommand({
          ConfigurationAggregatorName: 'org-aggregator',
          Expression: 'SELECT resourceId',
        }),
      ),
    );
    expect(err).toBeInstanceOf(NoSuchConfigurationAggregatorException);
    prodOnly.destroy();
  });

  it('describes conformance packs and their per-rule compliance', async () => {
    const packs = await mgmt.send(new DescribeConformancePacksCommand({}));
    expect(packs.ConformancePackDetails?.map((p) => p.ConformancePackName)).toEqual(['Test-Pack']);
    const out = await mgmt.send(
      new DescribeConformancePackComplianceCommand({ ConformancePackName: 'Test-Pack' }),
    );
    expect(out.ConformancePackRuleComplianceList?.map((r) => [r.ConfigRuleName, r.ComplianceType])).toEqual([
      ['encrypted-volumes', 'NON_COMPLIANT'],
      ['iam-password-policy', 'COMPLIANT'],
      ['s3-bucket-versioning-enabled', 'COMPLIANT'],
    ]);
    const err = await failure(
      mgmt.send(new DescribeConformancePackComplianceCommand({ ConformancePackName: 'Other' })),
    );
    expect(err).toBeInstanceOf(NoSuchConformancePackException);
  });
});
