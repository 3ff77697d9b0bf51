// Pins the GDPR framework: every article paragraph it covers, and the exact control → evidence mapping, so a
// dropped control or a changed query is a deliberate, reviewed change.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Framework, loadCatalog, queryKeyOf, yamlFilesIn } from '../../../../src/catalog/index.js';
import { packagePaths } from '../../../../src/core/paths.js';

const paths = packagePaths();

/** The framework file plus every evidence library, so other frameworks' drafts cannot break this test. */
async function loadGdpr(): Promise<Framework> {
  const catalog = await loadCatalog({
    defaults: false,
    files: [join(paths.frameworks, 'gdpr.yaml'), ...(await yamlFilesIn(paths.evidenceLibrary))],
  });
  const fw = catalog.frameworks.get('gdpr');
  if (!fw) throw new Error('gdpr framework not loaded');
  return fw;
}

const EXPECTED_REFS = [
  'GDPR Article 5(1)(a)',
  'GDPR Article 5(1)(b)',
  'GDPR Article 5(1)(c)',
  'GDPR Article 5(1)(d)',
  'GDPR Article 5(1)(e)',
  'GDPR Article 5(1)(f)',
  'GDPR Article 5(2)',
  'GDPR Article 6(1)',
  'GDPR Article 7(1)',
  'GDPR Article 9(2)',
  'GDPR Article 12(3)',
  'GDPR Article 13(1)',
  'GDPR Article 14(1)',
  'GDPR Article 15(1)',
  'GDPR Article 16',
  'GDPR Article 17(1)',
  'GDPR Article 18(1)',
  'GDPR Article 19',
  'GDPR Article 20(1)',
  'GDPR Article 21(1)',
  'GDPR Article 22(1)',
  'GDPR Article 24(1)',
  'GDPR Article 24(2)',
  'GDPR Article 25(1)',
  'GDPR Article 25(2)',
  'GDPR Article 26(1)',
  'GDPR Article 27(1)',
  'GDPR Article 28(1)',
  'GDPR Article 28(2)',
  'GDPR Article 28(3)',
  'GDPR Article 28(3)(h)',
  'GDPR Article 28(4)',
  'GDPR Article 29',
  'GDPR Article 30(1)',
  'GDPR Article 30(2)',
  'GDPR Article 31',
  'GDPR Article 32(1)(a)',
  'GDPR Article 32(1)(b)',
  'GDPR Article 32(1)(c)',
  'GDPR Article 32(1)(d)',
  'GDPR Article 32(2)',
  'GDPR Article 32(4)',
  'GDPR Article 33(1)',
  'GDPR Article 33(2)',
  'GDPR Article 33(3)',
  'GDPR Article 33(4)',
  'GDPR Article 33(5)',
  'GDPR Article 34(1)',
  'GDPR Article 35(1)',
  'GDPR Article 35(11)',
  'GDPR Article 36(1)',
  'GDPR Article 37(1)',
  'GDPR Article 37(7)',
  'GDPR Article 38(1)',
  'GDPR Article 39(1)',
  'GDPR Article 44',
  'GDPR Article 45(1)',
  'GDPR Article 46(1)',
  'GDPR Article 46(2)(c)',
  'GDPR Article 47(1)',
  'GDPR Article 48',
  'GDPR Article 49(1)',
];

const ROLES = new Set([
  'security-officer',
  'privacy-officer',
  'compliance-officer',
  'it-operations',
  'hr',
  'dpo',
  'ciso',
  'legal',
]);

describe('gdpr framework', () => {
  let fw: Framework;
  beforeAll(async () => {
    fw = await loadGdpr();
  });

  const control = (id: string) => {
    const c = fw.controls.find((x) => x.id === id);
    if (!c) throw new Error(`control ${id} missing`);
    return c;
  };
  const keysOf = (id: string) => control(id).evidence.map((e) => queryKeyOf(e, control(id)));

  it('pins the exact control → evidence mapping', async () => {
    const lines = fw.controls.map(
      (c) =>
        `${c.id} | ${c.responsibility} | ${c.evidence
          .map((e) => `${e.role === 'supporting' ? '(s) ' : ''}${queryKeyOf(e, c)}`)
          .sort()
          .join(', ')}`,
    );
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/gdpr.mapping.txt');
  });

  it('covers every expected article paragraph, in order, and nothing else', () => {
    expect(fw.controls).toHaveLength(62);
    expect(fw.controls.map((c) => c.ref)).toEqual(EXPECTED_REFS);
  });

  it('names controls Art.<ref core> so id and reference agree', () => {
    for (const c of fw.controls) expect(c.ref).toBe(`GDPR Article ${c.id.slice('Art.'.length)}`);
  });

  it('backs every AWS-inherited or shared control with an AWS Artifact report', () => {
    const withArtifact = fw.controls.filter((c) => c.responsibility !== 'customer');
    expect(withArtifact.map((c) => c.id)).toEqual([
      'Art.5(1)(f)',
      'Art.28(1)',
      'Art.28(2)',
      'Art.28(3)(h)',
      'Art.28(4)',
      'Art.32(1)(a)',
      'Art.32(1)(b)',
      'Art.32(1)(c)',
      'Art.32(1)(d)',
      'Art.32(4)',
      'Art.33(2)',
    ]);
    for (const c of withArtifact) expect(c.evidence.some((e) => e.kind === 'artifact-report')).toBe(true);
    // shared means both halves: the customer's own evidence is there too
    for (const c of withArtifact) expect(c.evidence.some((e) => e.kind !== 'artifact-report')).toBe(true);
  });

  it('proves processor guarantees with AWS privacy certifications', () => {
    expect(keysOf('Art.28(1)')).toEqual(
      expect.arrayContaining(['artifact-report:aws-iso27018', 'artifact-report:aws-iso27701']),
    );
    // The AWS GDPR DPA is cited through Artifact, as supporting evidence: AWS incorporates it in the Service
    // Terms, so its absence from the accepted agreements must not fail the controller's contract register.
    expect(control('Art.28(3)').evidence).toEqual([
      expect.objectContaining({ kind: 'artifact-agreement', agreement: 'aws-gdpr-dpa', role: 'supporting' }),
      expect.objectContaining({ kind: 'manual', owner: 'legal', role: 'decisive' }),
    ]);
  });

  it('uses at least 60 distinct managed rules, and decides public access and encryption of Redshift and OpenSearch', () => {
    const rules = new Set(
      fw.controls.flatMap((c) => c.evidence.flatMap((e) => (e.kind === 'config-rule' ? [e.rule] : []))),
    );
    expect(rules.size).toBeGreaterThanOrEqual(60);
    const decisive = (id: string) =>
      control(id).evidence.flatMap((e) =>
        e.kind === 'config-rule' && e.role === 'decisive' ? [e.rule] : [],
      );
    expect(decisive('Art.25(2)')).toEqual(
      expect.arrayContaining(['REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK', 'OPENSEARCH_IN_VPC_ONLY']),
    );
    expect(decisive('Art.32(1)(a)')).toEqual(
      expect.arrayContaining(['REDSHIFT_CLUSTER_KMS_ENABLED', 'OPENSEARCH_ENCRYPTED_AT_REST']),
    );
  });

  it('treats the procedural articles added on review as attestations', () => {
    for (const id of ['Art.29', 'Art.31', 'Art.33(3)', 'Art.33(4)'])
      expect(control(id).evidence.map((e) => e.kind)).toEqual(['manual']);
  });

  it('checks data residency on the transfer articles', () => {
    for (const id of ['Art.44', 'Art.45(1)'])
      expect(keysOf(id)).toContain('config-query:resources-outside-allowed-regions');
    const register = control('Art.44').evidence.find((e) => e.kind === 'manual');
    expect(register).toMatchObject({ kind: 'manual', title: expect.stringMatching(/S3 replication/) });
  });

  it('collects automated evidence for security of processing and breach detection', () => {
    expect(keysOf('Art.32(1)(a)')).toEqual(
      expect.arrayContaining([
        'config-rule:CMK_BACKING_KEY_ROTATION_ENABLED',
        'config-rule:ENCRYPTED_VOLUMES',
        'config-rule:S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED',
      ]),
    );
    expect(keysOf('Art.32(1)(c)')).toEqual(
      expect.arrayContaining([
        'config-rule:DYNAMODB_PITR_ENABLED',
        'config-rule:S3_BUCKET_REPLICATION_ENABLED',
      ]),
    );
    expect(keysOf('Art.32(1)(d)')).toEqual(
      expect.arrayContaining([
        'config-rule:SECURITYHUB_ENABLED',
        'config-query:config-rule-evaluations-recorded',
      ]),
    );
    expect(keysOf('Art.33(1)')).toEqual(
      expect.arrayContaining([
        'config-rule:GUARDDUTY_ENABLED_CENTRALIZED',
        'config-rule:SECURITYHUB_ENABLED',
      ]),
    );
    expect(keysOf('Art.33(5)')).toContain('config-rule:CLOUD_TRAIL_ENABLED');
  });

  it('gives every manual attestation a known owner role and a group to every control', () => {
    const groups = new Set(fw.groups.map((g) => g.id));
    for (const c of fw.controls) {
      expect(groups.has(c.group ?? '')).toBe(true);
      for (const e of c.evidence) if (e.kind === 'manual') expect(ROLES.has(e.owner)).toBe(true);
    }
  });
});
