import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadProfile, validateCatalog } from '../../../src/catalog/index.js';
import { formatIssue, InputError } from '../../../src/core/errors.js';

const root = join(import.meta.dirname, '../../fixtures/catalog/good');

async function withBrokenFramework(text: string) {
  const dir = await mkdtemp(join(tmpdir(), 'evidentia-cat-'));
  const file = join(dir, 'broken.yaml');
  await writeFile(file, text);
  return validateCatalog({ root, files: [file] });
}

describe('loadCatalog', () => {
  it('loads frameworks and the evidence library from a root', async () => {
    const catalog = await loadCatalog({ root });
    expect([...catalog.frameworks.keys()].sort()).toEqual(['mini', 'mini2']);
    expect([...catalog.queries.keys()].sort()).toEqual([
      'artifact-report:aws-soc2-type2',
      'config-query:outside-regions',
      'config-query:rds-storage-unencrypted',
      'config-rule:ENCRYPTED_VOLUMES',
      'config-rule:IAM_PASSWORD_POLICY',
    ]);
    const control = catalog.frameworks.get('mini')?.controls[2];
    expect(control?.evidence[0]).toEqual({
      kind: 'manual',
      title: 'Security policy',
      role: 'decisive',
      owner: 'security-officer',
      maxAgeDays: 365,
    });
  });

  it('reports a duplicate control id at the second definition, naming the first', async () => {
    const { issues } = await withBrokenFramework(`type: framework
id: broken
name: Broken
version: "1"
controls:
  - { id: "1", ref: B 1, title: t, summary: s, responsibility: customer, evidence: [{ kind: manual, title: x, owner: o }] }
  - { id: "1", ref: B 1, title: t, summary: s, responsibility: customer, evidence: [{ kind: manual, title: x, owner: o }] }
`);
    expect(issues.map(formatIssue)).toEqual([
      expect.stringMatching(
        /broken\.yaml:7:\d+: controls\[1\]\.id: duplicate control id '1' \(first defined on line 6\)/,
      ),
    ]);
  });

  it('rejects unknown evidence kinds, unknown managed rules, missing responsibility and unknown fields', async () => {
    const { issues } = await withBrokenFramework(`type: framework
id: broken
name: Broken
version: "1"
controls:
  - id: "1"
    ref: B 1
    title: t
    summary: s
    evidence:
      - { kind: cloudtrail-magic, rule: X }
  - id: "2"
    ref: B 2
    title: t
    summary: s
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: NOT_A_REAL_RULE }
    colour: blue
`);
    const text = issues.map(formatIssue);
    expect(text).toContainEqual(
      expect.stringMatching(/broken\.yaml:6:\d+: controls\[0\]\.responsibility: missing required field/),
    );
    expect(text).toContainEqual(
      expect.stringMatching(
        /broken\.yaml:11:\d+: controls\[0\]\.evidence\[0\]\.kind: expected kind to be one of/,
      ),
    );
    expect(text).toContainEqual(
      expect.stringMatching(/broken\.yaml:19:5: controls\[1\]\.colour: unknown field 'colour'/),
    );
  });

  it('rejects a rule outside the managed-rule list and a ref that disagrees with its id', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-cat-'));
    const lib = join(dir, 'lib.yaml');
    await writeFile(
      lib,
      `type: evidence-library
queries:
  - { kind: config-rule, id: MADE_UP_RULE, title: t, severity: low, remediation: r, docs: "https://docs.aws.amazon.com/x" }
`,
    );
    const fw = join(dir, 'fw.yaml');
    await writeFile(
      fw,
      `type: framework
id: fw
name: F
version: "1"
controls:
  - { id: "3.5.1", ref: PCI DSS 3.6.1, title: t, summary: s, responsibility: customer, evidence: [{ kind: config-rule, rule: MADE_UP_RULE }] }
`,
    );
    const { issues } = await validateCatalog({ root, files: [lib, fw] });
    const text = issues.map(formatIssue).join('\n');
    expect(text).toMatch(
      /lib\.yaml:3:\d+: queries\[0\]\.id: 'MADE_UP_RULE' is not a known AWS Config managed rule/,
    );
    expect(text).toMatch(
      /fw\.yaml:6:\d+: controls\[0\]\.ref: ref 'PCI DSS 3.6.1' does not contain the control id '3.5.1'/,
    );
  });

  it('requires an inherited control to name its Artifact report', async () => {
    const { issues } = await withBrokenFramework(`type: framework
id: broken
name: Broken
version: "1"
controls:
  - { id: "1", ref: B 1, title: t, summary: s, responsibility: aws, evidence: [{ kind: manual, title: x, owner: o }] }
`);
    expect(issues.map(formatIssue)).toEqual([expect.stringMatching(/must name the AWS Artifact report/)]);
  });

  it('reports YAML syntax errors with their position', async () => {
    const { issues } = await withBrokenFramework('type: framework\ncontrols: [\n  - a: b\n');
    expect(issues[0]?.location.line).toBeGreaterThan(1);
    expect(issues[0]?.message).toMatch(/^YAML syntax/);
  });

  it('throws an InputError with exit code 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-cat-'));
    await copyFile(join(root, 'frameworks/mini.yaml'), join(dir, 'dup.yaml'));
    await writeFile(join(dir, 'bad.yaml'), 'type: nonsense\n');
    const err = await loadCatalog({ root, files: [join(dir, 'bad.yaml')] }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.exitCode).toBe(2);
  });
});

describe('loadProfile', () => {
  it('loads a profile by name and checks it against the catalogue', async () => {
    const catalog = await loadCatalog({ root });
    const profile = await loadProfile('mini', catalog, root);
    expect(profile.scope.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(profile.collection.concurrency).toEqual({ global: 16, perAccount: 4 });
  });

  it('rejects unknown frameworks, bad cron, bad regions and bad account ids with their positions', async () => {
    const catalog = await loadCatalog({ root });
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-prof-'));
    const file = join(dir, 'p.yaml');
    await writeFile(
      file,
      `type: profile
id: p
name: P
organization: { name: O }
frameworks: [mini, nope]
scope:
  accounts: ['12345']
  regions: [us-east-1, mars-north-9x]
  role: { name: R }
schedule: { cron: "99 * * * *" }
`,
    );
    const err = await loadProfile(file, catalog, root).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    const text = (err as InputError).issues.map(formatIssue).join('\n');
    expect(text).toMatch(/p\.yaml:7:\d+: scope\.accounts\[0\]: expected a 12-digit AWS account id/);
    expect(text).toMatch(/p\.yaml:8:\d+: scope\.regions\[1\]: expected an AWS region name/);
  });

  it('rejects an unknown framework and an invalid cron once the schema passes', async () => {
    const catalog = await loadCatalog({ root });
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-prof-'));
    const file = join(dir, 'p.yaml');
    await writeFile(
      file,
      `type: profile
id: p
name: P
organization: { name: O }
frameworks: [mini, nope]
scope:
  accounts: ['123456789012']
  regions: [us-east-1]
  role: { name: R }
schedule: { cron: "99 * * * *" }
`,
    );
    const err = (await loadProfile(file, catalog, root).catch((e) => e)) as InputError;
    const text = err.issues.map(formatIssue).join('\n');
    expect(text).toMatch(/p\.yaml:5:20: frameworks\[1\]: unknown framework 'nope'/);
    expect(text).toMatch(/p\.yaml:10:\d+: schedule\.cron: '99 \* \* \* \*' is not a valid cron expression/);
  });
});
