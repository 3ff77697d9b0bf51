// Every example query of §10 in reference/aws-config-advanced-query.md, run against one small seeded world.
import { describe, expect, it } from 'vitest';
import { runConfigQuery } from '../../../../src/emulator/config-query/index.js';
import { ci, ids } from './fixtures.js';

const A = '111111111111';
const B = '222222222222';

const world = [
  ci({
    resourceId: 'vol-enc',
    configuration: { volumeType: 'gp3', size: 8, encrypted: true, state: { value: 'in-use' } },
  }),
  ci({
    resourceId: 'vol-plain',
    accountId: B,
    awsRegion: 'us-east-1',
    configuration: { volumeType: 'gp2', size: 100.0, encrypted: false, state: { value: 'available' } },
  }),
  ci({
    resourceId: 'bucket-versioned',
    resourceName: 'bucket-versioned',
    resourceType: 'AWS::S3::Bucket',
    supplementaryConfiguration: { BucketVersioningConfiguration: { status: 'Enabled' } },
  }),
  ci({
    resourceId: 'bucket-off',
    resourceName: 'bucket-off',
    resourceType: 'AWS::S3::Bucket',
    awsRegion: 'us-east-1',
    supplementaryConfiguration: { BucketVersioningConfiguration: { status: 'Off' } },
  }),
  ci({
    resourceId: 'bucket-suspended',
    resourceName: 'bucket-suspended',
    resourceType: 'AWS::S3::Bucket',
    awsRegion: 'us-east-1',
    supplementaryConfiguration: { BucketVersioningConfiguration: '{"status":"Suspended"}' },
  }),
  ci({
    resourceId: 'i-public',
    resourceType: 'AWS::EC2::Instance',
    configuration: { publicIpAddress: '54.10.20.30' },
  }),
  ci({
    resourceId: 'i-private',
    resourceType: 'AWS::EC2::Instance',
    configuration: { privateIpAddress: '10.0.0.4' },
  }),
  ci({
    resourceId: 'sg-open',
    resourceName: 'ssh-anywhere',
    resourceType: 'AWS::EC2::SecurityGroup',
    configuration: { ipPermissions: [{ fromPort: 22, toPort: 22, ipRanges: ['0.0.0.0/0'] }] },
    relationships: [{ resourceId: 'vpc-abcd1234', resourceType: 'AWS::EC2::VPC' }],
  }),
  ci({
    resourceId: 'sg-internal',
    resourceName: 'internal',
    resourceType: 'AWS::EC2::SecurityGroup',
    configuration: { ipPermissions: [{ fromPort: 443, toPort: 443, ipRanges: ['10.0.0.0/8'] }] },
  }),
  ci({
    resourceId: 'db-plain',
    resourceType: 'AWS::RDS::DBInstance',
    configuration: { engine: 'postgres', storageEncrypted: false, publiclyAccessible: true },
  }),
  ci({
    resourceId: 'db-enc',
    resourceType: 'AWS::RDS::DBInstance',
    configuration: { engine: 'mysql', storageEncrypted: true, publiclyAccessible: false },
  }),
  ci({
    resourceId: 'key-cmk-off',
    resourceType: 'AWS::KMS::Key',
    configuration: { keyManager: 'CUSTOMER' },
    supplementaryConfiguration: { KeyRotationStatus: false },
  }),
  ci({
    resourceId: 'key-cmk-on',
    resourceType: 'AWS::KMS::Key',
    configuration: { keyManager: 'CUSTOMER' },
    supplementaryConfiguration: { KeyRotationStatus: 'true' },
  }),
  ci({
    resourceId: 'key-aws',
    resourceType: 'AWS::KMS::Key',
    configuration: { keyManager: 'AWS' },
    supplementaryConfiguration: { KeyRotationStatus: false },
  }),
  ci({
    resourceId: 'AIDAUSER1',
    resourceName: 'alice',
    resourceType: 'AWS::IAM::User',
    awsRegion: 'global',
    resourceCreationTime: '2023-02-01T00:00:00.000Z',
  }),
  ci({
    resourceId: 'AIDAUSER2',
    resourceName: 'bob',
    resourceType: 'AWS::IAM::User',
    awsRegion: 'global',
    configurationItemStatus: 'ResourceNotRecorded',
  }),
  ci({
    resourceId: 'rc-1',
    resourceType: 'AWS::Config::ResourceCompliance',
    configuration: {
      complianceType: 'NON_COMPLIANT',
      targetResourceId: 'vol-plain',
      targetResourceType: 'AWS::EC2::Volume',
      configRuleList: [{ configRuleName: 'encrypted-volumes', complianceType: 'NON_COMPLIANT' }],
    },
  }),
  ci({
    resourceId: 'rc-2',
    resourceType: 'AWS::Config::ResourceCompliance',
    configuration: {
      complianceType: 'COMPLIANT',
      targetResourceId: 'vol-enc',
      targetResourceType: 'AWS::EC2::Volume',
    },
  }),
  ci({
    resourceId: 'rc-3',
    resourceType: 'AWS::Config::ResourceCompliance',
    configuration: {
      complianceType: 'COMPLIANT',
      targetResourceId: 'db-enc',
      targetResourceType: 'AWS::RDS::DBInstance',
    },
  }),
  ci({
    resourceId: 'subnet-1',
    resourceType: 'AWS::EC2::Subnet',
    relationships: [
      { resourceId: 'vpc-abcd1234', resourceType: 'AWS::EC2::VPC', name: 'Is contained in Vpc' },
    ],
  }),
];

const run = (expression: string) => runConfigQuery(expression, world);

describe('§10 compliance example queries', () => {
  it('1. unencrypted EBS volumes', () => {
    const { rows } = run(
      "SELECT resourceId, accountId, awsRegion, configuration.volumeType, configuration.size, configuration.encrypted WHERE resourceType = 'AWS::EC2::Volume' AND configuration.encrypted = false",
    );
    expect(rows).toEqual([
      {
        resourceId: 'vol-plain',
        accountId: B,
        awsRegion: 'us-east-1',
        configuration: { volumeType: 'gp2', size: 100, encrypted: false },
      },
    ]);
  });

  it('2. unattached EBS volumes', () => {
    const { rows } = run(
      "SELECT resourceId, awsRegion, configuration.size WHERE resourceType = 'AWS::EC2::Volume' AND configuration.state.value = 'available'",
    );
    expect(rows).toEqual([{ resourceId: 'vol-plain', awsRegion: 'us-east-1', configuration: { size: 100 } }]);
  });

  it('3. S3 buckets per region', () => {
    const { rows } = run(
      "SELECT awsRegion, COUNT(*) WHERE resourceType = 'AWS::S3::Bucket' GROUP BY awsRegion",
    );
    expect(rows).toEqual([
      { awsRegion: 'eu-west-1', 'COUNT(*)': 1 },
      { awsRegion: 'us-east-1', 'COUNT(*)': 2 },
    ]);
  });

  it('4. S3 buckets without versioning', () => {
    const { rows } = run(
      "SELECT resourceName, awsRegion, supplementaryConfiguration.BucketVersioningConfiguration.status WHERE resourceType = 'AWS::S3::Bucket' AND supplementaryConfiguration.BucketVersioningConfiguration.status IN ('Off', 'Suspended')",
    );
    expect(rows).toEqual([
      {
        resourceName: 'bucket-off',
        awsRegion: 'us-east-1',
        supplementaryConfiguration: { BucketVersioningConfiguration: { status: 'Off' } },
      },
      {
        resourceName: 'bucket-suspended',
        awsRegion: 'us-east-1',
        supplementaryConfiguration: { BucketVersioningConfiguration: { status: 'Suspended' } },
      },
    ]);
  });

  it('5. EC2 instances with a public IPv4 address', () => {
    const { rows } = run(
      "SELECT resourceId, accountId, awsRegion, configuration.publicIpAddress WHERE resourceType = 'AWS::EC2::Instance' AND configuration.publicIpAddress BETWEEN '0.0.0.0' AND '255.255.255.255'",
    );
    expect(rows).toEqual([
      {
        resourceId: 'i-public',
        accountId: A,
        awsRegion: 'eu-west-1',
        configuration: { publicIpAddress: '54.10.20.30' },
      },
    ]);
  });

  it('6. security groups open to 0.0.0.0/0', () => {
    const { rows } = run(
      "SELECT resourceId, resourceName, accountId, awsRegion WHERE resourceType = 'AWS::EC2::SecurityGroup' AND configuration.ipPermissions.ipRanges = '0.0.0.0' AND configuration.ipPermissions.ipRanges = '255.255.255.255'",
    );
    expect(rows).toEqual([
      { resourceId: 'sg-open', resourceName: 'ssh-anywhere', accountId: A, awsRegion: 'eu-west-1' },
    ]);
  });

  it('7. RDS instances without storage encryption', () => {
    const { rows } = run(
      "SELECT resourceId, accountId, awsRegion, configuration.engine, configuration.storageEncrypted WHERE resourceType = 'AWS::RDS::DBInstance' AND configuration.storageEncrypted = false",
    );
    expect(rows).toEqual([
      {
        resourceId: 'db-plain',
        accountId: A,
        awsRegion: 'eu-west-1',
        configuration: { engine: 'postgres', storageEncrypted: false },
      },
    ]);
  });

  it('8. publicly accessible RDS instances', () => {
    const { rows } = run(
      "SELECT resourceId, awsRegion WHERE resourceType = 'AWS::RDS::DBInstance' AND configuration.publiclyAccessible = true",
    );
    expect(rows).toEqual([{ resourceId: 'db-plain', awsRegion: 'eu-west-1' }]);
  });

  it('9. customer-managed KMS keys with rotation off', () => {
    const { rows } = run(
      "SELECT resourceId, accountId, awsRegion WHERE resourceType = 'AWS::KMS::Key' AND configuration.keyManager = 'CUSTOMER' AND supplementaryConfiguration.KeyRotationStatus = false",
    );
    expect(ids(rows)).toEqual(['key-cmk-off']);
  });

  it('10. IAM users in the global pseudo-region (unrecorded ones excluded)', () => {
    const { rows } = run(
      "SELECT resourceId, resourceName, accountId, resourceCreationTime WHERE resourceType = 'AWS::IAM::User' AND awsRegion = 'global'",
    );
    expect(rows).toEqual([
      {
        resourceId: 'AIDAUSER1',
        resourceName: 'alice',
        accountId: A,
        resourceCreationTime: '2023-02-01T00:00:00.000Z',
      },
    ]);
  });

  it('11. inventory by type and region', () => {
    const { rows } = run(
      "SELECT resourceType, awsRegion, COUNT(*) WHERE resourceType IN ('AWS::EC2::Volume', 'AWS::S3::Bucket') GROUP BY resourceType, awsRegion",
    );
    expect(rows).toEqual([
      { resourceType: 'AWS::EC2::Volume', awsRegion: 'eu-west-1', 'COUNT(*)': 1 },
      { resourceType: 'AWS::EC2::Volume', awsRegion: 'us-east-1', 'COUNT(*)': 1 },
      { resourceType: 'AWS::S3::Bucket', awsRegion: 'eu-west-1', 'COUNT(*)': 1 },
      { resourceType: 'AWS::S3::Bucket', awsRegion: 'us-east-1', 'COUNT(*)': 2 },
    ]);
    const all = run('SELECT resourceType, awsRegion, COUNT(*) GROUP BY resourceType, awsRegion').rows;
    const total = all.reduce((sum, r) => sum + (r['COUNT(*)'] as number), 0);
    expect(total).toBe(world.length - 1); // the ResourceNotRecorded user is not counted
  });

  it('12. data residency: resources outside the approved regions', () => {
    const { rows } = run(
      "SELECT accountId, awsRegion, resourceType, resourceId WHERE NOT awsRegion IN ('eu-west-1', 'eu-central-1', 'global')",
    );
    expect(ids(rows)).toEqual(['vol-plain', 'bucket-off', 'bucket-suspended']);
    expect(rows[0]).toEqual({
      accountId: B,
      awsRegion: 'us-east-1',
      resourceType: 'AWS::EC2::Volume',
      resourceId: 'vol-plain',
    });
  });

  it('13a. config rule compliance counts', () => {
    const { rows } = run(
      "SELECT configuration.complianceType, COUNT(*) WHERE resourceType = 'AWS::Config::ResourceCompliance' GROUP BY configuration.complianceType",
    );
    expect(rows).toEqual([
      { configuration: { complianceType: 'NON_COMPLIANT' }, 'COUNT(*)': 1 },
      { configuration: { complianceType: 'COMPLIANT' }, 'COUNT(*)': 2 },
    ]);
  });

  it('13b. non-compliant resources with their rule list', () => {
    const { rows } = run(
      "SELECT configuration.targetResourceId, configuration.targetResourceType, configuration.configRuleList WHERE resourceType = 'AWS::Config::ResourceCompliance' AND configuration.complianceType = 'NON_COMPLIANT'",
    );
    expect(rows).toEqual([
      {
        configuration: {
          targetResourceId: 'vol-plain',
          targetResourceType: 'AWS::EC2::Volume',
          configRuleList: [{ configRuleName: 'encrypted-volumes', complianceType: 'NON_COMPLIANT' }],
        },
      },
    ]);
  });

  it('14. resources related to a VPC', () => {
    const { rows } = run("SELECT resourceId, resourceType WHERE relationships.resourceId = 'vpc-abcd1234'");
    expect(rows).toEqual([
      { resourceId: 'sg-open', resourceType: 'AWS::EC2::SecurityGroup' },
      { resourceId: 'subnet-1', resourceType: 'AWS::EC2::Subnet' },
    ]);
  });
});
