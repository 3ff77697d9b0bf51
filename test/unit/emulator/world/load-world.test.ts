// World files: validation with file:line:column, the cross-checks, and how a world expands into live state.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIssue, InputError } from '../../../../src/core/errors.js';
import { demoWorld, loadWorld } from '../../../../src/emulator/built-in-worlds.js';
import { defineWorld, parseWorldText } from '../../../../src/emulator/world/load-world.js';
import { knownManagedRules } from '../../../../src/emulator/world/managed-rule-names.js';
import { WorldState } from '../../../../src/emulator/world/world-state.js';

const NOW = new Date('2025-06-01T12:00:00Z');

const minimal = `organization:
  id: o-abcdefghij
  managementAccount: '111111111111'
regions: [us-east-1, eu-west-1]
accounts:
  - id: '111111111111'
    name: management
    email: root@example.com
`;

/** The issues an InputError carries, formatted as file:line:column: field: message. */
function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err.issues.map(formatIssue);
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('parseWorldText', () => {
  it('applies defaults to a minimal world', () => {
    const world = parseWorldText('w.yaml', minimal);
    expect(world.auditRole).toBe('EvidentiaAuditRole');
    expect(world.baseline).toMatchObject({ recorder: 'on', rules: [], compliance: 'COMPLIANT' });
    expect(world.accounts[0]).toMatchObject({ status: 'ACTIVE', assumeRole: 'allow', resources: [] });
    expect(world.latencyMs).toBe(0);
  });

  it('names file:line:column of an unknown field, a bad value and a YAML syntax error', () => {
    expect(issuesOf(() => parseWorldText('w.yaml', `${minimal}    colour: blue\n`))).toEqual([
      "w.yaml:9:5: accounts[0].colour: unknown field 'colour' (check its spelling; allowed fields are listed in docs/emulator.md)",
    ]);
    const badId = minimal.replace("  - id: '111111111111'", '  - id: 1111');
    expect(issuesOf(() => parseWorldText('w.yaml', badId))).toEqual([
      'w.yaml:6:9: accounts[0].id: expected string, received number',
    ]);
    expect(issuesOf(() => parseWorldText('w.yaml', `${minimal}  - id: [unclosed\n`))[0]).toMatch(
      /^w\.yaml:\d+:\d+: YAML syntax/,
    );
  });

  it('cross-checks accounts, regions and managed rules', () => {
    const text = `${minimal.replace("managementAccount: '111111111111'", "managementAccount: '999999999999'")}
    regions:
      ap-south-1: { recorder: off }
    resources:
      - { type: 'AWS::EC2::Volume', id: vol-1, region: us-west-2 }
      - { type: 'AWS::EC2::Volume', id: vol-2, region: us-east-1, compliance: { NOT_A_RULE: NON_COMPLIANT } }
baseline:
  rules: [ENCRYPTED_VOLUMES, ENCRYPTED_VOLUMEZ]
aggregators:
  - { name: org, account: '222222222222', region: us-east-1, organization: true }
`;
    const issues = issuesOf(() => parseWorldText('w.yaml', text));
    expect(issues).toEqual(
      expect.arrayContaining([
        "w.yaml:3:22: organization.managementAccount: management account '999999999999' is not among the accounts",
        expect.stringMatching(
          /^w\.yaml:11:7: accounts\[0\]\.regions\.ap-south-1: region 'ap-south-1' is not one of/,
        ),
        expect.stringMatching(/^w\.yaml:13:56: accounts\[0\]\.resources\[0\]\.region: region 'us-west-2'/),
        expect.stringMatching(
          /^w\.yaml:14:81: accounts\[0\]\.resources\[1\]\.compliance\.NOT_A_RULE: unknown rule 'NOT_A_RULE'/,
        ),
        expect.stringMatching(
          /^w\.yaml:16:30: baseline\.rules\[1\]: unknown managed rule 'ENCRYPTED_VOLUMEZ'/,
        ),
        "w.yaml:18:27: aggregators[0].account: account '222222222222' is not among the accounts",
      ]),
    );
    expect(issues).toHaveLength(6);
  });

  it('cross-checks the Security Hub section: accounts, regions, one hub per place, known controls', () => {
    const text = `${minimal}securityHub:
  administrator: { account: '222222222222', aggregationRegion: us-east-1 }
  hubs:
    - account: '111111111111'
      region: us-east-1
      controls:
        S3.1: { compliance: PASSED }
        S3.99: { compliance: FAILED }
    - { account: '111111111111', region: us-east-1 }
    - { account: '333333333333', region: ap-south-1 }
`;
    expect(issuesOf(() => parseWorldText('w.yaml', text))).toEqual([
      expect.stringMatching(
        /^w\.yaml:16:9: securityHub\.hubs\[0\]\.controls\.S3\.99: unknown control 'S3\.99'/,
      ),
      'w.yaml:17:7: securityHub.hubs[1]: a second hub for 111111111111/us-east-1: one hub per account and region',
      "w.yaml:18:18: securityHub.hubs[2].account: account '333333333333' is not among the accounts",
      "w.yaml:18:42: securityHub.hubs[2].region: region 'ap-south-1' is not among the world's regions",
      "w.yaml:10:29: securityHub.administrator.account: account '222222222222' is not among the accounts",
    ]);
  });

  it('rejects a fault with two triggers', () => {
    const text = `${minimal}faults:\n  - { kind: throttle, first: 1, every: 2 }\n`;
    expect(issuesOf(() => parseWorldText('w.yaml', text))).toEqual([
      'w.yaml:10:5: faults[0]: a fault takes at most one of first, every, after, probability',
    ]);
  });
});

describe('loading worlds', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evidentia-world-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a YAML or JSON file and reports problems against that file', async () => {
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify(parseWorldText('x', minimal)));
    expect((await loadWorld(good)).organization.id).toBe('o-abcdefghij');
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, minimal.replace('regions: [us-east-1, eu-west-1]', 'regions: []'));
    await expect(loadWorld(bad)).rejects.toThrow(/bad\.yaml:4:10: regions: /);
    await expect(loadWorld(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read world file: ENOENT/);
  });

  it('validates worlds given as objects, naming the field', () => {
    expect(
      issuesOf(() => defineWorld({ organization: { id: 'o-abcdefghij', managementAccount: '1' } })),
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining('organization.managementAccount: expected a 12-digit AWS account id'),
      ]),
    );
  });

  it('ships a demo world that tells the documented story', () => {
    const world = demoWorld();
    expect(world.accounts.map((a) => a.name)).toEqual([
      'security',
      'production',
      'development',
      'sandbox',
      'legacy-marketing',
    ]);
    expect(world.accounts.filter((a) => a.status !== 'ACTIVE').map((a) => a.id)).toEqual(['555555555555']);
    expect(world.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(world.auditRole).toBe('EvidentiaAuditRole');
    expect(world.accounts.filter((a) => a.assumeRole === 'deny').map((a) => a.id)).toEqual(['444444444444']);
    const state = new WorldState(world, NOW);
    const prodEu = state.region('222222222222', 'eu-west-1');
    const prodUs = state.region('222222222222', 'us-east-1');
    expect(prodUs?.rules.some((r) => r.identifier === 'ENCRYPTED_VOLUMES')).toBe(true);
    expect(prodEu?.rules.some((r) => r.identifier === 'ENCRYPTED_VOLUMES')).toBe(false);
    expect(prodUs?.rules).toHaveLength(knownManagedRules().length);
    const dev = state.region('333333333333', 'us-east-1');
    const volumes = dev?.rules.find((r) => r.name === 'encrypted-volumes')?.evaluations;
    expect(volumes).toEqual([
      expect.objectContaining({ resourceId: 'vol-0dev3333aaaa0001', compliance: 'NON_COMPLIANT' }),
      // A resource id beyond Latin-1, which the reports must show intact.
      expect.objectContaining({ resourceId: 'vol-ünïcødé-日本語-🔒', compliance: 'NON_COMPLIANT' }),
    ]);
  });
});

describe('expanding a world', () => {
  const world = defineWorld({
    time: '2025-05-01T00:00:00Z',
    organization: { id: 'o-abcdefghij', managementAccount: '111111111111' },
    regions: ['us-east-1', 'eu-west-1'],
    baseline: {
      rules: ['ENCRYPTED_VOLUMES', 'IAM_PASSWORD_POLICY', 'IAM_USER_MFA_ENABLED'],
      compliance: 'COMPLIANT',
    },
    accounts: [
      {
        id: '111111111111',
        name: 'm',
        email: 'm@example.com',
        rules: { IAM_PASSWORD_POLICY: { compliance: 'NON_COMPLIANT', annotation: 'too short' } },
        regions: {
          'eu-west-1': {
            recorder: 'off',
            rules: {
              IAM_PASSWORD_POLICY: { compliance: 'COMPLIANT' },
              ENCRYPTED_VOLUMES: { deployed: false },
            },
          },
        },
        resources: [
          { type: 'AWS::EC2::Volume', id: 'vol-a', region: 'us-east-1' },
          {
            type: 'AWS::EC2::Volume',
            id: 'vol-b',
            region: 'us-east-1',
            compliance: { ENCRYPTED_VOLUMES: 'NON_COMPLIANT' },
          },
          { type: 'AWS::EC2::Volume', id: 'vol-gone', region: 'us-east-1', status: 'ResourceDeleted' },
          { type: 'AWS::IAM::User', id: 'AIDA1', name: 'alice', region: 'global', tags: { team: 'x' } },
        ],
      },
    ],
  });
  const state = new WorldState(world, NOW);

  it('names rules in kebab case and gives in-scope resources the default verdict', () => {
    const us = state.region('111111111111', 'us-east-1');
    expect(us?.rules.map((r) => r.name)).toEqual([
      'encrypted-volumes',
      'iam-password-policy',
      'iam-user-mfa-enabled',
    ]);
    const volumes = us?.rules[0]?.evaluations.map((e) => [e.resourceId, e.compliance]);
    expect(volumes).toEqual([
      ['vol-a', 'COMPLIANT'],
      ['vol-b', 'NON_COMPLIANT'],
    ]);
    expect(us?.rules[1]?.evaluations).toEqual([
      {
        resourceType: 'AWS::::Account',
        resourceId: '111111111111',
        compliance: 'NON_COMPLIANT',
        annotation: 'too short',
        recordedAt: new Date('2025-04-30T23:50:00Z'),
      },
    ]);
  });

  it('lets region overrides beat account overrides, and undeploys rules', () => {
    const eu = state.region('111111111111', 'eu-west-1');
    expect(eu?.recorder).toBe('off');
    expect(eu?.rules.map((r) => r.name)).toEqual(['iam-password-policy', 'iam-user-mfa-enabled']);
    expect(eu?.rules[0]?.evaluations[0]?.compliance).toBe('COMPLIANT');
  });

  it('records global resources once (first region) but evaluates them in every region', () => {
    const us = state.region('111111111111', 'us-east-1');
    const eu = state.region('111111111111', 'eu-west-1');
    expect(us?.items.filter((i) => i.resourceType === 'AWS::IAM::User')).toEqual([
      expect.objectContaining({
        awsRegion: 'global',
        resourceName: 'alice',
        tags: [{ key: 'team', value: 'x' }],
      }),
    ]);
    expect(eu?.items.some((i) => i.resourceType === 'AWS::IAM::User')).toBe(false);
    expect(eu?.rules[1]?.evaluations.map((e) => e.resourceId)).toEqual(['AIDA1']);
  });

  it('answers undefined for accounts and regions outside the world', () => {
    expect(state.region('999999999999', 'us-east-1')).toBeUndefined();
    expect(state.region('111111111111', 'ap-south-1')).toBeUndefined();
  });
});
