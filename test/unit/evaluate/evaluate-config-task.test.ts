import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/catalog/types.js';
import { fixedClock } from '../../../src/core/clock.js';
import { evaluateTask } from '../../../src/evaluate/index.js';
import type { ConfigTask } from '../../../src/plan/types.js';
import { failed, ok } from '../../support/evidence.js';

const ctx = { clock: fixedClock('2026-11-29T00:00:00Z'), catalog: {} as Catalog, maxResources: 2 };
const task: ConfigTask = {
  id: 'config/111111111111/us-east-1',
  kind: 'config',
  accountId: '111111111111',
  region: 'us-east-1',
  rules: [
    'ENCRYPTED_VOLUMES',
    'RDS_STORAGE_ENCRYPTED',
    'S3_BUCKET_VERSIONING_ENABLED',
    'VPC_FLOW_LOGS_ENABLED',
    'IAM_PASSWORD_POLICY',
  ],
  queries: [
    {
      queryId: 'public-rds',
      expression: "SELECT resourceId WHERE resourceType = 'AWS::RDS::DBInstance'",
      expect: 'none',
      global: false,
    },
    {
      queryId: 'trails',
      expression: "SELECT resourceId WHERE resourceType = 'AWS::CloudTrail::Trail'",
      expect: 'some',
      global: true,
    },
  ],
};
const recording = ok('DescribeConfigurationRecorderStatus', {
  ConfigurationRecordersStatus: [{ name: 'default', recording: true }],
});
const rule = (name: string, id: string) => ({
  ConfigRuleName: name,
  ConfigRuleState: 'ACTIVE',
  Source: { Owner: 'AWS', SourceIdentifier: id },
});
const listing = ok('DescribeConfigRules', {
  ConfigRules: [
    rule('encrypted-volumes', 'ENCRYPTED_VOLUMES'),
    rule('rds-storage-encrypted', 'RDS_STORAGE_ENCRYPTED'),
    rule('s3-bucket-versioning-enabled', 'S3_BUCKET_VERSIONING_ENABLED'),
    rule('iam-password-policy', 'IAM_PASSWORD_POLICY'),
    {
      ConfigRuleName: 'custom',
      Source: { Owner: 'CUSTOM_LAMBDA', SourceIdentifier: 'VPC_FLOW_LOGS_ENABLED' },
    },
  ],
});
const names = [
  'encrypted-volumes',
  'iam-password-policy',
  'rds-storage-encrypted',
  's3-bucket-versioning-enabled',
];
const status = ok(
  'DescribeConfigRuleEvaluationStatus',
  {
    ConfigRulesEvaluationStatus: [
      { ConfigRuleName: 'encrypted-volumes', LastSuccessfulEvaluationTime: '2026-11-28T00:00:00Z' },
      { ConfigRuleName: 'rds-storage-encrypted', LastSuccessfulEvaluationTime: '2026-11-28T00:00:00Z' },
      {
        ConfigRuleName: 'iam-password-policy',
        LastSuccessfulEvaluationTime: '2026-11-01T00:00:00Z',
        LastFailedEvaluationTime: '2026-11-28T00:00:00Z',
        LastErrorCode: 'AccessDenied',
      },
    ],
  },
  { ConfigRuleNames: names },
);
const compliance = ok(
  'DescribeComplianceByConfigRule',
  {
    ComplianceByConfigRules: [
      {
        ConfigRuleName: 'encrypted-volumes',
        Compliance: { ComplianceType: 'NON_COMPLIANT', ComplianceContributorCount: { CappedCount: 3 } },
      },
      { ConfigRuleName: 'rds-storage-encrypted', Compliance: { ComplianceType: 'COMPLIANT' } },
      { ConfigRuleName: 's3-bucket-versioning-enabled', Compliance: { ComplianceType: 'INSUFFICIENT_DATA' } },
      { ConfigRuleName: 'iam-password-policy', Compliance: { ComplianceType: 'COMPLIANT' } },
    ],
  },
  { ConfigRuleNames: names },
);
const qualifier = (id: string) => ({
  EvaluationResultIdentifier: {
    EvaluationResultQualifier: {
      ConfigRuleName: 'encrypted-volumes',
      ResourceType: 'AWS::EC2::Volume',
      ResourceId: id,
    },
  },
  ComplianceType: 'NON_COMPLIANT',
});
const details = ok(
  'GetComplianceDetailsByConfigRule',
  { EvaluationResults: [qualifier('vol-1'), qualifier('vol-2'), qualifier('vol-3')] },
  { ConfigRuleName: 'encrypted-volumes' },
);
const queryRows = (expr: string, rows: unknown[]) =>
  ok('SelectResourceConfig', { Results: rows.map((r) => JSON.stringify(r)) }, { Expression: expr });

function byKey(records: Parameters<typeof evaluateTask>[1]) {
  return Object.fromEntries(evaluateTask(task, records, ctx).map((r) => [r.queryKey, r]));
}

describe('evaluateConfigTask', () => {
  const all = [
    recording,
    listing,
    status,
    compliance,
    details,
    queryRows(task.queries[0]!.expression, [
      {
        resourceId: 'db-1',
        resourceType: 'AWS::RDS::DBInstance',
        accountId: '111111111111',
        awsRegion: 'us-east-1',
      },
    ]),
    queryRows(task.queries[1]!.expression, []),
  ];

  it('gives each rule the verdict its evidence supports, with reasons and evidence ids', () => {
    const r = byKey(all);
    expect(r['config-rule:RDS_STORAGE_ENCRYPTED']).toMatchObject({
      status: 'PASS',
      reason: expect.stringContaining('COMPLIANT'),
    });
    expect(r['config-rule:RDS_STORAGE_ENCRYPTED']?.evidence).toEqual(
      expect.arrayContaining([listing.id, compliance.id, status.id]),
    );
    expect(r['config-rule:ENCRYPTED_VOLUMES']).toMatchObject({ status: 'FAIL', failingCount: 3 });
    expect(r['config-rule:ENCRYPTED_VOLUMES']?.resources.map((x) => x.resourceId)).toEqual([
      'vol-1',
      'vol-2',
    ]);
    expect(r['config-rule:ENCRYPTED_VOLUMES']?.evidence).toContain(details.id);
    expect(r['config-rule:S3_BUCKET_VERSIONING_ENABLED']).toMatchObject({
      status: 'NOT_EVALUATED',
      reason: expect.stringContaining('no evaluation results'),
    });
    // Deployed but not yet evaluated is not "missing": no conformance pack would help.
    expect(r['config-rule:S3_BUCKET_VERSIONING_ENABLED']?.notDeployed).toBeUndefined();
  });

  it('treats a rule only deployed as a custom rule as not deployed, and marks it so', () => {
    expect(byKey(all)['config-rule:VPC_FLOW_LOGS_ENABLED']).toMatchObject({
      status: 'NOT_EVALUATED',
      reason: expect.stringContaining('not deployed'),
      notDeployed: true,
    });
    for (const [key, r] of Object.entries(byKey(all))) {
      if (key !== 'config-rule:VPC_FLOW_LOGS_ENABLED') expect(r.notDeployed, key).toBeUndefined();
    }
  });

  it('counts a rule Security Hub deployed (securityhub-…) as deployed: no pack would be generated for it', () => {
    const withHub = ok('DescribeConfigRules', {
      ConfigRules: [
        ...((listing.response as { ConfigRules: unknown[] }).ConfigRules ?? []),
        rule('securityhub-vpc-flow-logs-enabled-1a2b3c', 'VPC_FLOW_LOGS_ENABLED'),
      ],
    });
    const r = Object.fromEntries(
      evaluateTask(task, [recording, withHub, status, compliance, details], ctx).map((x) => [x.queryKey, x]),
    )['config-rule:VPC_FLOW_LOGS_ENABLED'];
    expect(r?.notDeployed).toBeUndefined();
    expect(r?.reason).toContain('securityhub-vpc-flow-logs-enabled-1a2b3c');
  });

  it('never passes a rule whose latest evaluation failed', () => {
    expect(byKey(all)['config-rule:IAM_PASSWORD_POLICY']).toMatchObject({
      status: 'ERROR',
      reason: expect.stringContaining('failing to evaluate (AccessDenied'),
    });
  });

  it('reads advanced queries: rows are violations for none, proof for some', () => {
    const r = byKey(all);
    expect(r['config-query:public-rds']).toMatchObject({
      status: 'FAIL',
      failingCount: 1,
      resources: [{ resourceId: 'db-1' }],
    });
    expect(r['config-query:trails']).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining('at least one is required'),
    });
  });

  it('makes a malformed query answer an ERROR, not an empty (passing) result', () => {
    const bad = ok(
      'SelectResourceConfig',
      { Results: ['not json'] },
      { Expression: task.queries[0]!.expression },
    );
    expect(byKey([recording, listing, status, compliance, bad])['config-query:public-rds']?.status).toBe(
      'ERROR',
    );
  });

  it('makes everything ERROR when the role could not be assumed', () => {
    const denied = failed('AssumeRole', 'AccessDenied');
    const results = evaluateTask(task, [denied], ctx);
    expect(results).toHaveLength(7);
    for (const r of results) {
      expect(r.status).toBe('ERROR');
      expect(r.reason).toContain('AccessDenied');
      expect(r.evidence).toEqual([denied.id]);
    }
  });

  it('evaluates nothing where Config is not recording', () => {
    const off = ok('DescribeConfigurationRecorderStatus', { ConfigurationRecordersStatus: [] });
    for (const r of evaluateTask(task, [off], ctx)) {
      expect(r.status).toBe('NOT_EVALUATED');
      expect(r.reason).toContain('not recording');
    }
  });

  it('makes a failed compliance batch ERROR for its rules only', () => {
    const batchFailed = failed('DescribeComplianceByConfigRule', 'ThrottlingException', {
      ConfigRuleNames: names,
    });
    const r = byKey([recording, listing, status, batchFailed]);
    expect(r['config-rule:RDS_STORAGE_ENCRYPTED']).toMatchObject({
      status: 'ERROR',
      reason: expect.stringContaining('ThrottlingException'),
    });
    expect(r['config-rule:VPC_FLOW_LOGS_ENABLED']?.status).toBe('NOT_EVALUATED');
  });

  it('turns an evaluator crash or a collector crash into ERROR', () => {
    const crash = { ...failed('collect', 'CollectorFailed'), service: 'evidentia' };
    for (const r of evaluateTask(task, [crash], ctx)) expect(r.status).toBe('ERROR');
  });
});

describe('capped contributor counts', () => {
  it('says "at least" when AWS capped the count and not every failing resource was listed', () => {
    const capped = ok(
      'DescribeComplianceByConfigRule',
      {
        ComplianceByConfigRules: [
          {
            ConfigRuleName: 'encrypted-volumes',
            Compliance: {
              ComplianceType: 'NON_COMPLIANT',
              ComplianceContributorCount: { CappedCount: 100, CapExceeded: true },
            },
          },
        ],
      },
      { ConfigRuleNames: names },
    );
    const page = ok(
      'GetComplianceDetailsByConfigRule',
      { EvaluationResults: [qualifier('vol-1')], NextToken: 'more' },
      { ConfigRuleName: 'encrypted-volumes' },
    );
    const r = byKey([recording, listing, status, capped, page])['config-rule:ENCRYPTED_VOLUMES'];
    expect(r).toMatchObject({
      status: 'FAIL',
      failingCount: 100,
      reason: expect.stringMatching(/^at least 100 resources/),
    });
  });
});
