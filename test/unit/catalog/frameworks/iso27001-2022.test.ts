// Pins the ISO/IEC 27001:2022 framework: all 93 Annex A controls, their themes and responsibility split, and the
// exact control → evidence mapping, so a dropped control or a changed query is a deliberate, reviewed change.

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

  it('pins the exact control → evidence mapping', async () => {
    const lines = fw.controls.map(
      (c) =>
        `${c.id} | ${c.responsibility} | ${c.evidence
          .map((e) => queryKeyOf(e, c))
          .sort()
          .join(', ')}`,
    );
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/iso27001-2022.mapping.txt');
  });

  it('lists all 93 Annex A controls, in order, with ids and references that agree', () => {
    expect(EXPECTED_NUMBERS).toHaveLength(93);
    expect(fw.controls).toHaveLength(93);
    expect(fw.controls.map((c) => c.ref)).toEqual(
      EXPECTED_NUMBERS.map((n) => `ISO/IEC 27001:2022 Annex A ${n}`),
    );
    expect(fw.controls.map((c) => c.id)).toEqual(EXPECTED_NUMBERS.map((n) => `A.${n}`));
  });

  it('puts each control in the theme of its clause, as group and as attribute', () => {
    for (const c of fw.controls) {
      const clause = Number(c.id.split('.')[1]);
      const theme = CLAUSES.find((x) => x.clause === clause)?.theme;
      expect(c.group, c.id).toBe(theme);
      expect(c.attributes?.theme, c.id).toBe(theme);
    }
    expect(fw.groups.map((g) => g.id)).toEqual(['organizational', 'people', 'physical', 'technological']);
  });

  it('flags exactly the controls new in the 2022 edition', () => {
    const flagged = fw.controls.filter((c) => c.attributes?.newIn2022 === true).map((c) => c.id.slice(2));
    expect(flagged).toEqual(NEW_IN_2022);
    for (const c of fw.controls) expect(typeof c.attributes?.newIn2022, c.id).toBe('boolean');
  });

  it('inherits physical data-centre controls from AWS, but not the organisation’s own desks and devices', () => {
    const physical = fw.controls.filter((c) => c.group === 'physical');
    const by = (r: string) => physical.filter((c) => c.responsibility === r).map((c) => c.id);
    expect(by('aws')).toEqual([
      'A.7.1',
      'A.7.2',
      'A.7.3',
      'A.7.4',
      'A.7.5',
      'A.7.6',
      'A.7.8',
      'A.7.11',
      'A.7.12',
      'A.7.13',
    ]);
    expect(by('customer')).toEqual(['A.7.7', 'A.7.9']);
    expect(by('shared')).toEqual(['A.7.10', 'A.7.14']);
    // the organisation's half of a shared physical control is an attestation
    for (const id of by('shared'))
      expect(fw.controls.find((c) => c.id === id)?.evidence.some((e) => e.kind === 'manual')).toBe(true);
  });

  it('backs every AWS-inherited control with the ISO 27001 certificate and the SOC 2 report', () => {
    const inherited = fw.controls.filter((c) => c.responsibility === 'aws');
    expect(inherited.length).toBeGreaterThan(0);
    for (const c of inherited) {
      expect(
        c.evidence.some((e) => e.kind === 'artifact-report'),
        c.id,
      ).toBe(true);
      expect(c.evidence.map((e) => queryKeyOf(e, c)).sort(), c.id).toEqual([
        'artifact-report:aws-iso27001',
        'artifact-report:aws-soc2-type2',
      ]);
    }
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
