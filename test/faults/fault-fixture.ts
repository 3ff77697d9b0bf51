// Shared set-up for the fault matrix: a small organisation with failing and passing evidence in every
// account, a framework over it, a profile with quick retries and short timeouts, and the comparison that
// proves a faulty run reached the clean run's verdicts — and that no fault ever became a PASS.

import { expect } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { RunResults } from '../../src/core/run-result.js';
import { defineWorld, type World, type WorldInput } from '../../src/emulator/index.js';

export const MGMT = '111111111111';
export const PROD = '222222222222';
export const DEV = '333333333333';
export const REGIONS = ['us-east-1', 'eu-west-1'] as const;

export const RULES = [
  'ENCRYPTED_VOLUMES',
  'S3_BUCKET_PUBLIC_READ_PROHIBITED',
  'S3_BUCKET_VERSIONING_ENABLED',
  'ROOT_ACCOUNT_MFA_ENABLED',
  'IAM_PASSWORD_POLICY',
  'INCOMING_SSH_DISABLED',
  'CLOUD_TRAIL_ENCRYPTION_ENABLED',
  'RDS_STORAGE_ENCRYPTED',
  'VPC_FLOW_LOGS_ENABLED',
  'CMK_BACKING_KEY_ROTATION_ENABLED',
];

type Account = WorldInput['accounts'][number];
type Resource = NonNullable<Account['resources']>[number];

function account(id: string, name: string, failing: boolean, extra: Partial<Account> = {}): Account {
  return {
    id,
    name,
    email: `${name}@example.com`,
    ...(failing
      ? {
          rules: { ROOT_ACCOUNT_MFA_ENABLED: { compliance: 'NON_COMPLIANT', annotation: 'root has no MFA' } },
        }
      : {}),
    resources: REGIONS.flatMap((region): Resource[] => [
      {
        type: 'AWS::EC2::Volume',
        id: `vol-${id}-${region}`,
        region,
        configuration: { encrypted: !failing, size: 8 },
        ...(failing
          ? {
              compliance: {
                ENCRYPTED_VOLUMES: { compliance: 'NON_COMPLIANT' as const, annotation: 'plain' },
              },
            }
          : {}),
      },
      {
        type: 'AWS::S3::Bucket',
        id: `bucket-${id}-${region}`,
        name: `bucket-${id}-${region}`,
        region,
        ...(failing ? { compliance: { S3_BUCKET_PUBLIC_READ_PROHIBITED: 'NON_COMPLIANT' as const } } : {}),
      },
    ]),
    ...extra,
  };
}

/** Three accounts × two regions; development fails a few rules and the query. `tweak` adds faults. */
export function faultWorld(tweak: (w: WorldInput) => WorldInput = (w) => w): World {
  return defineWorld(
    tweak({
      name: 'faults',
      organization: { id: 'o-faultmatrix1', managementAccount: MGMT },
      regions: [...REGIONS],
      baseline: { rules: RULES },
      accounts: [
        account(MGMT, 'management', false),
        account(PROD, 'production', false),
        account(DEV, 'development', true),
      ],
    }),
  );
}

export const FRAMEWORK = `type: framework
id: fault-matrix
name: Fault matrix
version: "1"
controls:
${RULES.map(
  (r, i) => `  - id: "${i + 1}"
    ref: FM ${i + 1}
    title: ${r}
    summary: One managed rule.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: ${r} }`,
).join('\n')}
  - id: "${RULES.length + 1}"
    ref: FM ${RULES.length + 1}
    title: Unencrypted volumes
    summary: An advanced query.
    responsibility: customer
    evidence:
      - { kind: config-query, query: ebs-volumes-unencrypted }
`;

export interface ProfileOptions {
  accounts?: string[];
  callTimeoutMs?: number;
  maxAttempts?: number;
  global?: number;
  perAccount?: number;
  durationSeconds?: number;
}

/** The profile: explicit accounts, both regions, quick settings for tests. */
export function faultProfile(o: ProfileOptions = {}): string {
  return `type: profile
id: faults
name: Fault matrix
organization: { name: Faults }
frameworks: [fault-matrix]
scope:
  accounts: [${(o.accounts ?? [MGMT, PROD, DEV]).map((a) => `'${a}'`).join(', ')}]
  regions: [${REGIONS.join(', ')}]
  role: { name: EvidentiaAuditRole${o.durationSeconds ? `, durationSeconds: ${o.durationSeconds}` : ''} }
collection:
  concurrency: { global: ${o.global ?? 8}, perAccount: ${o.perAccount ?? 4} }
  callTimeoutMs: ${o.callTimeoutMs ?? 5000}
  maxAttempts: ${o.maxAttempts ?? 8}
  maxResourcesPerFinding: 50
`;
}

/** `queryKey|account|region` → the parts of a finding a fault must not change. */
export function verdicts(results: RunResults): Map<string, string> {
  return new Map(
    results.findings.map((f) => [
      keyOf(f),
      `${f.status}${f.failingCount !== undefined ? ` failing=${f.failingCount}` : ''}`,
    ]),
  );
}

export function keyOf(f: Pick<Finding, 'queryKey' | 'accountId' | 'region' | 'controlId'>): string {
  return `${f.controlId}|${f.queryKey}|${f.accountId}|${f.region}`;
}

/** The faulty run reached exactly the clean run's verdicts, finding by finding. */
export function expectSameVerdicts(clean: RunResults, faulty: RunResults): void {
  const a = verdicts(clean);
  const b = verdicts(faulty);
  expect(b.size).toBe(a.size);
  expect(a.size).toBeGreaterThan(30);
  expect([...b].filter(([k, v]) => a.get(k) !== v)).toEqual([]);
}

/** No finding of the faulty run is a PASS the clean run does not also have. */
export function expectNoFaultPassed(clean: RunResults, faulty: RunResults): void {
  const a = verdicts(clean);
  const flattered = faulty.findings
    .filter((f) => f.status === 'PASS' && a.get(keyOf(f))?.split(' ')[0] !== 'PASS')
    .map(keyOf);
  expect(flattered).toEqual([]);
}

/** A PASS never rests on evidence whose call failed (the index marks failed records with their error code). */
export function expectNoPassOnFailedEvidence(results: RunResults): void {
  const failed = new Set(results.evidence.filter((e) => e.errorCode !== undefined).map((e) => e.id));
  const bad = results.findings.filter((f) => f.status === 'PASS' && f.evidence.some((id) => failed.has(id)));
  expect(bad.map(keyOf)).toEqual([]);
}
