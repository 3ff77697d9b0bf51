import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Catalog,
  loadCatalog,
  loadProfile,
  type Profile,
  profileFrameworks,
} from '../../../src/catalog/index.js';
import { planRun } from '../../../src/plan/plan-run.js';
import type { ConfigTask, SecurityHubTask } from '../../../src/plan/types.js';

const root = join(import.meta.dirname, '../../fixtures/catalog/good');

async function setup(edit: (p: Profile) => Profile = (p) => p) {
  const catalog: Catalog = await loadCatalog({ root });
  const base = await loadProfile('mini', catalog, root);
  const profile = edit({ ...base, frameworks: ['mini', 'mini2'] });
  return { catalog, profile, frameworks: profileFrameworks(profile, catalog) };
}

describe('planRun', () => {
  it('collects a rule used by two frameworks once per account and region', async () => {
    const { catalog, profile, frameworks } = await setup();
    const plan = planRun({
      profile,
      frameworks,
      catalog,
      accounts: ['222222222222', '111111111111'],
      callerAccountId: '111111111111',
    });
    const config = plan.tasks.filter((t): t is ConfigTask => t.kind === 'config');
    expect(config.map((t) => t.id)).toEqual([
      'config/111111111111/us-east-1',
      'config/111111111111/eu-west-1',
      'config/222222222222/us-east-1',
      'config/222222222222/eu-west-1',
    ]);
    for (const t of config) expect(t.rules.filter((r) => r === 'ENCRYPTED_VOLUMES')).toHaveLength(1);
    expect(plan.queryKeys).toEqual([
      'artifact-report:aws-soc2-type2',
      'config-query:outside-regions',
      'config-query:rds-storage-unencrypted',
      'config-rule:ENCRYPTED_VOLUMES',
      'config-rule:IAM_PASSWORD_POLICY',
      'manual:mini:1.3',
    ]);
  });

  it('evaluates global rules in the home region only', async () => {
    const { catalog, profile, frameworks } = await setup();
    const plan = planRun({
      profile,
      frameworks,
      catalog,
      accounts: ['111111111111'],
      callerAccountId: '111111111111',
    });
    const byRegion = Object.fromEntries(
      plan.tasks.filter((t): t is ConfigTask => t.kind === 'config').map((t) => [t.region, t.rules]),
    );
    expect(byRegion['us-east-1']).toEqual(['ENCRYPTED_VOLUMES', 'IAM_PASSWORD_POLICY']);
    expect(byRegion['eu-west-1']).toEqual(['ENCRYPTED_VOLUMES']);
  });

  it('fills the allowed regions into residency queries', async () => {
    const { catalog, profile, frameworks } = await setup((p) => ({
      ...p,
      scope: { ...p.scope, allowedRegions: ['eu-west-1'] },
    }));
    const plan = planRun({
      profile,
      frameworks,
      catalog,
      accounts: ['111111111111'],
      callerAccountId: '111111111111',
    });
    const task = plan.tasks.find((t): t is ConfigTask => t.kind === 'config')!;
    expect(task.queries.find((q) => q.queryId === 'outside-regions')?.expression).toBe(
      "SELECT resourceId, resourceType, accountId, awsRegion WHERE NOT awsRegion IN ('eu-west-1', 'global')",
    );
  });

  it('makes one org-level task for Artifact reports and one for attestations, with the owner from the profile', async () => {
    const { catalog, profile, frameworks } = await setup((p) => ({
      ...p,
      evidence: {
        ...p.evidence,
        attestations: { dir: 'attestations', owners: { 'security-officer': 'ciso@example.org' } },
      },
    }));
    const plan = planRun({
      profile,
      frameworks,
      catalog,
      accounts: ['111111111111', '222222222222'],
      callerAccountId: '999999999999',
    });
    const reports = plan.tasks.filter((t) => t.kind === 'artifact-reports');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ accountId: '999999999999', region: 'global' });
    const att = plan.tasks.find((t) => t.kind === 'attestations');
    expect(att).toMatchObject({
      items: [
        {
          frameworkId: 'mini',
          controlId: '1.3',
          owner: 'security-officer',
          ownerContact: 'ciso@example.org',
          maxAgeDays: 365,
        },
      ],
    });
  });

  it('reads rules through an aggregator in one task when the profile names one', async () => {
    const { catalog, profile, frameworks } = await setup((p) => ({
      ...p,
      scope: { ...p.scope, aggregator: { name: 'org', accountId: '111111111111', region: 'us-east-1' } },
    }));
    const plan = planRun({
      profile,
      frameworks,
      catalog,
      accounts: ['111111111111', '222222222222'],
      callerAccountId: '111111111111',
    });
    expect(plan.tasks.filter((t) => t.kind === 'config')).toHaveLength(0);
    expect(plan.tasks.filter((t) => t.kind === 'config-aggregate')).toMatchObject([
      {
        rules: ['ENCRYPTED_VOLUMES'],
        globalRules: ['IAM_PASSWORD_POLICY'],
        accounts: ['111111111111', '222222222222'],
      },
    ]);
  });
});

describe('planRun with Security Hub evidence', () => {
  const plan = async (edit: (p: Profile) => Profile = (p) => p) => {
    const catalog = await loadCatalog();
    const profile = edit(await loadProfile('healthcare', catalog));
    return planRun({
      profile,
      frameworks: profileFrameworks(profile, catalog),
      catalog,
      accounts: ['222222222222', '111111111111'],
      callerAccountId: '111111111111',
    });
  };

  it('reads every account and region, each control and condition once', async () => {
    const hub = (await plan()).tasks.filter((t): t is SecurityHubTask => t.kind === 'securityhub');
    expect(hub.map((t) => t.id)).toEqual([
      'securityhub/111111111111/us-east-1',
      'securityhub/111111111111/eu-west-1',
      'securityhub/222222222222/us-east-1',
      'securityhub/222222222222/eu-west-1',
    ]);
    // HIPAA maps CloudTrail.1 and two findings conditions (the 72-hour one is GDPR's).
    expect(hub[0]?.controls.map((c) => c.id)).toEqual(['CloudTrail.1']);
    expect(hub[0]?.findings.map((f) => f.id)).toEqual([
      'guardduty-high-unresolved',
      'macie-sensitive-data-unresolved',
    ]);
    expect(hub.every((t) => t.aggregated === undefined)).toBe(true);
  });

  it('reads once through the delegated administrator when the profile names one', async () => {
    const hub = (
      await plan((p) => ({
        ...p,
        scope: { ...p.scope, securityHub: { administrator: '111111111111', aggregationRegion: 'us-east-1' } },
      }))
    ).tasks.filter((t): t is SecurityHubTask => t.kind === 'securityhub');
    expect(hub).toHaveLength(1);
    expect(hub[0]).toMatchObject({
      id: 'securityhub/111111111111/us-east-1',
      accountId: '111111111111',
      region: 'us-east-1',
      aggregated: { accounts: ['111111111111', '222222222222'], regions: ['us-east-1', 'eu-west-1'] },
    });
  });
});
