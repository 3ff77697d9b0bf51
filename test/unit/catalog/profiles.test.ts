// The built-in industry profiles: each loads cleanly against the real catalogue, runs the customer baseline,
// targets the demo organisation, and its industry controls resolve to library evidence with someone to ask.

import { beforeAll, describe, expect, it } from 'vitest';
import {
  builtInProfileNames,
  type Catalog,
  loadCatalog,
  loadProfile,
  type Profile,
  profileFrameworks,
  queryKeyOf,
} from '../../../src/catalog/index.js';

interface Expected {
  organization: string;
  frameworks: string[];
  industryControls: string[];
  /** Industry controls only an attestation can prove. */
  manualOnly: string[];
  allowedRegions: string[];
  downloadReports: boolean;
}

const EXPECTED: Record<string, Expected> = {
  financial: {
    organization: 'Example Bank',
    frameworks: ['pci-dss-4.0.1', 'iso27001-2022', 'aws-customer-baseline'],
    industryControls: ['FIN-1', 'FIN-2', 'FIN-3'],
    manualOnly: [],
    allowedRegions: ['us-east-1', 'us-west-2'],
    downloadReports: true,
  },
  healthcare: {
    organization: 'Example Health',
    frameworks: ['hipaa-security', 'aws-customer-baseline'],
    industryControls: ['HC-1', 'HC-2', 'HC-3', 'HC-4', 'HC-5', 'HC-6'],
    manualOnly: ['HC-4'],
    allowedRegions: ['us-east-1', 'us-west-2'],
    downloadReports: true,
  },
  nonprofit: {
    organization: 'Example Foundation',
    frameworks: ['gdpr', 'hipaa-security', 'aws-customer-baseline'],
    industryControls: ['NP-1', 'NP-2', 'NP-3'],
    manualOnly: [],
    allowedRegions: ['eu-west-1'],
    downloadReports: false,
  },
  retail: {
    organization: 'Example Retail',
    frameworks: ['pci-dss-4.0.1', 'aws-customer-baseline'],
    industryControls: ['RT-1', 'RT-2', 'RT-3'],
    manualOnly: [],
    allowedRegions: ['us-east-1', 'eu-west-1'],
    downloadReports: false,
  },
};

describe('built-in profiles', () => {
  let catalog: Catalog;
  const profiles = new Map<string, Profile>();
  beforeAll(async () => {
    catalog = await loadCatalog();
    for (const name of Object.keys(EXPECTED)) profiles.set(name, await loadProfile(name, catalog));
  });

  it('are exactly the four industry profiles', async () => {
    expect(await builtInProfileNames()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(Object.entries(EXPECTED))('%s', (name, want) => {
    const profile = () => {
      const p = profiles.get(name);
      if (!p) throw new Error(`profile ${name} not loaded`);
      return p;
    };

    it('runs its frameworks and the customer baseline', () => {
      const p = profile();
      expect(p.id).toBe(name);
      expect(p.organization.name).toBe(want.organization);
      expect(p.frameworks).toEqual(want.frameworks);
      expect(p.frameworks).toContain('aws-customer-baseline');
      expect(profileFrameworks(p, catalog).map((f) => f.id)).toEqual([
        ...want.frameworks,
        `${name}-industry`,
      ]);
    });

    it('targets the demo organisation nightly', () => {
      const p = profile();
      expect(p.scope.accounts).toBe('organization');
      expect(p.scope.regions).toEqual(['us-east-1', 'eu-west-1']);
      expect(p.scope.role.name).toBe('EvidentiaAuditRole');
      expect(p.scope.allowedRegions).toEqual(want.allowedRegions);
      expect(p.evidence.artifact.downloadReports).toBe(want.downloadReports);
      // One run a day: fixed minute and hour, every day.
      expect(p.schedule?.cron).toMatch(/^\d{1,2} \d{1,2} \* \* \*$/);
      expect(p.schedule?.timezone).toBeTruthy();
    });

    it('has industry controls whose evidence resolves in the library', () => {
      const industry = profile().industryFramework;
      expect(industry?.id).toBe(`${name}-industry`);
      expect(industry?.controls.map((c) => c.id)).toEqual(want.industryControls);
      const manualOnly = industry?.controls.filter((c) => c.evidence.every((e) => e.kind === 'manual'));
      expect(manualOnly?.map((c) => c.id)).toEqual(want.manualOnly);
      for (const c of industry?.controls ?? []) {
        for (const ref of c.evidence) {
          if (ref.kind === 'manual') continue;
          expect(catalog.queries.has(queryKeyOf(ref, c)), `${c.id} ${queryKeyOf(ref, c)}`).toBe(true);
        }
      }
    });

    it('names a person for every attestation its frameworks ask for', () => {
      const p = profile();
      const owners = p.evidence.attestations.owners;
      const roles = new Set(
        profileFrameworks(p, catalog).flatMap((f) =>
          f.controls.flatMap((c) => c.evidence.flatMap((e) => (e.kind === 'manual' ? [e.owner] : []))),
        ),
      );
      const unmapped = [...roles].filter((role) => !role.includes('@') && !(role in owners));
      expect(unmapped).toEqual([]);
      for (const email of Object.values(owners))
        expect(email).toMatch(/^[\w.+-]+@example-[a-z]+\.(org|com)$/);
    });
  });

  it('cover each industry requirement with the evidence that proves it', () => {
    const keys = (name: string, id: string) => {
      const c = profiles.get(name)?.industryFramework?.controls.find((x) => x.id === id);
      return c ? c.evidence.map((e) => queryKeyOf(e, c)) : [];
    };
    expect(keys('healthcare', 'HC-1')).toContain('config-query:phi-buckets-without-object-lock');
    expect(keys('healthcare', 'HC-2')).toContain('config-rule:MACIE_STATUS_CHECK');
    expect(keys('healthcare', 'HC-3')).toEqual(['artifact-agreement:aws-hipaa-baa']);
    expect(keys('healthcare', 'HC-5')).toEqual(['conformance-pack:hipaa-security-pack']);
    expect(keys('financial', 'FIN-1')).toContain('config-rule:CMK_BACKING_KEY_ROTATION_ENABLED');
    expect(keys('financial', 'FIN-3')).toContain('config-query:vpc-endpoints-present');
    expect(keys('nonprofit', 'NP-1')).toContain('config-rule:S3_DEFAULT_ENCRYPTION_KMS');
    expect(keys('nonprofit', 'NP-2')).toContain('config-rule:MACIE_STATUS_CHECK');
    expect(keys('nonprofit', 'NP-3')).toContain('config-rule:IAM_EXTERNAL_ACCESS_ANALYZER_ENABLED');
    expect(keys('retail', 'RT-1')).toContain('config-query:autoscaling-groups-ec2-health-check-only');
    expect(keys('retail', 'RT-2')).toContain('config-rule:CLOUDWATCH_ALARM_ACTION_CHECK');
    expect(keys('retail', 'RT-3')).toContain('config-rule:ALB_WAF_ENABLED');
  });
});
