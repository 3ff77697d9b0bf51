// Pins the ISO/IEC 27001:2022 framework: the management-system clauses 4 to 10 and all 93 Annex A controls with
// their published titles, their themes and responsibility split, and the exact control → evidence mapping with
// each reference's role, so a dropped control or a changed query is a deliberate, reviewed change.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Framework, loadCatalog, queryKeyOf, yamlFilesIn } from '../../../../src/catalog/index.js';
import { packagePaths } from '../../../../src/core/paths.js';

const paths = packagePaths();

/** The framework file plus every evidence library, so other frameworks' drafts cannot break this test. */
async function loadIso(): Promise<Framework> {
  const catalog = await loadCatalog({
    defaults: false,
    files: [join(paths.frameworks, 'iso27001-2022.yaml'), ...(await yamlFilesIn(paths.evidenceLibrary))],
  });
  const fw = catalog.frameworks.get('iso27001-2022');
  if (!fw) throw new Error('iso27001-2022 framework not loaded');
  return fw;
}

/** Annex A of the 2022 edition: clause → number of controls and theme. */
const CLAUSES = [
  { clause: 5, count: 37, theme: 'organizational' },
  { clause: 6, count: 8, theme: 'people' },
  { clause: 7, count: 14, theme: 'physical' },
  { clause: 8, count: 34, theme: 'technological' },
] as const;

const EXPECTED_NUMBERS = CLAUSES.flatMap(({ clause, count }) =>
  Array.from({ length: count }, (_, i) => `${clause}.${i + 1}`),
);

/** The eleven controls the 2022 edition added. */
const NEW_IN_2022 = ['5.7', '5.23', '5.30', '7.4', '8.9', '8.10', '8.11', '8.12', '8.16', '8.23', '8.28'];

/** Clauses 4 to 10 with their published titles (7.5, 9.2 and 9.3 by subclause). */
const CLAUSE_TITLES: [string, string][] = [
  ['4.1', 'Understanding the organization and its context'],
  ['4.2', 'Understanding the needs and expectations of interested parties'],
  ['4.3', 'Determining the scope of the information security management system'],
  ['4.4', 'Information security management system'],
  ['5.1', 'Leadership and commitment'],
  ['5.2', 'Policy'],
  ['5.3', 'Organizational roles, responsibilities and authorities'],
  ['6.1.1', 'Actions to address risks and opportunities — General'],
  ['6.1.2', 'Information security risk assessment'],
  ['6.1.3', 'Information security risk treatment'],
  ['6.2', 'Information security objectives and planning to achieve them'],
  ['6.3', 'Planning of changes'],
  ['7.1', 'Resources'],
  ['7.2', 'Competence'],
  ['7.3', 'Awareness'],
  ['7.4', 'Communication'],
  ['7.5.1', 'Documented information — General'],
  ['7.5.2', 'Creating and updating'],
  ['7.5.3', 'Control of documented information'],
  ['8.1', 'Operational planning and control'],
  ['8.2', 'Information security risk assessment'],
  ['8.3', 'Information security risk treatment'],
  ['9.1', 'Monitoring, measurement, analysis and evaluation'],
  ['9.2.1', 'Internal audit — General'],
  ['9.2.2', 'Internal audit programme'],
  ['9.3.1', 'Management review — General'],
  ['9.3.2', 'Management review inputs'],
  ['9.3.3', 'Management review results'],
  ['10.1', 'Continual improvement'],
  ['10.2', 'Nonconformity and corrective action'],
];

/** Annex A titles as published, where earlier drafts of this file paraphrased them or used the 2013 wording. */
const PUBLISHED_TITLES: Record<string, string> = {
  '5.1': 'Policies for information security',
  '5.3': 'Segregation of duties',
  '5.4': 'Management responsibilities',
  '5.21': 'Managing information security in the information and communication technology (ICT) supply chain',
  '5.31': 'Legal, statutory, regulatory and contractual requirements',
  '5.36': 'Compliance with policies, rules and standards for information security',
  '6.1': 'Screening',
  '7.2': 'Physical entry',
  '8.1': 'User end point devices',
  '8.8': 'Management of technical vulnerabilities',
  '8.20': 'Networks security',
  '8.34': 'Protection of information systems during audit testing',
};

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

describe('iso27001-2022 framework', () => {
  let fw: Framework;
  beforeAll(async () => {
    fw = await loadIso();
  });

  const control = (num: string) => {
    const c = fw.controls.find((x) => x.id === `A.${num}`);
    if (!c) throw new Error(`control A.${num} missing`);
    return c;
  };
  const keysOf = (num: string) => control(num).evidence.map((e) => queryKeyOf(e, control(num)));

  const annexA = () => fw.controls.filter((c) => c.id.startsWith('A.'));

  it('pins the exact control → evidence mapping', async () => {
    const lines = fw.controls.map(
      (c) =>
        `${c.id} | ${c.responsibility} | ${c.evidence
          .map((e) => `${e.role === 'supporting' ? '(s) ' : ''}${queryKeyOf(e, c)}`)
          .sort()
          .join(', ')}`,
    );
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/iso27001-2022.mapping.txt');
  });

  it('lists all 93 Annex A controls, in order, with ids and references that agree', () => {
    expect(EXPECTED_NUMBERS).toHaveLength(93);
    expect(annexA()).toHaveLength(93);
    expect(annexA().map((c) => c.ref)).toEqual(
      EXPECTED_NUMBERS.map((n) => `ISO/IEC 27001:2022 Annex A ${n}`),
    );
    expect(annexA().map((c) => c.id)).toEqual(EXPECTED_NUMBERS.map((n) => `A.${n}`));
  });

  it('lists clauses 4 to 10 first, with published titles, ids apart from Annex A, and an attestation each', () => {
    const clauses = fw.controls.filter((c) => c.group === 'clauses');
    expect(clauses.map((c) => [c.id, c.title])).toEqual(CLAUSE_TITLES);
    expect(fw.controls.slice(0, clauses.length)).toEqual(clauses);
    for (const c of clauses) {
      expect(c.ref, c.id).toBe(`ISO/IEC 27001:2022 clause ${c.id}`);
      expect(c.id.startsWith('A.'), c.id).toBe(false);
      expect(c.attributes?.part, c.id).toBe('clause');
      expect(c.responsibility, c.id).toBe('customer');
      expect(c.evidence.length, c.id).toBeGreaterThan(0);
      for (const e of c.evidence)
        expect({ id: c.id, kind: e.kind, role: e.role }).toEqual({
          id: c.id,
          kind: 'manual',
          role: 'decisive',
        });
    }
    expect(clauses.find((c) => c.id === '6.1.3')?.summary).toContain('Statement of Applicability');
  });

  it('uses the published Annex A titles', () => {
    for (const [num, title] of Object.entries(PUBLISHED_TITLES))
      expect(control(num).title, `A.${num}`).toBe(title);
    const titles = annexA().map((c) => c.title);
    expect(new Set(titles).size).toBe(93);
  });

  it('puts each control in the theme of its clause, as group and as attribute', () => {
    for (const c of annexA()) {
      const clause = Number(c.id.split('.')[1]);
      const theme = CLAUSES.find((x) => x.clause === clause)?.theme;
      expect(c.group, c.id).toBe(theme);
      expect(c.attributes?.theme, c.id).toBe(theme);
    }
    expect(fw.groups.map((g) => g.id)).toEqual([
      'clauses',
      'organizational',
      'people',
      'physical',
      'technological',
    ]);
  });

  it('flags exactly the controls new in the 2022 edition', () => {
    const flagged = annexA()
      .filter((c) => c.attributes?.newIn2022 === true)
      .map((c) => c.id.slice(2));
    expect(flagged).toEqual(NEW_IN_2022);
    for (const c of annexA()) expect(typeof c.attributes?.newIn2022, c.id).toBe('boolean');
  });

  it('shares the physical controls where the organisation has premises of its own, and inherits nothing outright', () => {
    const physical = fw.controls.filter((c) => c.group === 'physical');
    const by = (r: string) => physical.filter((c) => c.responsibility === r).map((c) => c.id);
    expect(by('aws')).toEqual([]);
    expect(by('customer')).toEqual(['A.7.7', 'A.7.9']);
    expect(by('shared')).toEqual([
      'A.7.1',
      'A.7.2',
      'A.7.3',
      'A.7.4',
      'A.7.5',
      'A.7.6',
      'A.7.8',
      'A.7.10',
      'A.7.11',
      'A.7.12',
      'A.7.13',
      'A.7.14',
    ]);
    expect(fw.controls.filter((c) => c.responsibility === 'aws')).toEqual([]);
    // AWS's half from its ISO 27001 certificate and SOC 2 report, the organisation's half from an attestation
    for (const id of by('shared')) {
      const c = fw.controls.find((x) => x.id === id);
      expect(
        c?.evidence
          .map((e) => queryKeyOf(e, c))
          .filter((k) => k.startsWith('artifact-report:'))
          .sort(),
        id,
      ).toEqual(['artifact-report:aws-iso27001', 'artifact-report:aws-soc2-type2']);
      expect(
        c?.evidence.some((e) => e.kind === 'manual' && e.role === 'decisive'),
        id,
      ).toBe(true);
    }
  });

  it('backs every shared control with an AWS Artifact report', () => {
    for (const c of fw.controls.filter((x) => x.responsibility === 'shared'))
      expect(
        c.evidence.some((e) => e.kind === 'artifact-report'),
        c.id,
      ).toBe(true);
  });

  it('collects automated evidence for the technological controls AWS can check', () => {
    const automated = (num: string) =>
      control(num).evidence.filter((e) => e.kind === 'config-rule' || e.kind === 'config-query').length;
    const checkable =
      '8.2 8.3 8.5 8.6 8.7 8.8 8.9 8.10 8.12 8.13 8.14 8.15 8.16 8.19 8.20 8.21 8.22 8.24 8.25 8.31 8.32';
    for (const num of checkable.split(' ')) expect(automated(num), `A.${num}`).toBeGreaterThan(0);
    expect(keysOf('8.12')).toContain('config-rule:MACIE_STATUS_CHECK');
    expect(keysOf('8.13')).toEqual(
      expect.arrayContaining(['config-rule:DB_INSTANCE_BACKUP_ENABLED', 'config-rule:DYNAMODB_PITR_ENABLED']),
    );
    expect(keysOf('8.15')).toEqual(
      expect.arrayContaining(['config-rule:CLOUD_TRAIL_ENABLED', 'config-rule:VPC_FLOW_LOGS_ENABLED']),
    );
    expect(keysOf('8.24')).toEqual(
      expect.arrayContaining([
        'config-rule:CMK_BACKING_KEY_ROTATION_ENABLED',
        'config-rule:ENCRYPTED_VOLUMES',
      ]),
    );
  });

  it('gives every manual attestation a known owner role', () => {
    for (const c of fw.controls)
      for (const e of c.evidence) if (e.kind === 'manual') expect(ROLES.has(e.owner), c.id).toBe(true);
  });
});
