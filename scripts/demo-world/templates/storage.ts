// Templates for storage and backup in each account and region: the account's log-archive bucket (Object
// Lock, SSE-KMS, replication), S3 access points and account-level Block Public Access, EBS, EFS, FSx, and
// AWS Backup plans, vaults and recovery points. Property names follow awslabs/aws-config-resource-schema.

import type { EstateContext, ResourceTemplate } from '../estate-context.js';

const blockAll = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

/** The bucket policy every generated bucket carries: TLS only, no cross-account principals. */
function tlsOnlyPolicy(bucket: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });
}

function replicaRegion(c: EstateContext): string {
  return c.awsRegion === 'us-east-1' ? 'us-west-2' : 'eu-central-1';
}

export const STORAGE_TEMPLATES: Record<string, ResourceTemplate> = {
  'AWS::S3::Bucket': (c) => {
    const bucket = c.logBucket;
    return {
      id: bucket,
      name: bucket,
      createdAt: '2023-03-01T09:00:00Z',
      configuration: {
        name: bucket,
        owner: { id: c.hex('canonical-user', 64) },
        creationDate: '2023-03-01T09:00:00Z',
      },
      supplementaryConfiguration: {
        BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: true },
        ObjectLockConfiguration: {
          objectLockEnabled: 'Enabled',
          rule: { defaultRetention: { mode: 'COMPLIANCE', years: 7 } },
        },
        ServerSideEncryptionConfiguration: {
          rules: [
            {
              applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: c.kmsKeyArn },
              bucketKeyEnabled: true,
            },
          ],
        },
        PublicAccessBlockConfiguration: blockAll,
        BucketOwnershipControls: { rules: [{ objectOwnership: 'BucketOwnerEnforced' }] },
        BucketPolicy: { policyText: tlsOnlyPolicy(bucket) },
        BucketLoggingConfiguration: {
          destinationBucketName: c.globalName('access-logs'),
          logFilePrefix: `${bucket}/`,
        },
        BucketLifecycleConfiguration: {
          rules: [
            {
              id: 'archive-then-expire',
              status: 'Enabled',
              transitions: [{ days: 90, storageClass: 'GLACIER' }],
              noncurrentVersionExpiration: { noncurrentDays: 400 },
            },
          ],
        },
        BucketReplicationConfiguration: {
          roleARN: c.arn('iam', `role/${c.env}-s3-replication`, 'global'),
          rules: [
            {
              id: 'replicate-all',
              status: 'Enabled',
              destinationConfig: { bucketARN: `arn:aws:s3:::${bucket}-${replicaRegion(c)}` },
            },
          ],
        },
        BucketNotificationConfiguration: {
          configurations: { 'object-deleted': { type: 'TopicConfiguration', topicARN: c.alertTopicArn } },
        },
        IsRequesterPaysEnabled: false,
      },
      tags: { DataClassification: 'Audit' },
    };
  },
  'AWS::S3::AccessPoint': (c) => {
    const name = c.name('analytics-ap');
    return {
      id: name,
      name,
      arn: c.arn('s3', `accesspoint/${name}`),
      configuration: {
        Name: name,
        Bucket: c.logBucket,
        NetworkOrigin: 'VPC',
        VpcConfiguration: { VpcId: c.vpcId },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      },
      taggable: false,
    };
  },
  'AWS::S3::AccountPublicAccessBlock': (c) => ({
    id: c.accountId,
    configuration: blockAll,
    taggable: false,
  }),
  'AWS::EC2::Volume': (c) => {
    const id = c.ec2Id('vol', 'volume');
    return {
      id,
      availabilityZone: c.az('a'),
      configuration: {
        volumeId: id,
        size: 100,
        volumeType: 'gp3',
        iops: 3000,
        encrypted: true,
        kmsKeyId: c.kmsKeyArn,
        state: { value: 'in-use' },
        attachments: [
          {
            instanceId: c.ec2Id('i', 'instance'),
            device: '/dev/xvda',
            state: 'attached',
            deleteOnTermination: true,
          },
        ],
      },
      tags: { Backup: 'daily' },
    };
  },
  'AWS::EFS::FileSystem': (c) => {
    const id = `fs-0${c.hex('efs', 16)}`;
    return {
      id,
      name: c.name('shared'),
      configuration: {
        FileSystemId: id,
        Encrypted: true,
        KmsKeyId: c.kmsKeyArn,
        PerformanceMode: 'generalPurpose',
        ThroughputMode: 'elastic',
        BackupPolicy: { Status: 'ENABLED' },
        LifecyclePolicies: [{ TransitionToIA: 'AFTER_30_DAYS' }],
      },
      tags: { Name: c.name('shared'), Backup: 'daily' },
    };
  },
  'AWS::FSx::FileSystem': (c) => {
    const id = `fs-0${c.hex('fsx', 16)}`;
    return {
      id,
      name: c.name('windows-shares'),
      configuration: {
        FileSystemId: id,
        FileSystemType: 'WINDOWS',
        StorageCapacity: 512,
        KmsKeyId: c.kmsKeyArn,
        WindowsConfiguration: {
          DeploymentType: 'MULTI_AZ_1',
          AutomaticBackupRetentionDays: 30,
          CopyTagsToBackups: true,
          AuditLogConfiguration: { FileAccessAuditLogLevel: 'SUCCESS_AND_FAILURE' },
        },
      },
      tags: { Name: c.name('windows-shares'), Backup: 'daily' },
    };
  },
  'AWS::Backup::BackupPlan': (c) => {
    const id = c.uuid('backup-plan');
    return {
      id,
      name: c.name('daily-35d'),
      configuration: {
        BackupPlanId: id,
        BackupPlan: {
          BackupPlanName: c.name('daily-35d'),
          BackupPlanRule: [
            {
              RuleName: 'daily',
              ScheduleExpression: 'cron(0 5 ? * * *)',
              TargetBackupVault: c.name('vault'),
              StartWindowMinutes: 60,
              CompletionWindowMinutes: 360,
              Lifecycle: { DeleteAfterDays: 35 },
              CopyActions: [
                {
                  DestinationBackupVaultArn: `arn:aws:backup:${replicaRegion(c)}:${c.accountId}:backup-vault:${c.env}-dr-vault`,
                  Lifecycle: { DeleteAfterDays: 35 },
                },
              ],
            },
          ],
        },
      },
    };
  },
  'AWS::Backup::BackupVault': (c) => ({
    id: c.name('vault'),
    name: c.name('vault'),
    arn: c.arn('backup', `backup-vault:${c.name('vault')}`),
    configuration: {
      BackupVaultName: c.name('vault'),
      EncryptionKeyArn: c.kmsKeyArn,
      LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 3650 },
      AccessPolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
            Resource: '*',
          },
        ],
      }),
    },
  }),
  'AWS::Backup::RecoveryPoint': (c) => {
    const arn = c.arn('backup', `recovery-point:${c.uuid('recovery-point')}`);
    return {
      id: arn,
      arn,
      configuration: {
        RecoveryPointArn: arn,
        BackupVaultName: c.name('vault'),
        ResourceArn: c.arn('ec2', `volume/${c.ec2Id('vol', 'volume')}`),
        ResourceType: 'EBS',
        Status: 'COMPLETED',
        IsEncrypted: true,
        EncryptionKeyArn: c.kmsKeyArn,
        CreationDate: '2025-12-31T05:12:00Z',
        Lifecycle: { DeleteAfterDays: 35 },
      },
      taggable: false,
    };
  },
};
