// Pins the PCI DSS v4.0.1 framework: every requirement it lists, who is responsible for each, which entities it
// applies to, and the exact control → evidence mapping with each reference's weight, so a dropped requirement, a
// changed query or a reference turned decisive is a deliberate, reviewed change. The rules below hold the review
// that rebuilt the mapping (issue 12): only rules whose failure breaches the requirement's text decide a verdict.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type EvidenceRef,
  type Framework,
  loadCatalog,
  queryKeyOf,
  yamlFilesIn,
} from '../../../../src/catalog/index.js';
import { packagePaths } from '../../../../src/core/paths.js';

const paths = packagePaths();

/** The framework file plus every evidence library, so other frameworks' drafts cannot break this test. */
async function loadPci(): Promise<Framework> {
  const catalog = await loadCatalog({
    defaults: false,
    files: [join(paths.frameworks, 'pci-dss-4.0.1.yaml'), ...(await yamlFilesIn(paths.evidenceLibrary))],
  });
  const fw = catalog.frameworks.get('pci-dss-4.0.1');
  if (!fw) throw new Error('pci-dss-4.0.1 framework not loaded');
  return fw;
}

const words = (text: string) => text.trim().split(/\s+/);

/** Every requirement of v4.0.1 from 1.1 to 12.10.7, in the standard's order, one principal requirement a line. */
const EXPECTED_IDS = words(`
  1.1 1.1.1 1.1.2 1.2 1.2.1 1.2.2 1.2.3 1.2.4 1.2.5 1.2.6 1.2.7 1.2.8 1.3 1.3.1 1.3.2 1.3.3 1.4 1.4.1 1.4.2
  1.4.3 1.4.4 1.4.5 1.5 1.5.1
  2.1 2.1.1 2.1.2 2.2 2.2.1 2.2.2 2.2.3 2.2.4 2.2.5 2.2.6 2.2.7 2.3 2.3.1 2.3.2
  3.1 3.1.1 3.1.2 3.2 3.2.1 3.3 3.3.1 3.3.1.1 3.3.1.2 3.3.1.3 3.3.2 3.3.3 3.4 3.4.1 3.4.2 3.5 3.5.1 3.5.1.1
  3.5.1.2 3.5.1.3 3.6 3.6.1 3.6.1.1 3.6.1.2 3.6.1.3 3.6.1.4 3.7 3.7.1 3.7.2 3.7.3 3.7.4 3.7.5 3.7.6 3.7.7
  3.7.8 3.7.9
  4.1 4.1.1 4.1.2 4.2 4.2.1 4.2.1.1 4.2.1.2 4.2.2
  5.1 5.1.1 5.1.2 5.2 5.2.1 5.2.2 5.2.3 5.2.3.1 5.3 5.3.1 5.3.2 5.3.2.1 5.3.3 5.3.4 5.3.5 5.4 5.4.1
  6.1 6.1.1 6.1.2 6.2 6.2.1 6.2.2 6.2.3 6.2.3.1 6.2.4 6.3 6.3.1 6.3.2 6.3.3 6.4 6.4.1 6.4.2 6.4.3 6.5 6.5.1
  6.5.2 6.5.3 6.5.4 6.5.5 6.5.6
  7.1 7.1.1 7.1.2 7.2 7.2.1 7.2.2 7.2.3 7.2.4 7.2.5 7.2.5.1 7.2.6 7.3 7.3.1 7.3.2 7.3.3
  8.1 8.1.1 8.1.2 8.2 8.2.1 8.2.2 8.2.3 8.2.4 8.2.5 8.2.6 8.2.7 8.2.8 8.3 8.3.1 8.3.2 8.3.3 8.3.4 8.3.5
  8.3.6 8.3.7 8.3.8 8.3.9 8.3.10 8.3.10.1 8.3.11 8.4 8.4.1 8.4.2 8.4.3 8.5 8.5.1 8.6 8.6.1 8.6.2 8.6.3
  9.1 9.1.1 9.1.2 9.2 9.2.1 9.2.1.1 9.2.2 9.2.3 9.2.4 9.3 9.3.1 9.3.1.1 9.3.2 9.3.3 9.3.4 9.4 9.4.1 9.4.1.1
  9.4.1.2 9.4.2 9.4.3 9.4.4 9.4.5 9.4.5.1 9.4.6 9.4.7 9.5 9.5.1 9.5.1.1 9.5.1.2 9.5.1.2.1 9.5.1.3
  10.1 10.1.1 10.1.2 10.2 10.2.1 10.2.1.1 10.2.1.2 10.2.1.3 10.2.1.4 10.2.1.5 10.2.1.6 10.2.1.7 10.2.2 10.3
  10.3.1 10.3.2 10.3.3 10.3.4 10.4 10.4.1 10.4.1.1 10.4.2 10.4.2.1 10.4.3 10.5 10.5.1 10.6 10.6.1 10.6.2
  10.6.3 10.7 10.7.1 10.7.2 10.7.3
  11.1 11.1.1 11.1.2 11.2 11.2.1 11.2.2 11.3 11.3.1 11.3.1.1 11.3.1.2 11.3.1.3 11.3.2 11.3.2.1 11.4 11.4.1
  11.4.2 11.4.3 11.4.4 11.4.5 11.4.6 11.4.7 11.5 11.5.1 11.5.1.1 11.5.2 11.6 11.6.1
  12.1 12.1.1 12.1.2 12.1.3 12.1.4 12.2 12.2.1 12.3 12.3.1 12.3.2 12.3.3 12.3.4 12.4 12.4.1 12.4.2 12.4.2.1
  12.5 12.5.1 12.5.2 12.5.2.1 12.5.3 12.6 12.6.1 12.6.2 12.6.3 12.6.3.1 12.6.3.2 12.7 12.7.1 12.8 12.8.1
  12.8.2 12.8.3 12.8.4 12.8.5 12.9 12.9.1 12.9.2 12.10 12.10.1 12.10.2 12.10.3 12.10.4 12.10.4.1 12.10.5
  12.10.6 12.10.7
`);

/** Controls where AWS operates the layer beneath (or its own premises) and the customer its part. */
const SHARED_IDS = words(`
  1.3 1.3.1 1.3.2 1.4 1.4.1 1.4.3 2.2 2.2.1 3.6 3.6.1 3.6.1.2 3.6.1.3 3.6.1.4 3.7 3.7.1 3.7.2 3.7.3 3.7.5
  3.7.6 3.7.7 5.2 5.2.1 6.3 6.3.3 9.1 9.1.1 9.1.2 9.2 9.2.1 9.2.1.1 9.2.2 9.2.3 9.2.4 9.3 9.3.1 9.3.1.1 9.3.2
  9.3.3 9.3.4 9.4 9.4.1 9.4.1.1 9.4.1.2 9.4.5 9.4.5.1 9.4.7 10.2 10.2.1 10.3 10.3.2 10.6 10.6.1 10.6.2 10.7
  10.7.1 10.7.2 10.7.3 11.2 11.2.1 11.3 11.4 11.5 11.5.1
`);

/** Physical requirements that once passed as inherited from AWS although the customer has premises of its own. */
const PHYSICAL_IDS = words('9.2 9.2.1 9.2.1.1 9.2.2 9.2.3 9.2.4 9.3 9.3.1 9.3.1.1 9.3.2 9.3.3 9.3.4');

/** "Additional requirement for service providers only" in v4.0.1 (11.4.7: multi-tenant providers), and the
 * 12.4 and 12.9 headings, every requirement under which is one. */
const SERVICE_PROVIDER_ONLY = words(`
  3.6.1.1 3.7.9 8.2.3 8.3.10 8.3.10.1 10.7.1 11.4.6 11.4.7 11.5.1.1 12.4 12.4.1 12.4.2 12.4.2.1 12.5.2.1 12.5.3
  12.9 12.9.1 12.9.2
`);

/** Rules that require keeping data: evidence against, not for, requirements to retain as little as possible. */
const KEEP_DATA = /BACKUP|PITR|RETENTION|_LOCK_ENABLED|VERSIONING|REPLICATION|SNAPSHOT_ENCRYPTED/;

/** Decisive rules on the requirements the review singled out, with their reasons for deciding. */
const DECISIVE_SAMPLE: Record<string, string[]> = {
  '1.2.5': ['VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS'],
  '1.3.1': [
    'INCOMING_SSH_DISABLED',
    'RESTRICTED_INCOMING_TRAFFIC',
    'LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED',
  ],
  '1.4.4': [
    'RDS_INSTANCE_PUBLIC_ACCESS_CHECK',
    'S3_BUCKET_PUBLIC_READ_PROHIBITED',
    'RDS_SNAPSHOTS_PUBLIC_PROHIBITED',
  ],
  '2.2.6': ['EC2_IMDSV2_CHECK', 'ECS_CONTAINERS_NONPRIVILEGED'],
  '3.7.4': ['CMK_BACKING_KEY_ROTATION_ENABLED'],
  '4.2.1': [
    'CLOUDFRONT_VIEWER_POLICY_HTTPS',
    'CLOUDFRONT_SECURITY_POLICY_CHECK',
    'S3_BUCKET_SSL_REQUESTS_ONLY',
  ],
  '6.3.3': ['EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK'],
  '8.2.6': ['IAM_USER_UNUSED_CREDENTIALS_CHECK'],
  '8.4.1': ['ROOT_ACCOUNT_MFA_ENABLED'],
  '8.4.2': ['MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS'],
  '8.6.2': ['CODEBUILD_PROJECT_ENVVAR_AWSCRED_CHECK', 'ECS_NO_ENVIRONMENT_SECRETS'],
  '10.2.1': ['MULTI_REGION_CLOUD_TRAIL_ENABLED', 'VPC_FLOW_LOGS_ENABLED'],
  '10.3.1': ['CLOUDTRAIL_S3_BUCKET_PUBLIC_ACCESS_PROHIBITED'],
  '10.3.4': ['CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED'],
};

/** Rules that stay supporting: the requirement can be met without them, or one result mixes parameters. */
const SUPPORTING_SAMPLE: Record<string, string[]> = {
  '1.3.1': ['VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS', 'NACL_NO_UNRESTRICTED_SSH_RDP'],
  '3.5.1': ['ENCRYPTED_VOLUMES', 'RDS_STORAGE_ENCRYPTED', 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED'],
  '4.2.1': ['ELB_TLS_HTTPS_LISTENERS_ONLY', 'DMS_ENDPOINT_SSL_CONFIGURED', 'MSK_IN_CLUSTER_NODE_REQUIRE_TLS'],
  '5.2.1': ['GUARDDUTY_MALWARE_PROTECTION_ENABLED'],
  '6.4.2': ['CLOUDFRONT_ASSOCIATED_WITH_WAF', 'ALB_WAF_ENABLED', 'WAFV2_WEBACL_NOT_EMPTY'],
  '8.3.6': ['IAM_PASSWORD_POLICY'],
  '8.3.7': ['IAM_PASSWORD_POLICY'],
  '8.4.2': ['IAM_USER_MFA_ENABLED'],
  '11.3.1': ['INSPECTOR_EC2_SCAN_ENABLED'],
  '11.5.1': ['GUARDDUTY_ENABLED_CENTRALIZED'],
};

/** Automated references the review found deciding requirements they have no bearing on. */
const REMOVED: Record<string, string[]> = {
  '8.3.4': ['EC2_INSTANCE_PROFILE_ATTACHED'],
  '8.2.8': ['EC2_IMDSV2_CHECK'],
  '3.3.1.3': ['DYNAMODB_PITR_ENABLED'],
  '1.2.8': ['INCOMING_SSH_DISABLED'],
  '3.5.1.1': ['ELB_ACM_CERTIFICATE_REQUIRED'],
  '10.3.3': ['RDS_IN_BACKUP_PLAN', 'S3_RESOURCES_PROTECTED_BY_BACKUP_PLAN'],
  '12.4.2.1': ['SERVICE_CATALOG_SHARED_WITHIN_ORGANIZATION'],
};

const AUTOMATED = new Set(['config-rule', 'config-query', 'conformance-pack', 'audit-manager']);
const isDecisive = (e: EvidenceRef) => e.role === 'decisive';

const ROLES = new Set(['security-officer', 'compliance-officer', 'it-operations', 'hr', 'ciso', 'legal']);
const AOC = 'artifact-report:aws-pci-dss-aoc';

describe('pci-dss-4.0.1 framework', () => {
  let fw: Framework;
  beforeAll(async () => {
    fw = await loadPci();
  });

  const control = (id: string) => {
    const c = fw.controls.find((x) => x.id === id);
    if (!c) throw new Error(`control ${id} missing`);
    return c;
  };
  const keysOf = (id: string) => control(id).evidence.map((e) => queryKeyOf(e, control(id)));
  const rulesOf = (id: string, role?: 'decisive' | 'supporting') =>
    control(id).evidence.flatMap((e) =>
      e.kind === 'config-rule' && (!role || e.role === role) ? [e.rule] : [],
    );
  const decisiveAutomated = (id: string) =>
    control(id).evidence.filter((e) => AUTOMATED.has(e.kind) && isDecisive(e));

  it("pins the exact control → evidence mapping, with applicability and each reference's weight", async () => {
    const lines = fw.controls.map(
      (c) =>
        `${c.id} | ${c.responsibility}${c.appliesTo ? ` | ${c.appliesTo.join(',')} only` : ''} | ${c.evidence
          .map((e) => `${queryKeyOf(e, c)}${e.role === 'supporting' ? ' (supporting)' : ''}`)
          .sort()
          .join(', ')}`,
    );
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/pci-dss-4.0.1.mapping.txt');
  });

  it('lists every requirement from 1.1 to 12.10.7, in order, with its official reference', () => {
    expect(fw.controls).toHaveLength(313);
    expect(EXPECTED_IDS).toHaveLength(313);
    expect(fw.controls.map((c) => c.id)).toEqual(EXPECTED_IDS);
    expect(fw.controls.map((c) => c.ref)).toEqual(
      EXPECTED_IDS.map((id) => `PCI DSS v4.0.1 Requirement ${id}`),
    );
  });

  it('groups controls by principal requirement and marks x.y requirements apart from those beneath them', () => {
    expect(fw.groups.map((g) => g.id)).toEqual(Array.from({ length: 12 }, (_, i) => `req-${i + 1}`));
    for (const c of fw.controls) {
      expect(c.group).toBe(`req-${c.id.split('.')[0]}`);
      const depth = c.id.split('.').length;
      expect(c.attributes?.level).toBe(depth === 2 ? 'requirement' : 'sub-requirement');
    }
    expect(fw.controls.filter((c) => c.attributes?.level === 'requirement')).toHaveLength(63);
  });

  it('marks exactly the service-provider-only requirements, for a profile that says which entity it is', () => {
    expect(fw.entityKinds).toEqual(['merchant', 'service-provider']);
    const marked = fw.controls.filter((c) => c.appliesTo);
    expect(marked.map((c) => c.id)).toEqual(SERVICE_PROVIDER_ONLY);
    for (const c of marked) {
      expect(c.appliesTo).toEqual(['service-provider']);
      // A merchant is no longer asked for a "not applicable" statement: the profile's entity decides.
      for (const e of c.evidence) if (e.kind === 'manual') expect(e.title).not.toMatch(/not-applicable/);
    }
  });

  it("inherits nothing from AWS alone: physical security is shared with the customer's own premises", () => {
    expect(fw.controls.filter((c) => c.responsibility === 'aws')).toEqual([]);
    for (const id of PHYSICAL_IDS) {
      const c = control(id);
      expect(c.responsibility).toBe('shared');
      expect(keysOf(id)).toContain(AOC);
      const attestation = c.evidence.find((e) => e.kind === 'manual');
      expect(attestation).toMatchObject({ owner: 'security-officer', maxAgeDays: 365, role: 'decisive' });
      expect(c.responsibilityNote).toMatch(/AWS .*\(AOC\).*customer/);
    }
  });

  it('proves both halves of every shared control: the AWS attestation and decisive customer evidence', () => {
    const shared = fw.controls.filter((c) => c.responsibility === 'shared');
    expect(shared.map((c) => c.id)).toEqual(SHARED_IDS);
    for (const c of shared) {
      const aoc = c.evidence.find((e) => queryKeyOf(e, c) === AOC);
      expect(aoc && isDecisive(aoc)).toBe(true);
      expect(c.evidence.some((e) => queryKeyOf(e, c) !== AOC && isDecisive(e))).toBe(true);
      expect(c.responsibilityNote).toBeTruthy();
    }
  });

  it('keeps customer media, payment devices and office wireless with the customer', () => {
    for (const id of ['9.4.2', '9.4.3', '9.4.6', '9.5.1', '9.5.1.2', '1.3.3', '2.3.1', '4.2.1.2'])
      expect(control(id).responsibility).toBe('customer');
  });

  it('gives every decisive automated reference a rationale and keeps decisive evidence few', () => {
    for (const c of fw.controls) {
      const decisive = decisiveAutomated(c.id);
      for (const e of decisive) expect(e.rationale, `${c.id} ${queryKeyOf(e, c)}`).toBeTruthy();
      expect(decisive.length, c.id).toBeLessThanOrEqual(c.decisiveNote ? Number.POSITIVE_INFINITY : 8);
    }
    expect(fw.controls.filter((c) => c.decisiveNote)).toEqual([]);
    for (const [id, rules] of Object.entries(DECISIVE_SAMPLE))
      expect(rulesOf(id, 'decisive'), id).toEqual(expect.arrayContaining(rules));
    for (const [id, rules] of Object.entries(SUPPORTING_SAMPLE))
      expect(rulesOf(id, 'supporting'), id).toEqual(expect.arrayContaining(rules));
  });

  it('lets the sub-requirements decide: automated evidence on an x.y heading only supports', () => {
    for (const c of fw.controls.filter((x) => x.attributes?.level === 'requirement'))
      expect(decisiveAutomated(c.id), c.id).toEqual([]);
  });

  it('drops the mappings the review found deciding requirements they have no bearing on', () => {
    for (const [id, rules] of Object.entries(REMOVED))
      for (const rule of rules) expect(rulesOf(id), `${id} ${rule}`).not.toContain(rule);
    // Requirements to keep as little as possible are not evidenced by rules that require keeping data.
    for (const id of ['3.2.1', '3.3', '3.3.1', '3.3.1.1', '3.3.1.2', '3.3.1.3', '3.3.2', '3.3.3'])
      expect(
        rulesOf(id).filter((r) => KEEP_DATA.test(r)),
        id,
      ).toEqual([]);
    // A classic load balancer using an ACM certificate decides nothing in PCI DSS.
    for (const c of fw.controls)
      expect(rulesOf(c.id, 'decisive'), c.id).not.toContain('ELB_ACM_CERTIFICATE_REQUIRED');
    // No control is padded: the review found 21 controls carrying 15 or more rules, all of them deciding. Three
    // keep that many, each a requirement spanning every data store or service, and at most five decide.
    for (const id of ['3.5.1', '4.2.1', '10.2.1'])
      expect(rulesOf(id, 'decisive').length, id).toBeLessThanOrEqual(5);
    expect(fw.controls.filter((c) => rulesOf(c.id).length >= 15).map((c) => c.id)).toEqual([
      '3.5.1',
      '4.2.1',
      '10.2.1',
    ]);
  });

  it('never lets a PASS rest on AWS configuration alone: every requirement has a decisive attestation', () => {
    for (const c of fw.controls) {
      const manual = c.evidence.filter((e) => e.kind === 'manual');
      expect(manual.length, c.id).toBeGreaterThan(0);
      expect(manual.every(isDecisive), c.id).toBe(true);
    }
  });

  it('gives procedural requirements a manual attestation with a known owner and a fitting maximum age', () => {
    for (const c of fw.controls)
      for (const e of c.evidence) if (e.kind === 'manual') expect(ROLES.has(e.owner)).toBe(true);
    const manual = (id: string) => control(id).evidence.find((e) => e.kind === 'manual');
    expect(manual('1.2.7')).toMatchObject({ maxAgeDays: 183 });
    expect(manual('7.2.4')).toMatchObject({ maxAgeDays: 183 });
    expect(manual('11.3.2')).toMatchObject({ maxAgeDays: 92 });
    expect(manual('10.4.1')).toMatchObject({ maxAgeDays: 31 });
    for (const id of ['12.3.1', '12.10.1', '12.8.2', '6.4.3', '11.6.1', '12.6.3'])
      expect(manual(id)).toMatchObject({ kind: 'manual' });
  });

  it('keeps AWS evidence the conformance pack lacks where it bears on the requirement', () => {
    expect(keysOf('12.5.2')).toContain('config-query:resources-outside-allowed-regions');
    expect(rulesOf('5.2.1')).toContain('GUARDDUTY_MALWARE_PROTECTION_ENABLED');
    expect(rulesOf('10.3.2')).toContain('CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED');
    expect(rulesOf('11.5.1')).toContain('GUARDDUTY_ENABLED_CENTRALIZED');
  });
});
