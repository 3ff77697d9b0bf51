// Applicability as a profile declares it: entries `{ id, entity, notApplicable }` beside plain ids, each bad
// declaration refused with its file:line and field; and the catalogue rule that every control has decisive
// evidence.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overDecisiveCap } from '../../../src/catalog/coverage.js';
import { type Catalog, loadCatalog, loadProfile, validateCatalog } from '../../../src/catalog/index.js';
import { InputError } from '../../../src/core/errors.js';

const root = join(import.meta.dirname, '../../fixtures/catalog/weighed');
let catalog: Catalog;
let dir: string;

beforeAll(async () => {
  catalog = await loadCatalog({ root });
  dir = await mkdtemp(join(tmpdir(), 'evidentia-applicability-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const HEAD = `type: profile
id: p
name: P
organization: { name: Example }
scope:
  accounts: ["111111111111"]
  regions: [us-east-1]
  role: { name: EvidentiaAudit }
frameworks:
`;

async function problems(frameworks: string): Promise<string[]> {
  const file = join(dir, `p-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, HEAD + frameworks);
  try {
    await loadProfile(file, catalog, root);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).issues.map((i) => `${i.location.line}:${i.field}: ${i.message}`);
  }
  return [];
}

describe('declaring applicability in a profile', () => {
  it('accepts plain ids and { id, entity, notApplicable } entries, and keeps the ids in order', async () => {
    const file = join(dir, 'ok.yaml');
    await writeFile(
      file,
      `${HEAD}  - id: weighed
    entity: service-provider
    notApplicable:
      - { control: "1.4", justification: No RDS, approver: ciso, date: "2026-01-31" }
`,
    );
    const profile = await loadProfile(file, catalog, root);
    expect(profile.frameworks).toEqual(['weighed']);
    expect(profile.applicability).toEqual({
      entities: { weighed: 'service-provider' },
      notApplicable: [
        {
          frameworkId: 'weighed',
          control: '1.4',
          justification: 'No RDS',
          approver: 'ciso',
          date: '2026-01-31',
        },
      ],
    });
    const plain = join(dir, 'plain.yaml');
    await writeFile(plain, `${HEAD}  - weighed\n`);
    const p2 = await loadProfile(plain, catalog, root);
    expect(p2.frameworks).toEqual(['weighed']);
    expect(p2.applicability).toBeUndefined();
  });

  it('refuses an entity the framework does not declare, naming the ones it does', async () => {
    expect(await problems('  - { id: weighed, entity: clearinghouse }\n')).toEqual([
      "10:frameworks[0].entity: unknown entity 'clearinghouse' for weighed (expected one of merchant, service-provider)",
    ]);
  });

  it('refuses an unknown control, a duplicate, a missing justification, approver or date, and a bad date', async () => {
    const found = await problems(`  - id: weighed
    notApplicable:
      - { control: "9.9", justification: x, approver: y, date: 2026-01-01 }
      - { control: "1.4", justification: x, approver: y, date: 2026-01-01 }
      - { control: "1.4", justification: x, approver: y, date: 2026-01-01 }
`);
    expect(found).toEqual([
      expect.stringMatching(
        /^12:frameworks\[0\]\.notApplicable\[0\]\.control: unknown control '9\.9' in weighed/,
      ),
      expect.stringMatching(
        /^14:frameworks\[0\]\.notApplicable\[2\]\.control: control '1\.4' is declared not applicable twice \(first on line 13\)/,
      ),
    ]);
    expect(
      await problems(`  - id: weighed
    notApplicable:
      - { control: "1.4", approver: y, date: 2026-13-45 }
`),
    ).toEqual([
      expect.stringMatching(/^12:frameworks\[0\]\.notApplicable\[0\]\.justification: missing required field/),
      expect.stringMatching(/^12:frameworks\[0\]\.notApplicable\[0\]\.date: expected a real calendar date/),
    ]);
  });

  it('refuses a shared control with nothing decisive for the customer’s part', async () => {
    const cat = join(dir, 'cat-shared');
    await mkdir(join(cat, 'frameworks'), { recursive: true });
    const fw = join(cat, 'frameworks', 'shared-aws-only.yaml');
    await writeFile(
      fw,
      `type: framework
id: shared-aws-only
name: Shared, AWS only
version: "1"
controls:
  - id: "1"
    ref: S 1
    title: Physical security
    summary: s
    responsibility: shared
    evidence:
      - { kind: artifact-report, report: aws-soc2-type2 }
      - { kind: manual, title: Office review, owner: facilities, role: supporting }
`,
    );
    const { issues } = await validateCatalog({ root, files: [fw] });
    expect(issues.map((i) => `${i.location.line}:${i.field}: ${i.message}`)).toEqual([
      expect.stringMatching(
        /^10:controls\[0\]\.responsibility: control '1' is shared, so it must name decisive evidence for the customer's part/,
      ),
    ]);
  });

  it('refuses a catalogue control whose evidence is all supporting', async () => {
    const cat = join(dir, 'cat');
    await mkdir(join(cat, 'frameworks'), { recursive: true });
    const fw = join(cat, 'frameworks', 'only-supporting.yaml');
    await writeFile(
      fw,
      `type: framework
id: only-supporting
name: Only supporting
version: "1"
controls:
  - id: "1"
    ref: OS 1
    title: t
    summary: s
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: ENCRYPTED_VOLUMES, role: supporting }
`,
    );
    const { issues } = await validateCatalog({ root, files: [fw] });
    expect(issues.map((i) => `${i.location.line}:${i.field}: ${i.message}`)).toEqual([
      expect.stringMatching(/^12:controls\[0\]\.evidence: control '1' has only supporting evidence/),
    ]);
  });
});

describe('decisive breadth', () => {
  it('names the controls with more decisive automated evidence than a cap, and whether the file says why', async () => {
    const fw = catalog.frameworks.get('weighed')!;
    // 1.1 has one decisive rule and one supporting: supporting evidence does not count towards the cap.
    expect(overDecisiveCap(fw, 1)).toEqual([]);
    expect(overDecisiveCap(fw, 0)).toEqual([
      { controlId: '1.1', decisive: 1 },
      { controlId: '1.3', decisive: 1 },
      { controlId: '1.4', decisive: 1 },
    ]);
    const noted = {
      ...fw,
      controls: fw.controls.map((c) => (c.id === '1.1' ? { ...c, decisiveNote: 'why' } : c)),
    };
    expect(overDecisiveCap(noted, 0)[0]).toEqual({ controlId: '1.1', decisive: 1, note: 'why' });
  });
});
