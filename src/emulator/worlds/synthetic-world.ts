// A generated organisation for benchmarks: N accounts × regions, a fixed rule set, a few resources per
// account-region, a predictable share of non-compliant ones, and optional latency and rate limit.

import type { RateLimit } from '../faults/fault-spec.js';
import { defineWorld } from '../world/load-world.js';
import type { World, WorldInput } from '../world/world-schema.js';

export interface SyntheticOptions {
  /** Number of accounts (the first is the management account). */
  accounts: number;
  regions?: string[];
  /** Managed rules deployed everywhere (default: 25 common ones; `all-managed` for every known rule). */
  rules?: 'all-managed' | string[];
  /** Every Nth account has an unencrypted volume and a public bucket (default 5; 0 = none). */
  nonCompliantEvery?: number;
  latencyMs?: number;
  rateLimit?: RateLimit;
  seed?: number;
}

type ResourceInput = NonNullable<WorldInput['accounts'][number]['resources']>[number];

/** Common managed rules: each evaluates resources the generator creates, or the account. */
export const SYNTHETIC_RULES = [
  'ENCRYPTED_VOLUMES',
  'EC2_VOLUME_INUSE_CHECK',
  'S3_BUCKET_PUBLIC_READ_PROHIBITED',
  'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
  'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED',
  'S3_BUCKET_SSL_REQUESTS_ONLY',
  'S3_BUCKET_VERSIONING_ENABLED',
  'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
  'RDS_STORAGE_ENCRYPTED',
  'RDS_INSTANCE_PUBLIC_ACCESS_CHECK',
  'DB_INSTANCE_BACKUP_ENABLED',
  'INCOMING_SSH_DISABLED',
  'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS',
  'VPC_DEFAULT_SECURITY_GROUP_CLOSED',
  'VPC_FLOW_LOGS_ENABLED',
  'CMK_BACKING_KEY_ROTATION_ENABLED',
  'IAM_PASSWORD_POLICY',
  'ROOT_ACCOUNT_MFA_ENABLED',
  'IAM_ROOT_ACCESS_KEY_CHECK',
  'CLOUD_TRAIL_ENCRYPTION_ENABLED',
  'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED',
  'MULTI_REGION_CLOUD_TRAIL_ENABLED',
  'GUARDDUTY_ENABLED_CENTRALIZED',
  'SECURITYHUB_ENABLED',
  'EC2_EBS_ENCRYPTION_BY_DEFAULT',
];

/** Build (and validate) a synthetic world. */
export function syntheticWorld(opts: SyntheticOptions): World {
  if (!Number.isInteger(opts.accounts) || opts.accounts < 1 || opts.accounts > 10_000) {
    throw new RangeError('a synthetic world has 1 to 10,000 accounts');
  }
  const regions = opts.regions ?? ['us-east-1', 'eu-west-1'];
  const every = opts.nonCompliantEvery ?? 5;
  const ids = Array.from({ length: opts.accounts }, (_, i) => String(100_000_000_000 + i + 1));
  const accounts = ids.map((id, i) => {
    const failing = every > 0 && i > 0 && i % every === 0;
    const resources: ResourceInput[] = regions.flatMap((region, r): ResourceInput[] => [
      {
        type: 'AWS::EC2::Volume',
        id: `vol-${id}${r}`,
        region,
        tags: { Owner: 'bench' },
        configuration: { size: 20, volumeType: 'gp3', encrypted: !failing, state: { value: 'in-use' } },
        ...(failing ? { compliance: { ENCRYPTED_VOLUMES: 'NON_COMPLIANT' as const } } : {}),
      },
      {
        type: 'AWS::S3::Bucket',
        id: `bench-${id}-${region}`,
        name: `bench-${id}-${region}`,
        region,
        tags: { Owner: 'bench' },
        supplementaryConfiguration: { BucketVersioningConfiguration: { status: 'Enabled' } },
        ...(failing ? { compliance: { S3_BUCKET_PUBLIC_READ_PROHIBITED: 'NON_COMPLIANT' as const } } : {}),
      },
      {
        type: 'AWS::EC2::SecurityGroup',
        id: `sg-${id}${r}`,
        name: 'default',
        region,
        configuration: { groupName: 'default', ipPermissions: [] },
      },
    ]);
    return {
      id,
      name: i === 0 ? 'management' : `account-${String(i).padStart(4, '0')}`,
      email: `aws+${id}@bench.evidentia.example`,
      resources,
    };
  });
  const world: WorldInput = {
    name: `synthetic-${opts.accounts}`,
    seed: opts.seed ?? 1,
    organization: { id: 'o-benchmark000', managementAccount: ids[0] as string },
    regions,
    baseline: { rules: opts.rules ?? SYNTHETIC_RULES },
    aggregators: [
      { name: 'org-aggregator', account: ids[0] as string, region: regions[0] as string, organization: true },
    ],
    accounts,
    latencyMs: opts.latencyMs ?? 0,
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
  };
  return defineWorld(world, `synthetic:${opts.accounts}`);
}
