// Conformance pack puts over the wire: PutConformancePack deploys and evaluates the template's rules (and an
// update removes the rules the template drops), PutOrganizationConformancePack deploys into member accounts from
// the management account only, and the model's limits (TemplateBody ≤ 51,200, the name pattern) are enforced.

import {
  ConfigServiceClient,
  ConformancePackTemplateValidationException,
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRulesCommand,
  DescribeConformancePackComplianceCommand,
  DescribeConformancePacksCommand,
  DescribeOrganizationConformancePacksCommand,
  GetComplianceDetailsByConfigRuleCommand,
  OrganizationAccessDeniedException,
  OrganizationAllFeaturesNotEnabledException,
  PutConformancePackCommand,
  PutOrganizationConformancePackCommand,
  ValidationException,
} from '@aws-sdk/client-config-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import type { NeededRule } from '../../../src/packs/needed-rules.js';
import { packTemplate } from '../../../src/packs/pack-template.js';
import { callerKeys, clientConfig, configIn, failure, MGMT, PROD, testWorld } from './emulator-fixture.js';

function rule(identifier: string, resourceTypes: string[], params: NeededRule['inputParameters'] = {}) {
  return { identifier, global: false, resourceTypes, inputParameters: params, controls: [] };
}

async function packRules(client: ConfigServiceClient, pack: string) {
  const out = await client.send(new DescribeConformancePackComplianceCommand({ ConformancePackName: pack }));
  return (out.ConformancePackRuleComplianceList ?? []).map((r) => r.ConfigRuleName as string);
}

describe('conformance pack deployment', () => {
  let emu: Emulator;
  let mgmt: ConfigServiceClient;
  let prod: ConfigServiceClient;
  let caller: ConfigServiceClient;

  beforeAll(async () => {
    emu = await startEmulator({ world: testWorld() });
    mgmt = await configIn(emu, MGMT);
    prod = await configIn(emu, PROD);
    caller = new ConfigServiceClient(clientConfig(emu, callerKeys(emu)));
  });
  afterAll(async () => {
    for (const c of [mgmt, prod, caller]) c.destroy();
    await emu.close();
  });

  it('deploys the template’s rules, evaluated from the world’s resources, with scope and parameters', async () => {
    const template = packTemplate('evidentia-test-1', 'test', [
      rule('EBS_IN_BACKUP_PLAN', ['AWS::EC2::Volume']),
      rule('ENCRYPTED_VOLUMES', ['AWS::EC2::Volume'], { kmsId: 'alias/ebs' }),
    ]);
    const put = await mgmt.send(
      new PutConformancePackCommand({ ConformancePackName: 'evidentia-test-1', TemplateBody: template }),
    );
    expect(put.ConformancePackArn).toMatch(
      new RegExp(`^arn:aws:config:us-east-1:${MGMT}:conformance-pack/evidentia-test-1/conformance-pack-`),
    );
    const names = await packRules(mgmt, 'evidentia-test-1');
    expect(names).toHaveLength(2);
    expect(names.every((n) => /-conformance-pack-[a-z0-9]{8}$/.test(n))).toBe(true);
    const rules = await mgmt.send(new DescribeConfigRulesCommand({ ConfigRuleNames: names }));
    const enc = rules.ConfigRules?.find((r) => r.Source?.SourceIdentifier === 'ENCRYPTED_VOLUMES');
    expect(enc?.ConfigRuleName?.startsWith('encrypted-volumes-conformance-pack-')).toBe(true);
    expect(enc?.Scope?.ComplianceResourceTypes).toEqual(['AWS::EC2::Volume']);
    expect(JSON.parse(enc?.InputParameters ?? '')).toEqual({ kmsId: 'alias/ebs' });
    // The world says vol-2 fails ENCRYPTED_VOLUMES: the pack's copy of the rule sees the same.
    const compliance = await mgmt.send(new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: names }));
    const byId = new Map(
      (compliance.ComplianceByConfigRules ?? []).map((c) => [
        c.ConfigRuleName?.split('-conformance-pack-')[0],
        c.Compliance,
      ]),
    );
    expect(byId.get('encrypted-volumes')).toMatchObject({
      ComplianceType: 'NON_COMPLIANT',
      ComplianceContributorCount: { CappedCount: 1 },
    });
    expect(byId.get('ebs-in-backup-plan')?.ComplianceType).toBe('COMPLIANT');
    const details = await mgmt.send(
      new GetComplianceDetailsByConfigRuleCommand({
        ConfigRuleName: enc?.ConfigRuleName,
        ComplianceTypes: ['NON_COMPLIANT'],
      }),
    );
    expect(
      details.EvaluationResults?.map(
        (e) => e.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId,
      ),
    ).toEqual(['vol-2']);
    // Deployed only where it was put.
    const prodPacks = await prod.send(new DescribeConformancePacksCommand({}));
    expect(prodPacks.ConformancePackDetails?.map((p) => p.ConformancePackName)).not.toContain(
      'evidentia-test-1',
    );
  });

  it('an update replaces the pack’s rules: a rule the template drops is deleted', async () => {
    const before = await packRules(mgmt, 'evidentia-test-1');
    await mgmt.send(
      new PutConformancePackCommand({
        ConformancePackName: 'evidentia-test-1',
        TemplateBody: packTemplate('evidentia-test-1', 'test', [
          rule('EBS_IN_BACKUP_PLAN', ['AWS::EC2::Volume']),
        ]),
      }),
    );
    const after = await packRules(mgmt, 'evidentia-test-1');
    expect(after).toEqual(before.filter((n) => n.startsWith('ebs-in-backup-plan-')));
    const all = await mgmt.send(new DescribeConfigRulesCommand({}));
    const names = (all.ConfigRules ?? []).map((r) => r.ConfigRuleName);
    expect(names).not.toContain(before.find((n) => n.startsWith('encrypted-volumes-')));
    // The world's own encrypted-volumes rule is untouched.
    expect(names).toContain('encrypted-volumes');
  });

  it('refuses a template over 51,200 characters with the model’s ValidationException', async () => {
    const head = packTemplate('evidentia-big', 'test', [rule('EBS_IN_BACKUP_PLAN', [])]);
    const body = `${head}#${'x'.repeat(51_200 - head.length)}`;
    expect(body.length).toBe(51_201);
    const err = await failure(
      mgmt.send(new PutConformancePackCommand({ ConformancePackName: 'evidentia-big', TemplateBody: body })),
    );
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.message).toMatch(/templateBody.*length less than or equal to 51200/i);
    // One character less is accepted.
    await mgmt.send(
      new PutConformancePackCommand({
        ConformancePackName: 'evidentia-big',
        TemplateBody: body.slice(0, -1),
      }),
    );
  });

  it('refuses a bad pack name and a template naming an unknown rule', async () => {
    const template = packTemplate('x', 'test', [rule('EBS_IN_BACKUP_PLAN', [])]);
    const badName = await failure(
      mgmt.send(new PutConformancePackCommand({ ConformancePackName: '1-bad', TemplateBody: template })),
    );
    expect(badName).toBeInstanceOf(ValidationException);
    const unknown = await failure(
      mgmt.send(
        new PutConformancePackCommand({
          ConformancePackName: 'evidentia-unknown',
          TemplateBody: template.replace('EBS_IN_BACKUP_PLAN', 'NO_SUCH_RULE_ANYWHERE'),
        }),
      ),
    );
    expect(unknown).toBeInstanceOf(ConformancePackTemplateValidationException);
    const packs = await mgmt.send(new DescribeConformancePacksCommand({}));
    expect(packs.ConformancePackDetails?.map((p) => p.ConformancePackName)).not.toContain(
      'evidentia-unknown',
    );
  });

  it('an organisation pack deploys into member accounts, from the management account only', async () => {
    const template = packTemplate('evidentia-org-1', 'test', [
      rule('EBS_IN_BACKUP_PLAN', ['AWS::EC2::Volume']),
    ]);
    const denied = await failure(
      prod.send(
        new PutOrganizationConformancePackCommand({
          OrganizationConformancePackName: 'evidentia-org-1',
          TemplateBody: template,
        }),
      ),
    );
    expect(denied).toBeInstanceOf(OrganizationAccessDeniedException);

    await caller.send(
      new PutOrganizationConformancePackCommand({
        OrganizationConformancePackName: 'evidentia-org-1',
        TemplateBody: template,
      }),
    );
    const listed = await caller.send(new DescribeOrganizationConformancePacksCommand({}));
    expect(listed.OrganizationConformancePacks?.map((p) => p.OrganizationConformancePackName)).toEqual([
      'evidentia-org-1',
    ]);
    const prodPacks = await prod.send(new DescribeConformancePacksCommand({}));
    const member = prodPacks.ConformancePackDetails?.find((p) =>
      p.ConformancePackName?.startsWith('OrgConformsPack-evidentia-org-1-'),
    );
    expect(member?.ConformancePackName).toMatch(/^OrgConformsPack-evidentia-org-1-[a-z0-9]{8}$/);
    const rules = await packRules(prod, member?.ConformancePackName as string);
    expect(rules).toHaveLength(1);
    const c = await prod.send(new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: rules }));
    expect(c.ComplianceByConfigRules?.[0]?.Compliance?.ComplianceType).toBe('COMPLIANT');
  });

  it('refuses an organisation pack where the organisation has consolidated billing only', async () => {
    const billing = await startEmulator({
      world: testWorld({
        organization: { id: 'o-integration1', managementAccount: MGMT, featureSet: 'CONSOLIDATED_BILLING' },
      }),
    });
    const client = new ConfigServiceClient(clientConfig(billing, callerKeys(billing)));
    try {
      const err = await failure(
        client.send(
          new PutOrganizationConformancePackCommand({
            OrganizationConformancePackName: 'evidentia-org-1',
            TemplateBody: packTemplate('evidentia-org-1', 'test', [rule('EBS_IN_BACKUP_PLAN', [])]),
          }),
        ),
      );
      expect(err).toBeInstanceOf(OrganizationAllFeaturesNotEnabledException);
    } finally {
      client.destroy();
      await billing.close();
    }
  });
});
