// Shared set-up for the emulator's integration tests: a small world, real SDK clients pointed at the emulator
// with fast retries, assumed-role credentials, and a clock a test can move forward.

import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Clock } from '../../../src/core/clock.js';
import { defineWorld, type Emulator, type World, type WorldInput } from '../../../src/emulator/index.js';
import { SYNTHETIC_RULES } from '../../../src/emulator/worlds/synthetic-world.js';

export const MGMT = '111111111111';
export const PROD = '222222222222';
export const DENIED = '333333333333';
export const ROLE = 'EvidentiaAuditRole';

/** 30 managed rules (more than one DescribeConfigRules page). */
export const TEST_RULES = [
  ...SYNTHETIC_RULES,
  'RDS_MULTI_AZ_SUPPORT',
  'LAMBDA_INSIDE_VPC',
  'DYNAMODB_PITR_ENABLED',
  'EC2_IMDSV2_CHECK',
  'ACCESS_KEYS_ROTATED',
];

/** Buckets failing S3_BUCKET_VERSIONING_ENABLED in production us-east-1: more than AWS's contributor cap. */
export const FAILING_BUCKETS = 105;

/** A three-account world: management (with resources), production (recorder off in eu-west-1), a denied account. */
export function testWorld(extra: Partial<WorldInput> = {}): World {
  return defineWorld({
    name: 'integration',
    time: '2025-05-01T00:00:00Z',
    organization: { id: 'o-integration1', managementAccount: MGMT },
    regions: ['us-east-1', 'eu-west-1'],
    baseline: {
      rules: TEST_RULES,
      conformancePacks: [
        {
          name: 'Test-Pack',
          rules: ['ENCRYPTED_VOLUMES', 'S3_BUCKET_VERSIONING_ENABLED', 'IAM_PASSWORD_POLICY'],
        },
      ],
    },
    aggregators: [
      { name: 'org-aggregator', account: MGMT, region: 'us-east-1', organization: true },
      { name: 'pair', account: MGMT, region: 'us-east-1', accounts: [MGMT, PROD], regions: ['us-east-1'] },
    ],
    accounts: [
      {
        id: MGMT,
        name: 'management',
        email: 'mgmt@example.com',
        resources: [
          {
            type: 'AWS::EC2::Volume',
            id: 'vol-1',
            region: 'us-east-1',
            configuration: { encrypted: true, size: 8 },
          },
          {
            type: 'AWS::EC2::Volume',
            id: 'vol-2',
            region: 'us-east-1',
            configuration: { encrypted: false, size: 100 },
            compliance: { ENCRYPTED_VOLUMES: { compliance: 'NON_COMPLIANT', annotation: 'not encrypted' } },
          },
          {
            type: 'AWS::EC2::Volume',
            id: 'vol-3',
            region: 'us-east-1',
            configuration: { encrypted: true, size: 16 },
          },
          {
            type: 'AWS::EC2::Volume',
            id: 'vol-eu',
            region: 'eu-west-1',
            configuration: { encrypted: false, size: 1 },
          },
          { type: 'AWS::S3::Bucket', id: 'mgmt-logs', name: 'mgmt-logs', region: 'us-east-1' },
        ],
      },
      {
        id: PROD,
        name: 'production',
        email: 'prod@example.com',
        rules: {
          CLOUD_TRAIL_ENCRYPTION_ENABLED: {
            evaluationError: { code: 'AccessDenied', message: 'no cloudtrail:DescribeTrails' },
          },
          S3_BUCKET_VERSIONING_ENABLED: {
            evaluations: Array.from({ length: FAILING_BUCKETS }, (_, i) => ({
              resourceType: 'AWS::S3::Bucket',
              resourceId: `bucket-${String(i).padStart(3, '0')}`,
              compliance: 'NON_COMPLIANT' as const,
              annotation: 'versioning off',
            })),
          },
        },
        regions: { 'eu-west-1': { recorder: 'off' } },
        resources: [
          {
            type: 'AWS::EC2::Volume',
            id: 'vol-prod',
            region: 'us-east-1',
            configuration: { encrypted: true },
          },
        ],
      },
      { id: DENIED, name: 'denied', email: 'denied@example.com', assumeRole: 'deny' },
    ],
    ...extra,
  });
}

/** Client settings every test client shares: the emulator endpoint and quick retries (3 attempts, 5 ms apart). */
export function clientConfig(emu: Emulator, credentials: AwsCredentialIdentity, region = 'us-east-1') {
  return {
    endpoint: emu.url,
    region,
    credentials,
    retryStrategy: new ConfiguredRetryStrategy(3, 5),
  };
}

/** The caller's (management account's) long-term keys. */
export function callerKeys(emu: Emulator): AwsCredentialIdentity {
  return { accessKeyId: emu.credentials.accessKeyId, secretAccessKey: emu.credentials.secretAccessKey };
}

/** SDK clients with the caller's keys. */
export function callerClients(emu: Emulator, region = 'us-east-1') {
  const cfg = clientConfig(emu, callerKeys(emu), region);
  return {
    sts: new STSClient(cfg),
    organizations: new OrganizationsClient(cfg),
    config: new ConfigServiceClient(cfg),
  };
}

/** Assume the audit role in `accountId` with the caller's keys. */
export async function assumeInto(
  emu: Emulator,
  accountId: string,
  durationSeconds = 3600,
): Promise<AwsCredentialIdentity> {
  const sts = new STSClient(clientConfig(emu, callerKeys(emu)));
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${accountId}:role/${ROLE}`,
        RoleSessionName: 'integration',
        DurationSeconds: durationSeconds,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('no credentials');
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } finally {
    sts.destroy();
  }
}

/** A Config client in `accountId` (assumed role) and region. */
export async function configIn(
  emu: Emulator,
  accountId: string,
  region = 'us-east-1',
): Promise<ConfigServiceClient> {
  return new ConfigServiceClient(clientConfig(emu, await assumeInto(emu, accountId), region));
}

/** Real time plus an offset a test can advance (credential expiry without waiting). */
export class MovableClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface SdkError extends Error {
  $metadata: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $fault?: string;
  Reason?: string;
  code?: string;
}

/** The error a call rejects with (fails the test if it resolves). */
export async function failure(p: Promise<unknown>): Promise<SdkError> {
  try {
    await p;
  } catch (err) {
    return err as SdkError;
  }
  throw new Error('expected the call to fail');
}
