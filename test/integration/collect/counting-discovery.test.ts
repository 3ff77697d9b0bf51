// Counting and discovery on a world written for them, through the real planner, SDK clients, collectors and
// evaluators: a rule deployed twice counts distinct resources; rules are recognised by their source
// identifier whatever they are called (Security Hub, Control Tower, a pack, by hand); an organisation
// conformance pack is found under its member-account name; a pack where the recorder is stopped proves
// nothing; a count that is only a lower bound says "at least" in every output; and suspended, closing and
// closed accounts are listed as out of scope with their state.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../../src/core/run-result.js';
import { defineWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { renderFindingsCsv } from '../../../src/render/csv/findings-csv.js';
import { catalogWith, findingsFor, runAgainst } from '../../support/run-against-emulator.js';

const MGMT = '111111111111';
const PROD = '222222222222';
const STOPPED = '333333333333';
const SUSPENDED = '444444444444';
const CLOSING = '555555555555';
const CLOSED = '666666666666';
const EXCLUDED = '777777777777';
const PACK = 'Operational-Best-Practices-for-HIPAA-Security';

const volumes = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({
    type: 'AWS::EC2::Volume',
    id: `${prefix}-${String(i).padStart(3, '0')}`,
    region: 'us-east-1',
    configuration: { encrypted: false },
    compliance: { ENCRYPTED_VOLUMES: 'NON_COMPLIANT' as const },
  }));

function world() {
  return defineWorld({
    name: 'counting-and-discovery',
    time: '2026-12-01T00:00:00Z',
    organization: { id: 'o-counting01', managementAccount: MGMT },
    regions: ['us-east-1', 'eu-west-1'],
    baseline: { rules: [] },
    accounts: [
      { id: MGMT, name: 'management', email: 'mgmt@example.com' },
      {
        id: PROD,
        name: 'production',
        email: 'prod@example.com',
        rules: {
          // The account's own deployment, and the same rule again from a conformance pack.
          ENCRYPTED_VOLUMES: {},
          'encrypted-volumes-conformance-pack-ab12cd34': { identifier: 'ENCRYPTED_VOLUMES' },
          // Deployed by Control Tower, under its own name.
          'AWSControlTower_AWS-GR_EBS_OPTIMIZED_INSTANCE': {
            identifier: 'EBS_OPTIMIZED_INSTANCE',
            evaluations: [{ resourceType: 'AWS::EC2::Instance', resourceId: 'i-1', compliance: 'COMPLIANT' }],
          },
        },
        conformancePacks: [
          // An organisation pack as it appears in a member account.
          {
            name: `OrgConformsPack-${PACK}-x9y8z7w6`,
            rules: ['encrypted-volumes-conformance-pack-ab12cd34'],
          },
        ],
        regions: {
          'eu-west-1': {
            rules: {
              // Deployed by Security Hub, under its own name; 150 failing buckets (AWS caps its count at 100).
              'securityhub-s3-bucket-versioning-enabled-1a2b3c': {
                identifier: 'S3_BUCKET_VERSIONING_ENABLED',
                evaluations: Array.from({ length: 150 }, (_, i) => ({
                  resourceType: 'AWS::S3::Bucket',
                  resourceId: `bucket-${String(i).padStart(3, '0')}`,
                  compliance: 'NON_COMPLIANT' as const,
                })),
              },
            },
          },
        },
        resources: volumes(30, 'vol'),
      },
      {
        id: STOPPED,
        name: 'stopped-recorder',
        email: 'stopped@example.com',
        recorder: 'off',
        rules: { ENCRYPTED_VOLUMES: { compliance: 'COMPLIANT' } },
        conformancePacks: [{ name: PACK, rules: ['ENCRYPTED_VOLUMES'] }],
      },
      { id: SUSPENDED, name: 'suspended', email: 'suspended@example.com', status: 'SUSPENDED' },
      { id: CLOSING, name: 'closing', email: 'closing@example.com', status: 'PENDING_CLOSURE' },
      { id: CLOSED, name: 'closed', email: 'closed@example.com', status: 'CLOSED' },
      { id: EXCLUDED, name: 'excluded', email: 'excluded@example.com' },
    ],
    faults: [
      // Listing the versioning rule's failing buckets fails: AWS's capped count (100) is all there is.
      {
        kind: 'error',
        service: 'config',
        operation: 'GetComplianceDetailsByConfigRule',
        account: PROD,
        region: 'eu-west-1',
        status: 500,
      },
    ],
  });
}

const framework = `type: framework
id: counting
name: Counting
version: "1"
controls:
  - id: "1"
    ref: C 1
    title: Volumes encrypted
    summary: Deployed twice in production.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: ENCRYPTED_VOLUMES }
  - id: "2"
    ref: C 2
    title: Bucket versioning
    summary: Deployed by Security Hub.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: S3_BUCKET_VERSIONING_ENABLED }
  - id: "3"
    ref: C 3
    title: EBS-optimised instances
    summary: Deployed by Control Tower.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: EBS_OPTIMIZED_INSTANCE }
  - id: "4"
    ref: C 4
    title: HIPAA pack
    summary: An organisation pack in production, a stopped recorder elsewhere.
    responsibility: customer
    evidence:
      - { kind: conformance-pack, pack: hipaa-security-pack }
`;

const profile = `type: profile
id: counting
name: Counting
organization: { name: Counting Org }
frameworks: [counting]
scope:
  accounts: organization
  excludeAccounts: ['${EXCLUDED}']
  regions: [us-east-1, eu-west-1]
  role: { name: EvidentiaAuditRole }
collection:
  maxAttempts: 1
  maxResourcesPerFinding: 50
`;

describe('counting and discovery', () => {
  let emulator: Emulator;
  let results: RunResults;

  beforeAll(async () => {
    emulator = await startEmulator({ world: world() });
    const run = await runAgainst(emulator, await catalogWith(framework, profile));
    expect(run.outcome.error?.message).toBeUndefined();
    results = run.results!;
  });
  afterAll(() => emulator?.close());

  it('counts 30 distinct volumes for a rule deployed twice, not 60', () => {
    const f = findingsFor(results, 'config-rule:ENCRYPTED_VOLUMES')[`${PROD}/us-east-1`];
    expect(f?.status).toBe('FAIL');
    expect(f?.failingCount).toBe(30);
    expect(f?.reason).toContain(
      'encrypted-volumes, encrypted-volumes-conformance-pack-ab12cd34 (ENCRYPTED_VOLUMES)',
    );
    // Both deployments' failing volumes were listed in full: the distinct count is exact.
    expect(f?.failingCountAtLeast).toBeUndefined();
    expect(f?.reason).toMatch(/^30 resources are NON_COMPLIANT/);
    expect(f?.resources).toHaveLength(30);
  });

  it('recognises rules by their source identifier, whatever Security Hub or Control Tower named them', () => {
    const versioning = findingsFor(results, 'config-rule:S3_BUCKET_VERSIONING_ENABLED')[`${PROD}/eu-west-1`];
    expect(versioning?.status).toBe('FAIL');
    expect(versioning?.reason).toContain('securityhub-s3-bucket-versioning-enabled-1a2b3c');
    const optimised = findingsFor(results, 'config-rule:EBS_OPTIMIZED_INSTANCE')[`${PROD}/us-east-1`];
    expect(optimised?.status).toBe('PASS');
    expect(optimised?.reason).toContain('AWSControlTower_AWS-GR_EBS_OPTIMIZED_INSTANCE');
  });

  it('carries "at least" when AWS capped the count and the resources could not be listed', async () => {
    const f = findingsFor(results, 'config-rule:S3_BUCKET_VERSIONING_ENABLED')[`${PROD}/eu-west-1`];
    expect(f).toMatchObject({ failingCount: 100, failingCountAtLeast: true });
    expect(f?.reason).toMatch(/^at least 100 resources/);
    const csv = await renderFindingsCsv(results);
    // Every cell is quoted (src/render/csv/csv-cell.ts); none of these cells holds a quote or a comma.
    const cells = (line: string) => line.slice(1, -1).split('","');
    const header = cells(csv.split('\r\n')[0]!);
    const row = cells(
      csv
        .split('\r\n')
        .find((l) => l.includes('S3_BUCKET_VERSIONING_ENABLED') && l.includes(`"${PROD}","eu-west-1"`))!,
    );
    expect(row[header.indexOf('failing_count')]).toBe('100');
    expect(row[header.indexOf('failing_count_at_least')]).toBe('true');
  });

  it('finds an organisation conformance pack under its member-account name', () => {
    const f = findingsFor(results, 'conformance-pack:hipaa-security-pack')[`${PROD}/us-east-1`];
    expect(f?.status).toBe('FAIL');
    expect(f?.reason).toContain(`conformance pack ${PACK}`);
    expect(f?.resources.map((r) => r.resourceId)).toEqual(['encrypted-volumes-conformance-pack-ab12cd34']);
  });

  it('gives no pack verdict where the recorder is stopped, however compliant the pack says it is', () => {
    const f = findingsFor(results, 'conformance-pack:hipaa-security-pack')[`${STOPPED}/us-east-1`];
    expect(f?.status).toBe('NOT_EVALUATED');
    expect(f?.reason).toMatch(/AWS Config is not recording in 333333333333\/us-east-1/);
    expect(findingsFor(results, 'conformance-pack:hipaa-security-pack')[`${MGMT}/us-east-1`]?.reason).toMatch(
      /not deployed/,
    );
  });

  it('lists suspended, closing, closed and excluded accounts as out of scope with their state', () => {
    expect(results.run.scope.accounts).toEqual([MGMT, PROD, STOPPED]);
    expect(results.run.scope.outOfScope).toEqual([
      {
        accountId: SUSPENDED,
        name: 'suspended',
        state: 'SUSPENDED',
        reason: 'The account is SUSPENDED in AWS Organizations, so it cannot be assessed',
      },
      expect.objectContaining({ accountId: CLOSING, state: 'PENDING_CLOSURE' }),
      expect.objectContaining({ accountId: CLOSED, state: 'CLOSED' }),
      expect.objectContaining({ accountId: EXCLUDED, name: 'excluded', state: 'EXCLUDED' }),
    ]);
    expect(results.run.scope.unreadable).toEqual([]);
  });
});
