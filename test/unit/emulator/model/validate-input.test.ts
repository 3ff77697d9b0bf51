// Request validation against the official Smithy models: what is rejected, and how AWS words it.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePaths } from '../../../../src/core/paths.js';
import { loadModel } from '../../../../src/emulator/model/smithy-model.js';
import { summarizeProblems, validateInput } from '../../../../src/emulator/model/validate-input.js';

const models = packagePaths().awsModels;
const config = loadModel(join(models, 'config-service.json'));
const sts = loadModel(join(models, 'sts.json'));
const artifact = loadModel(join(models, 'artifact.json'));

const input = (model: typeof config, op: string) => model.operation(op)?.input as string;

describe('the Smithy model index', () => {
  it('knows the protocol, target prefix and signing name of each service', () => {
    expect(config).toMatchObject({
      protocol: 'awsJson1_1',
      targetPrefix: 'StarlingDoveService',
      signingName: 'config',
    });
    expect(sts).toMatchObject({ protocol: 'awsQuery', signingName: 'sts', version: '2011-06-15' });
    expect(config.operations.size).toBe(97);
  });

  it('finds operations bound through resources, with their HTTP bindings', () => {
    expect(artifact.protocol).toBe('restJson1');
    expect(artifact.operation('ListReports')?.http).toEqual({
      method: 'GET',
      uri: '/v1/report/list',
      code: 200,
    });
    expect(artifact.operations.size).toBe(8);
  });

  it('knows which errors a service models', () => {
    expect(config.errorShapeId('NoSuchConfigRuleException')).toBe(
      'com.amazonaws.configservice#NoSuchConfigRuleException',
    );
    expect(config.errorShapeId('DescribeConfigRules')).toBeUndefined();
  });
});

describe('validateInput', () => {
  it('accepts a valid request and ignores members the model does not know', () => {
    const problems = validateInput(config, input(config, 'GetComplianceDetailsByConfigRule'), {
      ConfigRuleName: 'encrypted-volumes',
      ComplianceTypes: ['NON_COMPLIANT'],
      Limit: 100,
      Extra: true,
    });
    expect(problems).toEqual([]);
  });

  it('reports a missing required member as AWS does', () => {
    const problems = validateInput(config, input(config, 'GetComplianceDetailsByConfigRule'), { Limit: 5 });
    expect(problems).toEqual([
      {
        kind: 'required',
        path: ['ConfigRuleName'],
        message: "Value null at 'configRuleName' failed to satisfy constraint: Member must not be null",
      },
    ]);
  });

  it('checks list length, integer range and enum values', () => {
    const names = Array.from({ length: 26 }, (_, i) => `rule-${i}`);
    const p1 = validateInput(config, input(config, 'DescribeComplianceByConfigRule'), {
      ConfigRuleNames: names,
    });
    expect(p1.map((p) => p.kind)).toEqual(['length']);
    expect(p1[0]?.message).toContain(
      "at 'configRuleNames' failed to satisfy constraint: Member must have length less than or equal to 25",
    );

    const p2 = validateInput(config, input(config, 'GetComplianceDetailsByConfigRule'), {
      ConfigRuleName: 'r',
      Limit: 101,
      ComplianceTypes: ['BROKEN'],
    });
    expect(p2.map((p) => p.kind).sort()).toEqual(['enum', 'range']);
    expect(summarizeProblems(p2)).toMatch(/^2 validation errors detected: /);
    expect(p2.find((p) => p.kind === 'enum')?.message).toContain("at 'complianceTypes.1.member'");
  });

  it('checks string length of list members and patterns', () => {
    const long = 'x'.repeat(129);
    const p1 = validateInput(config, input(config, 'DescribeConfigRules'), { ConfigRuleNames: ['ok', long] });
    expect(p1).toHaveLength(1);
    expect(p1[0]?.path).toEqual(['ConfigRuleNames', 1]);

    const p2 = validateInput(sts, input(sts, 'AssumeRole'), {
      RoleArn: 'arn:aws:iam::111111111111:role/EvidentiaAuditRole',
      RoleSessionName: 'has space',
    });
    expect(p2.map((p) => p.kind)).toEqual(['pattern']);
  });

  it('reports wrong types (which awsJson answers as SerializationException)', () => {
    const problems = validateInput(config, input(config, 'GetComplianceDetailsByConfigRule'), {
      ConfigRuleName: 42,
      Limit: '10',
      ComplianceTypes: 'NON_COMPLIANT',
    });
    expect(problems.map((p) => p.kind)).toEqual(['type', 'type', 'type']);
    expect(problems.find((p) => p.path[0] === 'Limit')?.message).toBe(
      "STRING_VALUE can not be converted to an Integer (at 'limit')",
    );
  });

  it('validates nested structures', () => {
    const problems = validateInput(config, input(config, 'DescribeAggregateComplianceByConfigRules'), {
      ConfigurationAggregatorName: 'org',
      Filters: { ComplianceType: 'MAYBE', AwsRegion: '' },
    });
    expect(problems.map((p) => p.path.join('.')).sort()).toEqual([
      'Filters.AwsRegion',
      'Filters.ComplianceType',
    ]);
  });
});
