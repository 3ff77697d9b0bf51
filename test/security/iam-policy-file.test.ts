// docs/iam-policy.json is generated from the code: the committed file must be what the generator makes now,
// and the scanner must find commands the way the code writes them (and refuse services it cannot classify).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildPolicies,
  buildPolicy,
  classifyAction,
  OPTIONAL_OPERATIONS,
} from '../../scripts/iam-policy/build-policy.js';
import {
  expectedPolicyText,
  expectedPolicyTexts,
  POLICY_PATH,
  WRITE_POLICY_PATH,
} from '../../scripts/iam-policy/generate.js';
import { artifactMethods, scanOperations, sdkCommandsIn } from '../../scripts/iam-policy/scan-operations.js';
import { packageRoot } from '../../src/core/paths.js';

describe('docs/iam-policy.json and docs/iam-policy-write.json', () => {
  it('are what the generator makes from the code today (else run: npx tsx scripts/iam-policy/generate.ts)', async () => {
    const expected = await expectedPolicyTexts(packageRoot());
    expect(Object.keys(expected).sort()).toEqual([POLICY_PATH, WRITE_POLICY_PATH].sort());
    for (const [path, text] of Object.entries(expected))
      expect(await readFile(join(packageRoot(), path), 'utf8')).toBe(text);
    expect(expected[POLICY_PATH]).toBe(await expectedPolicyText(packageRoot()));
  });

  it('keep every write out of the read policy: the Security Hub import and S3 delivery are optional', async () => {
    const read = JSON.parse(await readFile(join(packageRoot(), POLICY_PATH), 'utf8')) as {
      operations: { action: string }[];
    };
    const write = JSON.parse(await readFile(join(packageRoot(), WRITE_POLICY_PATH), 'utf8')) as {
      features: Record<string, { policy: { Statement: { Sid: string; Action: string[] }[] } }>;
    };
    const readActions = read.operations.map((o) => o.action);
    expect(readActions.filter((a) => OPTIONAL_OPERATIONS[a])).toEqual([]);
    expect(readActions.some((a) => a.startsWith('s3:'))).toBe(false);
    expect(write.features.securityHubImport?.policy.Statement).toEqual([
      expect.objectContaining({
        Sid: 'ImportFindingsIntoSecurityHub',
        Action: ['securityhub:BatchImportFindings'],
      }),
    ]);
    expect(write.features.delivery?.policy.Statement[0]?.Action).toContain('s3:PutObject');
  });

  it('lists the calls the collectors make, advanced queries included', async () => {
    const ops = (await scanOperations(packageRoot())).map((o) => `${o.service}:${o.operation}`);
    expect(ops).toEqual(
      expect.arrayContaining([
        'config:DescribeConfigRules',
        'config:SelectResourceConfig',
        'config:SelectAggregateResourceConfig',
        'organizations:ListAccounts',
        'sts:AssumeRole',
        'sts:GetCallerIdentity',
      ]),
    );
    // The emulator answers AWS; it never calls it.
    const files = (await scanOperations(packageRoot())).flatMap((o) => o.files);
    expect(files.some((f) => f.startsWith('src/emulator/'))).toBe(false);
  });
});

describe('the scanner', () => {
  it('counts commands that are imported and constructed, by their imported name', () => {
    const text = `import {
  DescribeConfigRulesCommand,
  type DescribeConfigRulesCommandOutput,
  SelectResourceConfigCommand as Select,
  GetComplianceDetailsByConfigRuleCommand,
} from '@aws-sdk/client-config-service';
await client.send(new DescribeConfigRulesCommand({}));
await client.send(new Select({ Expression: 'x' }));`;
    expect(sdkCommandsIn(text)).toEqual([
      { service: 'config', operation: 'DescribeConfigRules' },
      { service: 'config', operation: 'SelectResourceConfig' },
    ]);
  });

  it('refuses a client package it cannot classify', () => {
    const text = `import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';\nnew DescribeInstancesCommand({});`;
    expect(() => sdkCommandsIn(text)).toThrow(/client-ec2 is not classified/);
  });

  it('maps the Artifact client’s routes to operations through the model', () => {
    const text = `export class ArtifactClient {
  listReports(input = {}, opts = {}) {
    return this.call('/v1/report/list', q(input), read, opts);
  }

  getReport(
    input: GetReportInput,
    opts = {},
  ) {
    return this.call(
      '/v1/report/get',
      q(input), read, opts);
  }
}`;
    const routes = new Map([
      ['/v1/report/list', 'ListReports'],
      ['/v1/report/get', 'GetReport'],
    ]);
    expect(artifactMethods(text, routes)).toEqual([
      { method: 'listReports', operation: 'ListReports' },
      { method: 'getReport', operation: 'GetReport' },
    ]);
  });

  it('puts GetCallerIdentity in no policy and refuses a service with no principal', () => {
    const doc = buildPolicy([
      { service: 'sts', operation: 'GetCallerIdentity', files: ['a.ts'] },
      { service: 'config', operation: 'DescribeConfigRules', files: ['b.ts'] },
    ]);
    expect(doc.noPermissionNeeded.map((f) => f.action)).toEqual(['sts:GetCallerIdentity']);
    expect(doc.runner.policy.Statement).toEqual([]);
    expect(doc.auditRole.policy.Statement).toEqual([
      { Sid: 'ReadAwsConfig', Effect: 'Allow', Action: ['config:DescribeConfigRules'], Resource: '*' },
    ]);
    expect(() => buildPolicy([{ service: 'ec2', operation: 'DescribeInstances', files: [] }])).toThrow(
      /no principal/,
    );
  });

  it('puts an operation an optional feature declares into that feature, and never into the read policy', () => {
    const { read, write } = buildPolicies([
      { service: 'config', operation: 'DescribeConfigRules', files: ['a.ts'] },
      { service: 'securityhub', operation: 'BatchImportFindings', files: ['b.ts'] },
      { service: 'config', operation: 'PutConformancePack', files: ['c.ts'] },
    ]);
    expect(read.operations.map((o) => o.action)).toEqual(['config:DescribeConfigRules']);
    expect(Object.keys(write.features).sort()).toEqual(['packsDeploy', 'securityHubImport']);
    expect(write.features.securityHubImport?.policy.Statement[0]).toEqual({
      Sid: 'ImportFindingsIntoSecurityHub',
      Effect: 'Allow',
      Action: ['securityhub:BatchImportFindings'],
      Resource: 'arn:aws:securityhub:*:*:product/*/default',
    });
    expect(write.features.packsDeploy?.policy.Statement[0]?.Action).toEqual(['config:PutConformancePack']);
  });

  it('fails on a write no optional feature declares, and lets only reads by name (and the role, the signature) through', () => {
    expect(() =>
      buildPolicies([{ service: 'config', operation: 'DeleteConfigRule', files: ['x.ts'] }]),
    ).toThrow(/config:DeleteConfigRule is not a read: declare the optional feature/);
    expect(() => classifyAction('securityhub:BatchUpdateFindings')).toThrow(/not a read/);
    expect(() => classifyAction('config:PutEvaluations')).toThrow(/not a read/);
    // A name that only starts like a read is not one.
    expect(() => classifyAction('config:Getaway')).toThrow(/not a read/);
    expect(classifyAction('config:SelectResourceConfig')).toEqual({ policy: 'read' });
    expect(classifyAction('securityhub:BatchGetSecurityControls')).toEqual({ policy: 'read' });
    expect(classifyAction('sts:AssumeRole')).toEqual({ policy: 'read' });
    expect(classifyAction('kms:Sign')).toEqual({ policy: 'read' });
    expect(classifyAction('s3:GetObject')).toEqual({ policy: 'write', feature: 'delivery' });
    expect(classifyAction('securityhub:BatchImportFindings')).toEqual({
      policy: 'write',
      feature: 'securityHubImport',
    });
  });
});
