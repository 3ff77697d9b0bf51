// AWS Config rules over the wire: listing and paging rules, batching limits, compliance derived from
// evaluations, per-resource details, evaluation health, recorder state, and live changes to the world.

import {
  type ConfigServiceClient,
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRuleEvaluationStatusCommand,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
  GetComplianceDetailsByConfigRuleCommand,
  InvalidNextTokenException,
  NoSuchConfigRuleException,
  NoSuchConfigurationRecorderException,
  paginateDescribeConfigRules,
  paginateGetComplianceDetailsByConfigRule,
  SelectResourceConfigCommand,
  ValidationException,
} from '@aws-sdk/client-config-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { configIn, FAILING_BUCKETS, failure, MGMT, PROD, TEST_RULES, testWorld } from './emulator-fixture.js';

describe('AWS Config rules and compliance', () => {
  let emu: Emulator;
  let mgmt: ConfigServiceClient;
  let prod: ConfigServiceClient;
  let prodEu: ConfigServiceClient;

  beforeAll(async () => {
    emu = await startEmulator({ world: testWorld() });
    mgmt = await configIn(emu, MGMT);
    prod = await configIn(emu, PROD);
    prodEu = await configIn(emu, PROD, 'eu-west-1');
  });
  afterAll(async () => {
    for (const c of [mgmt, prod, prodEu]) c.destroy();
    await emu.close();
  });

  it('pages DescribeConfigRules 25 at a time', async () => {
    const pages = [];
    for await (const page of paginateDescribeConfigRules({ client: mgmt }, {}))
      pages.push(page.ConfigRules ?? []);
    expect(pages.map((p) => p.length)).toEqual([25, 5]);
    const rules = pages.flat();
    expect(rules.map((r) => r.Source?.SourceIdentifier).sort()).toEqual([...TEST_RULES].sort());
    const volumes = rules.find((r) => r.ConfigRuleName === 'encrypted-volumes');
    expect(volumes).toMatchObject({
      Source: { Owner: 'AWS', SourceIdentifier: 'ENCRYPTED_VOLUMES' },
      ConfigRuleState: 'ACTIVE',
      Scope: { ComplianceResourceTypes: ['AWS::EC2::Volume'] },
    });
    expect(volumes?.ConfigRuleArn).toMatch(
      /^arn:aws:config:us-east-1:111111111111:config-rule\/config-rule-/,
    );
  });

  it('filters rules by name and rejects unknown names with NoSuchConfigRuleException', async () => {
    const out = await mgmt.send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['iam-password-policy'] }));
    expect(out.ConfigRules?.map((r) => r.ConfigRuleName)).toEqual(['iam-password-policy']);
    const err = await failure(
      mgmt.send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['no-such-rule'] })),
    );
    expect(err).toBeInstanceOf(NoSuchConfigRuleException);
    expect(err.message).toContain("'no-such-rule'");
  });

  it('refuses more than 25 rule names per call, as the model says', async () => {
    const names = TEST_RULES.map((r) => r.toLowerCase().replace(/_/g, '-'));
    expect(names.length).toBeGreaterThan(25);
    const err = await failure(
      mgmt.send(new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: names })),
    );
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.message).toContain('Member must have length less than or equal to 25');
    const ok = await mgmt.send(
      new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: names.slice(0, 25) }),
    );
    expect(ok.ComplianceByConfigRules).toHaveLength(25);
  });

  it('derives each rule compliance from its evaluations', async () => {
    const out = await mgmt.send(
      new DescribeComplianceByConfigRuleCommand({
        ConfigRuleNames: ['encrypted-volumes', 'iam-password-policy', 's3-bucket-versioning-enabled'],
      }),
    );
    expect(out.ComplianceByConfigRules).toEqual([
      {
        ConfigRuleName: 'encrypted-volumes',
        Compliance: {
          ComplianceType: 'NON_COMPLIANT',
          ComplianceContributorCount: { CappedCount: 1, CapExceeded: false },
        },
      },
      { ConfigRuleName: 'iam-password-policy', Compliance: { ComplianceType: 'COMPLIANT' } },
      { ConfigRuleName: 's3-bucket-versioning-enabled', Compliance: { ComplianceType: 'COMPLIANT' } },
    ]);
    const capped = await prod.send(
      new DescribeComplianceByConfigRuleCommand({
        ConfigRuleNames: ['s3-bucket-versioning-enabled'],
        ComplianceTypes: ['NON_COMPLIANT'],
      }),
    );
    expect(capped.ComplianceByConfigRules?.[0]?.Compliance?.ComplianceContributorCount).toEqual({
      CappedCount: 100,
      CapExceeded: true,
    });
    const onlyFailing = await mgmt.send(
      new DescribeComplianceByConfigRuleCommand({ ComplianceTypes: ['NON_COMPLIANT'] }),
    );
    expect(onlyFailing.ComplianceByConfigRules?.map((c) => c.ConfigRuleName)).toEqual(['encrypted-volumes']);
  });

  it('reports INSUFFICIENT_DATA for a rule with no evaluations and for one whose evaluations are all NOT_APPLICABLE, as AWS does (no rule-level NOT_APPLICABLE)', async () => {
    const region = emu.world.region(MGMT, 'us-east-1');
    const rule = region?.rules.find((r) => r.name === 'rds-storage-encrypted');
    expect(rule?.evaluations).toEqual([]);
    const before = await mgmt.send(
      new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: ['rds-storage-encrypted'] }),
    );
    expect(before.ComplianceByConfigRules?.[0]?.Compliance?.ComplianceType).toBe('INSUFFICIENT_DATA');
    rule?.evaluations.push({
      resourceType: 'AWS::RDS::DBInstance',
      resourceId: 'db-1',
      compliance: 'NOT_APPLICABLE',
      recordedAt: new Date('2025-05-01T00:00:00Z'),
    });
    const after = await mgmt.send(
      new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: ['rds-storage-encrypted'] }),
    );
    // The Compliance data type "does not support the NOT_APPLICABLE value" (the Config model).
    expect(after.ComplianceByConfigRules?.[0]?.Compliance?.ComplianceType).toBe('INSUFFICIENT_DATA');
    rule?.evaluations.push({
      resourceType: 'AWS::RDS::DBInstance',
      resourceId: 'db-2',
      compliance: 'COMPLIANT',
      recordedAt: new Date('2025-05-01T00:00:00Z'),
    });
    const compliant = await mgmt.send(
      new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: ['rds-storage-encrypted'] }),
    );
    expect(compliant.ComplianceByConfigRules?.[0]?.Compliance?.ComplianceType).toBe('COMPLIANT');
  });

  it('pages GetComplianceDetailsByConfigRule (default 10, Limit up to 100) with qualifiers and annotations', async () => {
    const first = await prod.send(
      new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 's3-bucket-versioning-enabled' }),
    );
    expect(first.EvaluationResults).toHaveLength(10);
    expect(first.EvaluationResults?.[0]).toMatchObject({
      EvaluationResultIdentifier: {
        EvaluationResultQualifier: {
          ConfigRuleName: 's3-bucket-versioning-enabled',
          ResourceType: 'AWS::S3::Bucket',
          ResourceId: 'bucket-000',
        },
      },
      ComplianceType: 'NON_COMPLIANT',
      Annotation: 'versioning off',
      ResultRecordedTime: new Date('2025-04-30T23:50:00Z'),
    });
    const ids: string[] = [];
    let pages = 0;
    for await (const page of paginateGetComplianceDetailsByConfigRule(
      { client: prod },
      { ConfigRuleName: 's3-bucket-versioning-enabled', ComplianceTypes: ['NON_COMPLIANT'], Limit: 100 },
    )) {
      pages++;
      for (const r of page.EvaluationResults ?? [])
        ids.push(String(r.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId));
    }
    expect(pages).toBe(2);
    expect(ids).toHaveLength(FAILING_BUCKETS);
    expect(new Set(ids).size).toBe(FAILING_BUCKETS);

    const compliantOnly = await mgmt.send(
      new GetComplianceDetailsByConfigRuleCommand({
        ConfigRuleName: 'encrypted-volumes',
        ComplianceTypes: ['COMPLIANT'],
      }),
    );
    expect(
      compliantOnly.EvaluationResults?.map(
        (r) => r.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId,
      ),
    ).toEqual(['vol-1', 'vol-3']);
  });

  it('rejects Limit above 100, an unknown rule and a token from another query', async () => {
    const tooBig = await failure(
      prod.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'x', Limit: 101 })),
    );
    expect(tooBig).toBeInstanceOf(ValidationException);
    const unknown = await failure(
      prod.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'nope' })),
    );
    expect(unknown).toBeInstanceOf(NoSuchConfigRuleException);
    const first = await prod.send(
      new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 's3-bucket-versioning-enabled' }),
    );
    const reused = await failure(
      prod.send(
        new GetComplianceDetailsByConfigRuleCommand({
          ConfigRuleName: 'encrypted-volumes',
          NextToken: first.NextToken,
        }),
      ),
    );
    expect(reused).toBeInstanceOf(InvalidNextTokenException);
    const otherAccount = await failure(
      mgmt.send(
        new GetComplianceDetailsByConfigRuleCommand({
          ConfigRuleName: 's3-bucket-versioning-enabled',
          NextToken: first.NextToken,
        }),
      ),
    );
    expect(otherAccount).toBeInstanceOf(InvalidNextTokenException);
  });

  it('reports a rule whose latest evaluation failed', async () => {
    const out = await prod.send(
      new DescribeConfigRuleEvaluationStatusCommand({
        ConfigRuleNames: ['cloud-trail-encryption-enabled', 'encrypted-volumes'],
      }),
    );
    const [trail, volumes] = out.ConfigRulesEvaluationStatus ?? [];
    expect(trail).toMatchObject({
      ConfigRuleName: 'cloud-trail-encryption-enabled',
      LastErrorCode: 'AccessDenied',
    });
    expect(
      (trail?.LastFailedEvaluationTime?.getTime() ?? 0) >
        (trail?.LastSuccessfulEvaluationTime?.getTime() ?? 0),
    ).toBe(true);
    expect(volumes?.LastFailedEvaluationTime).toBeUndefined();
    expect(volumes?.LastSuccessfulEvaluationTime).toBeInstanceOf(Date);
  });

  it('shows a region whose recorder is off: not recording, no rules, nothing to query', async () => {
    const status = await prodEu.send(new DescribeConfigurationRecorderStatusCommand({}));
    expect(status.ConfigurationRecordersStatus).toEqual([
      expect.objectContaining({ name: 'default', recording: false }),
    ]);
    expect((await prodEu.send(new DescribeConfigRulesCommand({}))).ConfigRules).toEqual([]);
    expect(
      (await prodEu.send(new DescribeComplianceByConfigRuleCommand({}))).ComplianceByConfigRules,
    ).toEqual([]);
    const rows = await prodEu.send(
      new SelectResourceConfigCommand({
        Expression: "SELECT resourceId WHERE resourceType = 'AWS::EC2::Volume'",
      }),
    );
    expect(rows.Results).toEqual([]);
    const recording = await prod.send(new DescribeConfigurationRecorderStatusCommand({}));
    expect(recording.ConfigurationRecordersStatus?.[0]).toMatchObject({
      recording: true,
      lastStatus: 'Success',
    });
  });

  it('answers for a region with no recorder at all, and follows live changes to the world', async () => {
    const region = emu.world.region(MGMT, 'eu-west-1');
    if (!region) throw new Error('no region');
    region.recorder = 'none';
    const mgmtEu = await configIn(emu, MGMT, 'eu-west-1');
    expect((await mgmtEu.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders).toEqual(
      [],
    );
    expect(
      (await mgmtEu.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus,
    ).toEqual([]);
    const err = await failure(
      mgmtEu.send(new DescribeConfigurationRecordersCommand({ ConfigurationRecorderNames: ['default'] })),
    );
    expect(err).toBeInstanceOf(NoSuchConfigurationRecorderException);
    region.recorder = 'on';
    expect(
      (await mgmtEu.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders?.[0]?.name,
    ).toBe('default');
    mgmtEu.destroy();
  });
});
