// The evidence library as shipped: every managed rule resolves, every advanced query is valid in the dialect the
// emulator (and AWS) accept, and each query returns exactly the resources it is meant to name.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintExpression } from '../../../src/catalog/check-library.js';
import type { Catalog, ConfigQueryQuery, ConfigRuleQuery, LibraryQuery } from '../../../src/catalog/index.js';
import { loadCatalog, validateCatalog } from '../../../src/catalog/index.js';
import { parseRuleList } from '../../../src/catalog/managed-rules.js';
import { formatIssue } from '../../../src/core/errors.js';
import {
  type ConfigurationItem,
  type ParsedQuery,
  parseConfigQuery,
  runConfigQuery,
} from '../../../src/emulator/config-query/index.js';

const root = join(import.meta.dirname, '../../..');
const RULES_FILE = join(root, 'frameworks/evidence/config-rules.yaml');
const QUERIES_FILE = join(root, 'frameworks/evidence/config-queries.yaml');
const ARTIFACT_FILE = join(root, 'frameworks/evidence/artifact.yaml');
const ALLOWED_REGIONS = ['eu-west-1', 'eu-central-1'];

const referenceRules = parseRuleList(
  readFileSync(join(root, 'reference/aws-config-managed-rules.txt'), 'utf8'),
);
const extensionText = readFileSync(join(root, 'frameworks/managed-rules-extensions.txt'), 'utf8');
const extensionRules = parseRuleList(extensionText);

const { catalog, issues } = await validateCatalog({
  root,
  defaults: false,
  files: [RULES_FILE, QUERIES_FILE, ARTIFACT_FILE],
});
const all: LibraryQuery[] = [...(catalog?.queries.values() ?? [])];
const rules = all.filter((q): q is ConfigRuleQuery => q.kind === 'config-rule');
const queries = all.filter((q): q is ConfigQueryQuery => q.kind === 'config-query');

/** The expression as the planner sends it: `{{allowedRegions}}` replaced by quoted region names. */
function expand(expression: string): string {
  return expression.replaceAll('{{allowedRegions}}', ALLOWED_REGIONS.map((r) => `'${r}'`).join(', '));
}

function query(id: string): ConfigQueryQuery {
  const q = queries.find((x) => x.id === id);
  if (!q) throw new Error(`no config-query ${id}`);
  return q;
}

function selectedPaths(parsed: ParsedQuery): string[] {
  return parsed.select === '*' ? [] : parsed.select.flatMap((s) => (s.kind === 'property' ? [s.path] : []));
}

describe('evidence library files', () => {
  it('select accountId and awsRegion in every advanced query of the catalogue, so aggregators can read them', async () => {
    const everything = await loadCatalog();
    const missing = [...everything.queries.values()]
      .filter((q): q is ConfigQueryQuery => q.kind === 'config-query')
      .filter((q) => {
        const paths = selectedPaths(parseConfigQuery(expand(q.expression)));
        return !paths.includes('accountId') || !paths.includes('awsRegion');
      })
      .map((q) => q.id);
    expect(missing).toEqual([]);
  });

  it('validate without issues', () => {
    expect(issues.map(formatIssue)).toEqual([]);
    expect(catalog satisfies Catalog | undefined).toBeDefined();
  });

  it('have a config-rule entry for every reference and extension identifier, and no others', () => {
    const ids = rules.map((r) => r.id);
    expect(referenceRules.length).toBeGreaterThan(400);
    expect([...new Set(ids)].sort()).toEqual([...new Set([...referenceRules, ...extensionRules])].sort());
    expect(ids.length).toBe(new Set(ids).size);
  });

  it('list config rules in alphabetical order', () => {
    const ids = rules.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
  });

  it('document each extension rule with a comment and an AWS documentation link', () => {
    const lines = extensionText.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
    expect(lines.length).toBe(extensionRules.length);
    for (const line of lines) {
      expect(line).toMatch(
        /^[A-Z0-9_]+ # .+: https:\/\/docs\.aws\.amazon\.com\/config\/latest\/developerguide\/.+\.html$/,
      );
    }
    for (const id of extensionRules) expect(referenceRules).not.toContain(id);
  });

  it('link every entry to https documentation, config rules to their developer guide page', () => {
    for (const q of all) expect(new URL(q.docs).protocol, q.id).toBe('https:');
    for (const r of rules) {
      expect(r.docs, r.id).toMatch(
        /^https:\/\/docs\.aws\.amazon\.com\/config\/latest\/developerguide\/[\w-]+\.html$/,
      );
    }
    const page = (id: string) =>
      rules
        .find((r) => r.id === id)
        ?.docs.split('/')
        .pop();
    expect(page('ENCRYPTED_VOLUMES')).toBe('encrypted-volumes.html');
    expect(page('INCOMING_SSH_DISABLED')).toBe('restricted-ssh.html');
    expect(page('RESTRICTED_INCOMING_TRAFFIC')).toBe('restricted-common-ports.html');
    expect(page('MULTI_REGION_CLOUD_TRAIL_ENABLED')).toBe('multi-region-cloudtrail-enabled.html');
    expect(page('EC2_INSTANCE_MANAGED_BY_SSM')).toBe('ec2-instance-managed-by-systems-manager.html');
  });

  it('apply the severity scale and global flag consistently', () => {
    const rule = (id: string) => rules.find((r) => r.id === id);
    for (const r of rules) {
      if (/_TAGGED$|_DESCRIPTION$/.test(r.id)) expect(r.severity, r.id).toBe('low');
      if (/^ROOT_ACCOUNT_/.test(r.id) || r.resourceTypes.some((t) => t.startsWith('AWS::IAM::'))) {
        expect(r.global, r.id).toBe(true);
      }
      if (/^CLOUDFRONT_|^WAF_GLOBAL_/.test(r.id)) expect(r.global, r.id).toBe(true);
      // IAM Access Analyzer analyzers are regional, unlike IAM itself.
      if (/^WAF_REGIONAL_|^GUARDDUTY_|^SECURITYHUB_|^IAM_EXTERNAL_ACCESS_ANALYZER/.test(r.id))
        expect(r.global, r.id).toBe(false);
      if (/PUBLIC_(READ|WRITE)_PROHIBITED$|SNAPSHOTS?_PUBLIC_PROHIBITED$/.test(r.id)) {
        expect(r.severity, r.id).toBe('critical');
      }
      expect(
        r.resourceTypes.every((t) => /^AWS::[A-Za-z0-9]*::[A-Za-z0-9]+$/.test(t)),
        r.id,
      ).toBe(true);
    }
    expect(rule('ROOT_ACCOUNT_MFA_ENABLED')?.severity).toBe('critical');
    expect(rule('IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS')?.severity).toBe('critical');
    expect(rule('ENCRYPTED_VOLUMES')).toMatchObject({
      severity: 'high',
      global: false,
      resourceTypes: ['AWS::EC2::Volume'],
    });
    expect(rule('ECS_TASK_DEFINITION_MEMORY_HARD_LIMIT')?.title).toMatch(/^Deprecated/);
  });
});

describe('advanced queries', () => {
  it('number between 25 and 40 and include the residency query the profiles rely on', () => {
    expect(queries.length).toBeGreaterThanOrEqual(25);
    expect(queries.length).toBeLessThanOrEqual(40);
    expect(query('resources-outside-allowed-regions').expression).toContain(
      "NOT awsRegion IN ({{allowedRegions}}, 'global')",
    );
  });

  it.each(queries.map((q) => [q.id, q] as const))('%s passes the lint and the emulator parser', (_id, q) => {
    expect(lintExpression(q.expression)).toBeUndefined();
    const parsed = parseConfigQuery(expand(q.expression));
    expect(selectedPaths(parsed)).toEqual(
      expect.arrayContaining(['resourceId', 'resourceType', 'accountId', 'awsRegion']),
    );
    expect(parsed.grouped).toBe(false);
  });

  it('use only property paths from aws-config-resource-schema for the types they query', () => {
    for (const q of queries) {
      const paths =
        expand(q.expression).match(/\b(?:configuration|supplementaryConfiguration|tags)\.[\w.]+/g) ?? [];
      const known = q.resourceTypes.flatMap((t) => SCHEMA_PATHS[t] ?? []);
      for (const p of paths) expect(known, `${q.id}: ${p}`).toContain(p);
    }
  });

  it('every query is exercised by a case below', () => {
    expect(Object.keys(CASES).sort()).toEqual(queries.map((q) => q.id).sort());
  });

  it.each(Object.entries(CASES))('%s returns exactly the resources it should', (id, c) => {
    const q = query(id);
    const result = runConfigQuery(expand(q.expression), c.items);
    const ids = result.rows.map((r) => r.resourceId).sort();
    expect(ids).toEqual([...c.expected].sort());
    if (q.expect === 'some') expect(ids.length).toBeGreaterThan(0);
    for (const row of result.rows)
      expect(row).toMatchObject({ accountId: ACCOUNT, resourceType: expect.any(String) });
  });

  it('presence queries find nothing in an account without the resource', () => {
    for (const q of queries.filter((x) => x.expect === 'some')) {
      const unrelated = [ci('AWS::EC2::Volume', 'vol-other', { configuration: { encrypted: true } })];
      expect(runConfigQuery(expand(q.expression), unrelated).rows, q.id).toEqual([]);
    }
  });
});

const ACCOUNT = '111122223333';

/** A recorded configuration item in eu-west-1 with a fixed capture time. */
function ci(
  resourceType: string,
  resourceId: string,
  extra: Partial<ConfigurationItem> = {},
): ConfigurationItem {
  return {
    accountId: ACCOUNT,
    awsRegion: 'eu-west-1',
    resourceId,
    resourceType,
    resourceName: resourceId,
    configurationItemCaptureTime: '2025-01-15T10:00:00.000Z',
    configurationItemStatus: 'OK',
    ...extra,
  };
}

interface Case {
  items: ConfigurationItem[];
  expected: string[];
}

const sse = (alg: string) => ({
  ServerSideEncryptionConfiguration: {
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: alg } }],
  },
});

const CASES: Record<string, Case> = {
  'resources-outside-allowed-regions': {
    items: [
      ci('AWS::EC2::Volume', 'vol-home'),
      ci('AWS::S3::Bucket', 'bucket-frankfurt', { awsRegion: 'eu-central-1' }),
      ci('AWS::EC2::Volume', 'vol-virginia', { awsRegion: 'us-east-1' }),
      ci('AWS::IAM::User', 'user-1', { awsRegion: 'global' }),
      ci('AWS::Config::ResourceCompliance', 'compliance-1', { awsRegion: 'us-east-1' }),
    ],
    expected: ['vol-virginia'],
  },
  'ebs-volumes-unencrypted': {
    items: [
      ci('AWS::EC2::Volume', 'vol-enc', { configuration: { encrypted: true } }),
      ci('AWS::EC2::Volume', 'vol-plain', { configuration: { encrypted: false } }),
    ],
    expected: ['vol-plain'],
  },
  'ebs-volumes-unattached': {
    items: [
      ci('AWS::EC2::Volume', 'vol-used', { configuration: { state: { value: 'in-use' } } }),
      ci('AWS::EC2::Volume', 'vol-loose', { configuration: { state: { value: 'available' } } }),
    ],
    expected: ['vol-loose'],
  },
  'rds-storage-unencrypted': {
    items: [
      ci('AWS::RDS::DBInstance', 'db-enc', { configuration: { storageEncrypted: true } }),
      ci('AWS::RDS::DBInstance', 'db-plain', { configuration: { storageEncrypted: false } }),
    ],
    expected: ['db-plain'],
  },
  'rds-instances-publicly-accessible': {
    items: [
      ci('AWS::RDS::DBInstance', 'db-private', { configuration: { publiclyAccessible: false } }),
      ci('AWS::RDS::DBInstance', 'db-public', { configuration: { publiclyAccessible: true } }),
    ],
    expected: ['db-public'],
  },
  'rds-backup-retention-under-7-days': {
    items: [
      ci('AWS::RDS::DBInstance', 'db-none', { configuration: { backupRetentionPeriod: 0 } }),
      ci('AWS::RDS::DBInstance', 'db-short', { configuration: { backupRetentionPeriod: 6 } }),
      ci('AWS::RDS::DBInstance', 'db-week', { configuration: { backupRetentionPeriod: 7 } }),
      ci('AWS::RDS::DBInstance', 'db-month', { configuration: { backupRetentionPeriod: 35 } }),
    ],
    expected: ['db-none', 'db-short'],
  },
  'rds-instances-single-az': {
    items: [
      ci('AWS::RDS::DBInstance', 'db-single', { configuration: { engine: 'postgres', multiAZ: false } }),
      ci('AWS::RDS::DBInstance', 'db-multi', { configuration: { engine: 'mysql', multiAZ: true } }),
      ci('AWS::RDS::DBInstance', 'db-aurora', {
        configuration: { engine: 'aurora-postgresql', multiAZ: false },
      }),
    ],
    expected: ['db-single'],
  },
  'kms-customer-keys-rotation-disabled': {
    items: [
      ...[
        ['key-norotate', 'CUSTOMER', 'Enabled', 'SYMMETRIC_DEFAULT', false],
        ['key-rotating', 'CUSTOMER', 'Enabled', 'SYMMETRIC_DEFAULT', true],
        ['key-aws', 'AWS', 'Enabled', 'SYMMETRIC_DEFAULT', false],
        ['key-rsa', 'CUSTOMER', 'Enabled', 'RSA_2048', false],
        ['key-disabled', 'CUSTOMER', 'Disabled', 'SYMMETRIC_DEFAULT', false],
      ].map(([id, keyManager, keyState, customerMasterKeySpec, rotation]) =>
        ci('AWS::KMS::Key', String(id), {
          configuration: { keyManager, keyState, customerMasterKeySpec },
          supplementaryConfiguration: { KeyRotationStatus: rotation },
        }),
      ),
    ],
    expected: ['key-norotate'],
  },
  'kms-keys-pending-deletion': {
    items: [
      ci('AWS::KMS::Key', 'key-live', { configuration: { keyState: 'Enabled' } }),
      ci('AWS::KMS::Key', 'key-dying', { configuration: { keyState: 'PendingDeletion' } }),
    ],
    expected: ['key-dying'],
  },
  's3-buckets-versioning-disabled': {
    items: [
      ci('AWS::S3::Bucket', 'b-versioned', {
        supplementaryConfiguration: { BucketVersioningConfiguration: { status: 'Enabled' } },
      }),
      ci('AWS::S3::Bucket', 'b-suspended', {
        supplementaryConfiguration: { BucketVersioningConfiguration: { status: 'Suspended' } },
      }),
      ci('AWS::S3::Bucket', 'b-off', {
        supplementaryConfiguration: { BucketVersioningConfiguration: { status: 'Off' } },
      }),
    ],
    expected: ['b-off', 'b-suspended'],
  },
  's3-buckets-object-lock-disabled': {
    items: [
      ci('AWS::S3::Bucket', 'b-locked', {
        supplementaryConfiguration: { ObjectLockConfiguration: { objectLockEnabled: 'Enabled' } },
      }),
      ci('AWS::S3::Bucket', 'b-unlocked'),
    ],
    expected: ['b-unlocked'],
  },
  's3-buckets-not-kms-encrypted': {
    items: [
      ci('AWS::S3::Bucket', 'b-kms', { supplementaryConfiguration: sse('aws:kms') }),
      ci('AWS::S3::Bucket', 'b-dsse', { supplementaryConfiguration: sse('aws:kms:dsse') }),
      ci('AWS::S3::Bucket', 'b-s3', { supplementaryConfiguration: sse('AES256') }),
    ],
    expected: ['b-s3'],
  },
  'ec2-instances-public-ip': {
    items: [
      ci('AWS::EC2::Instance', 'i-public', {
        configuration: { publicIpAddress: '54.10.20.30', subnetId: 'subnet-a' },
      }),
      ci('AWS::EC2::Instance', 'i-private', {
        configuration: { privateIpAddress: '10.0.0.5', subnetId: 'subnet-b' },
      }),
    ],
    expected: ['i-public'],
  },
  'ec2-instances-imdsv1-allowed': {
    items: [
      ci('AWS::EC2::Instance', 'i-v1', { configuration: { metadataOptions: { httpTokens: 'optional' } } }),
      ci('AWS::EC2::Instance', 'i-v2', { configuration: { metadataOptions: { httpTokens: 'required' } } }),
    ],
    expected: ['i-v1'],
  },
  'ec2-instances-without-instance-profile': {
    items: [
      ci('AWS::EC2::Instance', 'i-role', {
        configuration: { iamInstanceProfile: { arn: 'arn:aws:iam::111122223333:instance-profile/app' } },
      }),
      ci('AWS::EC2::Instance', 'i-norole', { configuration: { instanceType: 't3.micro' } }),
    ],
    expected: ['i-norole'],
  },
  'security-groups-open-to-world': {
    items: [
      ci('AWS::EC2::SecurityGroup', 'sg-world', {
        configuration: { groupName: 'web', ipPermissions: [{ fromPort: 443, ipRanges: ['0.0.0.0/0'] }] },
      }),
      ci('AWS::EC2::SecurityGroup', 'sg-corp', {
        configuration: { groupName: 'corp', ipPermissions: [{ fromPort: 22, ipRanges: ['10.0.0.0/8'] }] },
      }),
    ],
    expected: ['sg-world'],
  },
  'autoscaling-groups-ec2-health-check-only': {
    items: [
      ci('AWS::AutoScaling::AutoScalingGroup', 'asg-ec2-lb', {
        configuration: {
          healthCheckType: 'EC2',
          targetGroupARNs: ['arn:aws:elasticloadbalancing:eu-west-1:1:tg/a'],
        },
      }),
      ci('AWS::AutoScaling::AutoScalingGroup', 'asg-elb', {
        configuration: {
          healthCheckType: 'ELB',
          targetGroupARNs: ['arn:aws:elasticloadbalancing:eu-west-1:1:tg/b'],
        },
      }),
      ci('AWS::AutoScaling::AutoScalingGroup', 'asg-batch', { configuration: { healthCheckType: 'EC2' } }),
    ],
    expected: ['asg-ec2-lb'],
  },
  'iam-users': {
    items: [
      ci('AWS::IAM::User', 'AIDAEXAMPLE', { awsRegion: 'global' }),
      ci('AWS::IAM::Role', 'AROAEXAMPLE'),
    ],
    expected: ['AIDAEXAMPLE'],
  },
  'cloudtrail-multi-region-trails-present': {
    items: [
      ci('AWS::CloudTrail::Trail', 'trail-org', { configuration: { isMultiRegionTrail: true } }),
      ci('AWS::CloudTrail::Trail', 'trail-local', { configuration: { isMultiRegionTrail: false } }),
    ],
    expected: ['trail-org'],
  },
  'cloudtrail-log-validation-disabled': {
    items: [
      ci('AWS::CloudTrail::Trail', 'trail-ok', { configuration: { logFileValidationEnabled: true } }),
      ci('AWS::CloudTrail::Trail', 'trail-bad', { configuration: { logFileValidationEnabled: false } }),
    ],
    expected: ['trail-bad'],
  },
  'guardduty-detectors-present': {
    items: [ci('AWS::GuardDuty::Detector', 'det-1', { configuration: { Enable: true } })],
    expected: ['det-1'],
  },
  'access-analyzers-present': {
    items: [
      ci('AWS::AccessAnalyzer::Analyzer', 'aa-org', { configuration: { Type: 'ORGANIZATION' } }),
      ci('AWS::AccessAnalyzer::Analyzer', 'aa-unused', { configuration: { Type: 'ACCOUNT_UNUSED_ACCESS' } }),
    ],
    expected: ['aa-org'],
  },
  'backup-plans-present': { items: [ci('AWS::Backup::BackupPlan', 'plan-1')], expected: ['plan-1'] },
  'waf-web-acls-present': { items: [ci('AWS::WAFv2::WebACL', 'acl-1')], expected: ['acl-1'] },
  'network-firewalls-present': { items: [ci('AWS::NetworkFirewall::Firewall', 'fw-1')], expected: ['fw-1'] },
  'vpc-endpoints-present': {
    items: [
      ci('AWS::EC2::VPCEndpoint', 'vpce-1', { configuration: { serviceName: 'com.amazonaws.eu-west-1.s3' } }),
    ],
    expected: ['vpce-1'],
  },
  'dynamodb-pitr-disabled': {
    items: [
      ...[
        ['tbl-pitr', 'ENABLED'],
        ['tbl-nopitr', 'DISABLED'],
      ].map(([id, status]) =>
        ci('AWS::DynamoDB::Table', String(id), {
          supplementaryConfiguration: {
            ContinuousBackupsDescription: {
              pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: status },
            },
          },
        }),
      ),
    ],
    expected: ['tbl-nopitr'],
  },
  'lambda-functions-outside-vpc': {
    items: [
      ci('AWS::Lambda::Function', 'fn-vpc', { configuration: { vpcConfig: { subnetIds: ['subnet-0abc'] } } }),
      ci('AWS::Lambda::Function', 'fn-empty', { configuration: { vpcConfig: { subnetIds: [] } } }),
      ci('AWS::Lambda::Function', 'fn-none', { configuration: { runtime: 'python3.12' } }),
    ],
    expected: ['fn-empty', 'fn-none'],
  },
  'lambda-deprecated-runtimes': {
    items: [
      ci('AWS::Lambda::Function', 'fn-old', { configuration: { runtime: 'python3.8' } }),
      ci('AWS::Lambda::Function', 'fn-current', { configuration: { runtime: 'python3.13' } }),
      ci('AWS::Lambda::Function', 'fn-al2023', { configuration: { runtime: 'provided.al2023' } }),
    ],
    expected: ['fn-old'],
  },
  'efs-file-systems-unencrypted': {
    items: [
      ci('AWS::EFS::FileSystem', 'fs-enc', { configuration: { Encrypted: true } }),
      ci('AWS::EFS::FileSystem', 'fs-plain', { configuration: { Encrypted: false } }),
    ],
    expected: ['fs-plain'],
  },
  'redshift-clusters-publicly-accessible': {
    items: [
      ci('AWS::Redshift::Cluster', 'rs-public', { configuration: { publiclyAccessible: true } }),
      ci('AWS::Redshift::Cluster', 'rs-private', { configuration: { publiclyAccessible: false } }),
    ],
    expected: ['rs-public'],
  },
  'redshift-clusters-unencrypted': {
    items: [
      ci('AWS::Redshift::Cluster', 'rs-enc', { configuration: { encrypted: true } }),
      ci('AWS::Redshift::Cluster', 'rs-plain', { configuration: { encrypted: false } }),
    ],
    expected: ['rs-plain'],
  },
  'config-noncompliant-resources': {
    items: [
      ci('AWS::Config::ResourceCompliance', 'AWS::EC2::Volume/vol-1', {
        configuration: { complianceType: 'NON_COMPLIANT', targetResourceId: 'vol-1' },
      }),
      ci('AWS::Config::ResourceCompliance', 'AWS::EC2::Volume/vol-2', {
        configuration: { complianceType: 'COMPLIANT', targetResourceId: 'vol-2' },
      }),
    ],
    expected: ['AWS::EC2::Volume/vol-1'],
  },
  'config-recorders-present': {
    items: [
      ci('AWS::Config::ConfigurationRecorder', 'rec-default', {
        configuration: { Name: 'default', Recording: true },
      }),
      ci('AWS::Config::ConfigurationRecorder', 'rec-stopped', {
        configuration: { Name: 'old', Recording: false },
      }),
    ],
    expected: ['rec-default'],
  },
};

/** Property paths the queries use, as listed in awslabs/aws-config-resource-schema (config/properties/resource-types). */
const SCHEMA_PATHS: Record<string, string[]> = {
  'AWS::EC2::Volume': [
    'configuration.encrypted',
    'configuration.size',
    'configuration.state.value',
    'configuration.volumeType',
  ],
  'AWS::RDS::DBInstance': [
    'configuration.backupRetentionPeriod',
    'configuration.engine',
    'configuration.multiAZ',
    'configuration.publiclyAccessible',
    'configuration.storageEncrypted',
  ],
  'AWS::KMS::Key': [
    'configuration.customerMasterKeySpec',
    'configuration.deletionDate',
    'configuration.keyManager',
    'configuration.keyState',
    'supplementaryConfiguration.KeyRotationStatus',
  ],
  'AWS::S3::Bucket': [
    'supplementaryConfiguration.BucketVersioningConfiguration.status',
    'supplementaryConfiguration.ObjectLockConfiguration.objectLockEnabled',
    'supplementaryConfiguration.ServerSideEncryptionConfiguration.rules.applyServerSideEncryptionByDefault.sseAlgorithm',
  ],
  'AWS::EC2::Instance': [
    'configuration.iamInstanceProfile.arn',
    'configuration.instanceType',
    'configuration.metadataOptions.httpTokens',
    'configuration.publicIpAddress',
    'configuration.subnetId',
  ],
  'AWS::EC2::SecurityGroup': ['configuration.groupName', 'configuration.ipPermissions.ipRanges'],
  'AWS::AutoScaling::AutoScalingGroup': ['configuration.healthCheckType', 'configuration.targetGroupARNs'],
  'AWS::CloudTrail::Trail': [
    'configuration.isMultiRegionTrail',
    'configuration.isOrganizationTrail',
    'configuration.logFileValidationEnabled',
  ],
  'AWS::GuardDuty::Detector': ['configuration.Enable'],
  'AWS::AccessAnalyzer::Analyzer': ['configuration.AnalyzerName', 'configuration.Type'],
  'AWS::EC2::VPCEndpoint': ['configuration.serviceName', 'configuration.vpcEndpointType'],
  'AWS::DynamoDB::Table': [
    'supplementaryConfiguration.ContinuousBackupsDescription.pointInTimeRecoveryDescription.pointInTimeRecoveryStatus',
  ],
  'AWS::Lambda::Function': ['configuration.runtime', 'configuration.vpcConfig.subnetIds'],
  'AWS::EFS::FileSystem': ['configuration.Encrypted', 'configuration.FileSystemId'],
  'AWS::Redshift::Cluster': [
    'configuration.clusterIdentifier',
    'configuration.encrypted',
    'configuration.publiclyAccessible',
  ],
  'AWS::Config::ResourceCompliance': [
    'configuration.complianceType',
    'configuration.configRuleList',
    'configuration.targetResourceId',
    'configuration.targetResourceType',
  ],
  'AWS::Config::ConfigurationRecorder': [
    'configuration.Name',
    'configuration.Recording',
    'configuration.RecordingGroup.AllSupported',
  ],
};
