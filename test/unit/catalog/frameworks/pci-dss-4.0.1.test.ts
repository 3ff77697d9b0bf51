// Pins the PCI DSS v4.0.1 framework: every requirement it lists, who is responsible for each, and the exact
// control → evidence mapping, so a dropped requirement or a changed query is a deliberate, reviewed change.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Framework, loadCatalog, queryKeyOf, yamlFilesIn } from '../../../../src/catalog/index.js';
import { packagePaths } from '../../../../src/core/paths.js';

const paths = packagePaths();

/** The framework file plus every evidence library, so other frameworks' drafts cannot break this test. */
async function loadPci(): Promise<Framework> {
  const catalog = await loadCatalog({
    defaults: false,
    files: [join(paths.frameworks, 'pci-dss-4.0.1.yaml'), ...(await yamlFilesIn(paths.evidenceLibrary))],
  });
  const fw = catalog.frameworks.get('pci-dss-4.0.1');
  if (!fw) throw new Error('pci-dss-4.0.1 framework not loaded');
  return fw;
}

const words = (text: string) => text.trim().split(/\s+/);

/** Every requirement of v4.0.1 from 1.1 to 12.10.7, in the standard's order, one principal requirement a line. */
const EXPECTED_IDS = words(`
  1.1 1.1.1 1.1.2 1.2 1.2.1 1.2.2 1.2.3 1.2.4 1.2.5 1.2.6 1.2.7 1.2.8 1.3 1.3.1 1.3.2 1.3.3 1.4 1.4.1 1.4.2
  1.4.3 1.4.4 1.4.5 1.5 1.5.1
  2.1 2.1.1 2.1.2 2.2 2.2.1 2.2.2 2.2.3 2.2.4 2.2.5 2.2.6 2.2.7 2.3 2.3.1 2.3.2
  3.1 3.1.1 3.1.2 3.2 3.2.1 3.3 3.3.1 3.3.1.1 3.3.1.2 3.3.1.3 3.3.2 3.3.3 3.4 3.4.1 3.4.2 3.5 3.5.1 3.5.1.1
  3.5.1.2 3.5.1.3 3.6 3.6.1 3.6.1.1 3.6.1.2 3.6.1.3 3.6.1.4 3.7 3.7.1 3.7.2 3.7.3 3.7.4 3.7.5 3.7.6 3.7.7
  3.7.8 3.7.9
  4.1 4.1.1 4.1.2 4.2 4.2.1 4.2.1.1 4.2.1.2 4.2.2
  5.1 5.1.1 5.1.2 5.2 5.2.1 5.2.2 5.2.3 5.2.3.1 5.3 5.3.1 5.3.2 5.3.2.1 5.3.3 5.3.4 5.3.5 5.4 5.4.1
  6.1 6.1.1 6.1.2 6.2 6.2.1 6.2.2 6.2.3 6.2.3.1 6.2.4 6.3 6.3.1 6.3.2 6.3.3 6.4 6.4.1 6.4.2 6.4.3 6.5 6.5.1
  6.5.2 6.5.3 6.5.4 6.5.5 6.5.6
  7.1 7.1.1 7.1.2 7.2 7.2.1 7.2.2 7.2.3 7.2.4 7.2.5 7.2.5.1 7.2.6 7.3 7.3.1 7.3.2 7.3.3
  8.1 8.1.1 8.1.2 8.2 8.2.1 8.2.2 8.2.3 8.2.4 8.2.5 8.2.6 8.2.7 8.2.8 8.3 8.3.1 8.3.2 8.3.3 8.3.4 8.3.5
  8.3.6 8.3.7 8.3.8 8.3.9 8.3.10 8.3.10.1 8.3.11 8.4 8.4.1 8.4.2 8.4.3 8.5 8.5.1 8.6 8.6.1 8.6.2 8.6.3
  9.1 9.1.1 9.1.2 9.2 9.2.1 9.2.1.1 9.2.2 9.2.3 9.2.4 9.3 9.3.1 9.3.1.1 9.3.2 9.3.3 9.3.4 9.4 9.4.1 9.4.1.1
  9.4.1.2 9.4.2 9.4.3 9.4.4 9.4.5 9.4.5.1 9.4.6 9.4.7 9.5 9.5.1 9.5.1.1 9.5.1.2 9.5.1.2.1 9.5.1.3
  10.1 10.1.1 10.1.2 10.2 10.2.1 10.2.1.1 10.2.1.2 10.2.1.3 10.2.1.4 10.2.1.5 10.2.1.6 10.2.1.7 10.2.2 10.3
  10.3.1 10.3.2 10.3.3 10.3.4 10.4 10.4.1 10.4.1.1 10.4.2 10.4.2.1 10.4.3 10.5 10.5.1 10.6 10.6.1 10.6.2
  10.6.3 10.7 10.7.1 10.7.2 10.7.3
  11.1 11.1.1 11.1.2 11.2 11.2.1 11.2.2 11.3 11.3.1 11.3.1.1 11.3.1.2 11.3.1.3 11.3.2 11.3.2.1 11.4 11.4.1
  11.4.2 11.4.3 11.4.4 11.4.5 11.4.6 11.4.7 11.5 11.5.1 11.5.1.1 11.5.2 11.6 11.6.1
  12.1 12.1.1 12.1.2 12.1.3 12.1.4 12.2 12.2.1 12.3 12.3.1 12.3.2 12.3.3 12.3.4 12.4 12.4.1 12.4.2 12.4.2.1
  12.5 12.5.1 12.5.2 12.5.2.1 12.5.3 12.6 12.6.1 12.6.2 12.6.3 12.6.3.1 12.6.3.2 12.7 12.7.1 12.8 12.8.1
  12.8.2 12.8.3 12.8.4 12.8.5 12.9 12.9.1 12.9.2 12.10 12.10.1 12.10.2 12.10.3 12.10.4 12.10.4.1 12.10.5
  12.10.6 12.10.7
`);

/** Controls AWS operates alone for a CDE hosted in AWS (data-centre entry and personnel/visitor access). */
const AWS_IDS = words('9.2 9.2.1 9.2.1.1 9.2.2 9.2.3 9.2.4 9.3 9.3.1 9.3.1.1 9.3.2 9.3.3 9.3.4');

/** Controls where AWS operates the layer beneath and the customer configures what runs on it. */
const SHARED_IDS = words(`
  1.3 1.3.1 1.3.2 1.4 1.4.1 1.4.3 2.2 2.2.1 3.6 3.6.1 3.6.1.2 3.6.1.3 3.6.1.4 3.7 3.7.1 3.7.2 3.7.3 3.7.5
  3.7.6 3.7.7 5.2 5.2.1 6.3 6.3.3 9.1 9.1.1 9.1.2 9.4 9.4.1 9.4.1.1 9.4.1.2 9.4.5 9.4.5.1 9.4.7 10.2 10.2.1
  10.3 10.3.2 10.6 10.6.1 10.6.2 10.7 10.7.1 10.7.2 10.7.3 11.2 11.2.1 11.3 11.4 11.5 11.5.1
`);

/** Managed rules of "Operational Best Practices for PCI DSS 4.0 (Including global resource types)". */
const CONFORMANCE_PACK_RULES = words(`
  ACCESS_KEYS_ROTATED ACM_CERTIFICATE_RSA_CHECK ACM_PCA_ROOT_CA_DISABLED API_GWV2_ACCESS_LOGS_ENABLED
  API_GW_CACHE_ENABLED_AND_ENCRYPTED API_GW_ENDPOINT_TYPE_CHECK API_GW_XRAY_ENABLED
  APPSYNC_ASSOCIATED_WITH_WAF APPSYNC_LOGGING_ENABLED ATHENA_WORKGROUP_ENCRYPTED_AT_REST
  AURORA_RESOURCES_PROTECTED_BY_BACKUP_PLAN AUTOSCALING_LAUNCHCONFIG_REQUIRES_IMDSV2
  BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED CLOUDFORMATION_STACK_NOTIFICATION_CHECK
  CLOUDFRONT_ACCESSLOGS_ENABLED CLOUDFRONT_ASSOCIATED_WITH_WAF CLOUDFRONT_CUSTOM_SSL_CERTIFICATE
  CLOUDFRONT_NO_DEPRECATED_SSL_PROTOCOLS CLOUDFRONT_ORIGIN_ACCESS_IDENTITY_ENABLED
  CLOUDFRONT_S3_ORIGIN_ACCESS_CONTROL_ENABLED CLOUDFRONT_SECURITY_POLICY_CHECK CLOUDFRONT_SNI_ENABLED
  CLOUDFRONT_TRAFFIC_TO_ORIGIN_ENCRYPTED CLOUDFRONT_VIEWER_POLICY_HTTPS CLOUDTRAIL_SECURITY_TRAIL_ENABLED
  CLOUDWATCH_ALARM_ACTION_CHECK CLOUDWATCH_ALARM_RESOURCE_CHECK CLOUDWATCH_ALARM_SETTINGS_CHECK
  CLOUD_TRAIL_ENABLED CODEBUILD_PROJECT_ARTIFACT_ENCRYPTION CODEBUILD_PROJECT_ENVVAR_AWSCRED_CHECK
  CODEBUILD_PROJECT_S3_LOGS_ENCRYPTED CODEBUILD_PROJECT_SOURCE_REPO_URL_CHECK
  CODEDEPLOY_LAMBDA_ALLATONCE_TRAFFIC_SHIFT_DISABLED CODEPIPELINE_DEPLOYMENT_COUNT_CHECK
  CW_LOGGROUP_RETENTION_PERIOD_CHECK DAX_ENCRYPTION_ENABLED DAX_TLS_ENDPOINT_ENCRYPTION
  DB_INSTANCE_BACKUP_ENABLED DMS_ENDPOINT_SSL_CONFIGURED DMS_REDIS_TLS_ENABLED DOCDB_CLUSTER_ENCRYPTED
  DOCDB_CLUSTER_SNAPSHOT_PUBLIC_PROHIBITED DYNAMODB_IN_BACKUP_PLAN DYNAMODB_PITR_ENABLED
  DYNAMODB_RESOURCES_PROTECTED_BY_BACKUP_PLAN DYNAMODB_TABLE_ENCRYPTED_KMS DYNAMODB_TABLE_ENCRYPTION_ENABLED
  EBS_IN_BACKUP_PLAN EBS_RESOURCES_PROTECTED_BY_BACKUP_PLAN EC2_CLIENT_VPN_NOT_AUTHORIZE_ALL
  EC2_IMDSV2_CHECK EC2_INSTANCE_DETAILED_MONITORING_ENABLED EC2_INSTANCE_PROFILE_ATTACHED
  EC2_LAUNCH_TEMPLATE_PUBLIC_IP_DISABLED EC2_NO_AMAZON_KEY_PAIR EC2_RESOURCES_PROTECTED_BY_BACKUP_PLAN
  EC2_TRANSIT_GATEWAY_AUTO_VPC_ATTACH_DISABLED EC2_VOLUME_INUSE_CHECK
  ECR_PRIVATE_LIFECYCLE_POLICY_CONFIGURED ECS_TASK_DEFINITION_LOG_CONFIGURATION
  ECS_TASK_DEFINITION_PID_MODE_CHECK EFS_IN_BACKUP_PLAN EFS_RESOURCES_PROTECTED_BY_BACKUP_PLAN
  EKS_CLUSTER_LOGGING_ENABLED EKS_CLUSTER_OLDEST_SUPPORTED_VERSION EKS_CLUSTER_SECRETS_ENCRYPTED
  EKS_ENDPOINT_NO_PUBLIC_ACCESS EKS_SECRETS_ENCRYPTED ELASTICACHE_REDIS_CLUSTER_AUTOMATIC_BACKUP_CHECK
  ELASTIC_BEANSTALK_LOGS_TO_CLOUDWATCH ELB_ACM_CERTIFICATE_REQUIRED EMR_BLOCK_PUBLIC_ACCESS
  FSX_RESOURCES_PROTECTED_BY_BACKUP_PLAN IAM_POLICY_IN_USE INCOMING_SSH_DISABLED
  INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY KINESIS_STREAM_ENCRYPTED LAMBDA_FUNCTION_SETTINGS_CHECK
  MACIE_AUTO_SENSITIVE_DATA_DISCOVERY_CHECK MACIE_STATUS_CHECK MQ_CLOUDWATCH_AUDIT_LOGGING_ENABLED
  MQ_CLOUDWATCH_AUDIT_LOG_ENABLED MSK_IN_CLUSTER_NODE_REQUIRE_TLS MULTI_REGION_CLOUD_TRAIL_ENABLED
  NACL_NO_UNRESTRICTED_SSH_RDP NEPTUNE_CLUSTER_BACKUP_RETENTION_CHECK
  NEPTUNE_CLUSTER_CLOUDWATCH_LOG_EXPORT_ENABLED NEPTUNE_CLUSTER_ENCRYPTED
  NEPTUNE_CLUSTER_IAM_DATABASE_AUTHENTICATION NEPTUNE_CLUSTER_SNAPSHOT_ENCRYPTED
  NEPTUNE_CLUSTER_SNAPSHOT_PUBLIC_PROHIBITED NETFW_LOGGING_ENABLED
  NETFW_POLICY_DEFAULT_ACTION_FRAGMENT_PACKETS NETFW_POLICY_DEFAULT_ACTION_FULL_PACKETS
  RDS_CLUSTER_IAM_AUTHENTICATION_ENABLED RDS_DB_SECURITY_GROUP_NOT_ALLOWED
  RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED RDS_IN_BACKUP_PLAN RDS_RESOURCES_PROTECTED_BY_BACKUP_PLAN
  REDSHIFT_BACKUP_ENABLED REDSHIFT_CLUSTER_KMS_ENABLED REDSHIFT_ENHANCED_VPC_ROUTING_ENABLED
  S3_ACCESS_POINT_PUBLIC_ACCESS_BLOCKS S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS
  S3_BUCKET_BLACKLISTED_ACTIONS_PROHIBITED S3_BUCKET_DEFAULT_LOCK_ENABLED S3_BUCKET_MFA_DELETE_ENABLED
  S3_BUCKET_POLICY_NOT_MORE_PERMISSIVE S3_BUCKET_VERSIONING_ENABLED S3_RESOURCES_PROTECTED_BY_BACKUP_PLAN
  SECRETSMANAGER_SCHEDULED_ROTATION_SUCCESS_CHECK SECRETSMANAGER_SECRET_PERIODIC_ROTATION
  SECRETSMANAGER_SECRET_UNUSED SECURITY_ACCOUNT_INFORMATION_PROVIDED
  SERVICE_CATALOG_SHARED_WITHIN_ORGANIZATION SHIELD_DRT_ACCESS
  SNS_TOPIC_MESSAGE_DELIVERY_NOTIFICATION_ENABLED STEP_FUNCTIONS_STATE_MACHINE_LOGGING_ENABLED
  TRANSFER_FAMILY_SERVER_NO_FTP WAFV2_RULEGROUP_LOGGING_ENABLED WAFV2_RULEGROUP_NOT_EMPTY
  WAFV2_WEBACL_NOT_EMPTY WAF_CLASSIC_LOGGING_ENABLED WAF_GLOBAL_RULEGROUP_NOT_EMPTY
  WAF_GLOBAL_RULE_NOT_EMPTY WAF_GLOBAL_WEBACL_NOT_EMPTY
`);

/** A sample of the pack's own requirement → rule mapping, which must survive as a floor. */
const PACK_FLOOR_SAMPLE: Record<string, string[]> = {
  '1.2.5': [
    'CLOUDFRONT_SECURITY_POLICY_CHECK',
    'TRANSFER_FAMILY_SERVER_NO_FTP',
    'CLOUDFRONT_VIEWER_POLICY_HTTPS',
  ],
  '1.3.1': ['INCOMING_SSH_DISABLED', 'NACL_NO_UNRESTRICTED_SSH_RDP', 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS'],
  '1.4.3': ['NETFW_POLICY_DEFAULT_ACTION_FRAGMENT_PACKETS', 'NETFW_POLICY_DEFAULT_ACTION_FULL_PACKETS'],
  '3.5.1': ['DYNAMODB_TABLE_ENCRYPTED_KMS', 'KINESIS_STREAM_ENCRYPTED', 'EKS_SECRETS_ENCRYPTED'],
  '3.7.1': ['ACM_CERTIFICATE_RSA_CHECK', 'ACM_PCA_ROOT_CA_DISABLED'],
  '4.2.1': ['DMS_ENDPOINT_SSL_CONFIGURED', 'MSK_IN_CLUSTER_NODE_REQUIRE_TLS', 'DAX_TLS_ENDPOINT_ENCRYPTION'],
  '6.3.3': ['LAMBDA_FUNCTION_SETTINGS_CHECK', 'EKS_CLUSTER_OLDEST_SUPPORTED_VERSION'],
  '6.4.2': ['CLOUDFRONT_ASSOCIATED_WITH_WAF', 'WAFV2_WEBACL_NOT_EMPTY', 'APPSYNC_ASSOCIATED_WITH_WAF'],
  '7.2.1': ['IAM_POLICY_IN_USE', 'RDS_INSTANCE_IAM_AUTHENTICATION_ENABLED', 'EC2_INSTANCE_PROFILE_ATTACHED'],
  '8.3.9': ['ACCESS_KEYS_ROTATED', 'SECRETSMANAGER_SECRET_PERIODIC_ROTATION'],
  '8.4.1': ['S3_BUCKET_MFA_DELETE_ENABLED'],
  '10.2.1': ['CLOUD_TRAIL_ENABLED', 'MULTI_REGION_CLOUD_TRAIL_ENABLED', 'NETFW_LOGGING_ENABLED'],
  '10.3.3': [
    'RDS_IN_BACKUP_PLAN',
    'S3_RESOURCES_PROTECTED_BY_BACKUP_PLAN',
    'CLOUDTRAIL_SECURITY_TRAIL_ENABLED',
  ],
  '10.3.4': ['S3_BUCKET_DEFAULT_LOCK_ENABLED', 'S3_BUCKET_VERSIONING_ENABLED'],
  '10.5.1': ['CW_LOGGROUP_RETENTION_PERIOD_CHECK', 'CLOUDTRAIL_SECURITY_TRAIL_ENABLED'],
  '11.5.2': ['CLOUDFORMATION_STACK_NOTIFICATION_CHECK', 'CLOUDWATCH_ALARM_SETTINGS_CHECK'],
  '12.4.2.1': ['SERVICE_CATALOG_SHARED_WITHIN_ORGANIZATION'],
  '12.10.5': ['CLOUDWATCH_ALARM_ACTION_CHECK', 'SNS_TOPIC_MESSAGE_DELIVERY_NOTIFICATION_ENABLED'],
};

const ROLES = new Set(['security-officer', 'compliance-officer', 'it-operations', 'hr', 'ciso', 'legal']);
const AOC = 'artifact-report:aws-pci-dss-aoc';

describe('pci-dss-4.0.1 framework', () => {
  let fw: Framework;
  beforeAll(async () => {
    fw = await loadPci();
  });

  const control = (id: string) => {
    const c = fw.controls.find((x) => x.id === id);
    if (!c) throw new Error(`control ${id} missing`);
    return c;
  };
  const keysOf = (id: string) => control(id).evidence.map((e) => queryKeyOf(e, control(id)));
  const rulesOf = (id: string) =>
    control(id).evidence.flatMap((e) => (e.kind === 'config-rule' ? [e.rule] : []));

  it('pins the exact control → evidence mapping', async () => {
    const lines = fw.controls.map(
      (c) =>
        `${c.id} | ${c.responsibility} | ${c.evidence
          .map((e) => queryKeyOf(e, c))
          .sort()
          .join(', ')}`,
    );
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/pci-dss-4.0.1.mapping.txt');
  });

  it('lists every requirement from 1.1 to 12.10.7, in order, with its official reference', () => {
    expect(fw.controls).toHaveLength(313);
    expect(EXPECTED_IDS).toHaveLength(313);
    expect(fw.controls.map((c) => c.id)).toEqual(EXPECTED_IDS);
    expect(fw.controls.map((c) => c.ref)).toEqual(
      EXPECTED_IDS.map((id) => `PCI DSS v4.0.1 Requirement ${id}`),
    );
  });

  it('groups controls by principal requirement and marks x.y requirements apart from those beneath them', () => {
    expect(fw.groups.map((g) => g.id)).toEqual(Array.from({ length: 12 }, (_, i) => `req-${i + 1}`));
    for (const c of fw.controls) {
      expect(c.group).toBe(`req-${c.id.split('.')[0]}`);
      const depth = c.id.split('.').length;
      expect(c.attributes?.level).toBe(depth === 2 ? 'requirement' : 'sub-requirement');
    }
    expect(fw.controls.filter((c) => c.attributes?.level === 'requirement')).toHaveLength(63);
  });

  it('inherits data-centre physical security from AWS, proven by its PCI DSS attestation alone', () => {
    const inherited = fw.controls.filter((c) => c.responsibility === 'aws');
    expect(inherited.map((c) => c.id)).toEqual(AWS_IDS);
    for (const c of inherited) expect(keysOf(c.id)).toEqual([AOC]);
  });

  it('proves both halves of every shared control: the AWS attestation and the customer evidence', () => {
    const shared = fw.controls.filter((c) => c.responsibility === 'shared');
    expect(shared.map((c) => c.id)).toEqual(SHARED_IDS);
    for (const c of shared) {
      expect(keysOf(c.id)).toContain(AOC);
      expect(keysOf(c.id).some((k) => k !== AOC)).toBe(true);
      expect(c.responsibilityNote).toBeTruthy();
    }
  });

  it('keeps customer media, payment devices and office wireless with the customer', () => {
    for (const id of ['9.4.2', '9.4.3', '9.4.6', '9.5.1', '9.5.1.2', '1.3.3', '2.3.1', '4.2.1.2'])
      expect(control(id).responsibility).toBe('customer');
  });

  it('uses every rule of the AWS conformance pack, on the requirements the pack maps it to', () => {
    const used = new Set(fw.controls.flatMap((c) => rulesOf(c.id)));
    expect(CONFORMANCE_PACK_RULES).toHaveLength(127);
    expect(CONFORMANCE_PACK_RULES.filter((r) => !used.has(r))).toEqual([]);
    for (const [id, rules] of Object.entries(PACK_FLOOR_SAMPLE))
      expect(rulesOf(id)).toEqual(expect.arrayContaining(rules));
  });

  it('adds AWS evidence where the pack is silent', () => {
    expect(rulesOf('8.4.1')).toEqual(
      expect.arrayContaining([
        'ROOT_ACCOUNT_MFA_ENABLED',
        'IAM_USER_MFA_ENABLED',
        'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS',
      ]),
    );
    expect(rulesOf('8.2.6')).toContain('IAM_USER_UNUSED_CREDENTIALS_CHECK');
    expect(rulesOf('8.3.6')).toContain('IAM_PASSWORD_POLICY');
    expect(rulesOf('3.5.1')).toEqual(
      expect.arrayContaining([
        'ENCRYPTED_VOLUMES',
        'RDS_STORAGE_ENCRYPTED',
        'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED',
      ]),
    );
    expect(rulesOf('3.7.4')).toContain('CMK_BACKING_KEY_ROTATION_ENABLED');
    expect(rulesOf('5.2.1')).toContain('GUARDDUTY_MALWARE_PROTECTION_ENABLED');
    expect(rulesOf('6.3.3')).toContain('EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK');
    expect(rulesOf('10.3.2')).toContain('CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED');
    expect(rulesOf('11.5.1')).toContain('GUARDDUTY_ENABLED_CENTRALIZED');
    expect(keysOf('12.5.2')).toContain('config-query:resources-outside-allowed-regions');
  });

  it('gives procedural requirements a manual attestation with a known owner and a fitting maximum age', () => {
    for (const c of fw.controls)
      for (const e of c.evidence) if (e.kind === 'manual') expect(ROLES.has(e.owner)).toBe(true);
    const manual = (id: string) => control(id).evidence.find((e) => e.kind === 'manual');
    expect(manual('1.2.7')).toMatchObject({ maxAgeDays: 183 });
    expect(manual('7.2.4')).toMatchObject({ maxAgeDays: 183 });
    expect(manual('11.3.2')).toMatchObject({ maxAgeDays: 92 });
    expect(manual('10.4.1')).toMatchObject({ maxAgeDays: 31 });
    for (const id of ['12.3.1', '12.10.1', '12.8.2', '6.4.3', '11.6.1', '12.6.3'])
      expect(manual(id)).toMatchObject({ kind: 'manual' });
  });
});
