// docs/iam-policy.json is generated from the code: the committed file must be what the generator makes now,
// and the scanner must find commands the way the code writes them (and refuse services it cannot classify).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPolicy } from '../../scripts/iam-policy/build-policy.js';
import { expectedPolicyText, POLICY_PATH } from '../../scripts/iam-policy/generate.js';
import { artifactMethods, scanOperations, sdkCommandsIn } from '../../scripts/iam-policy/scan-operations.js';
import { packageRoot } from '../../src/core/paths.js';

describe('docs/iam-policy.json', () => {
  it('is what the generator makes from the code today (else run: npx tsx scripts/iam-policy/generate.ts)', async () => {
    const committed = await readFile(join(packageRoot(), POLICY_PATH), 'utf8');
    expect(committed).toBe(await expectedPolicyText(packageRoot()));
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
});
