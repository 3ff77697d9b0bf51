// Pins the HIPAA Security Rule framework: every standard and implementation specification of 164.308–164.316,
// which are addressable, the AWS/shared/customer split, which entity kinds each applies to, where AWS's HIPAA
// conformance pack rules went (decisive, supporting or deliberately dropped), and the exact control → evidence
// mapping with each reference's role, so a dropped control or a changed query is a deliberate change.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Framework, loadCatalog, queryKeyOf, yamlFilesIn } from '../../../../src/catalog/index.js';
import { packagePaths } from '../../../../src/core/paths.js';

const paths = packagePaths();

/** The framework file plus every evidence library, so other frameworks' drafts cannot break this test. */
async function loadHipaa(): Promise<Framework> {
  const catalog = await loadCatalog({
    defaults: false,
    files: [join(paths.frameworks, 'hipaa-security.yaml'), ...(await yamlFilesIn(paths.evidenceLibrary))],
  });
  const fw = catalog.frameworks.get('hipaa-security');
  if (!fw) throw new Error('hipaa-security framework not loaded');
  return fw;
}

const EXPECTED_REFS = [
  '45 CFR 164.308(a)(1)(i)',
  '45 CFR 164.308(a)(1)(ii)(A)',
  '45 CFR 164.308(a)(1)(ii)(B)',
  '45 CFR 164.308(a)(1)(ii)(C)',
  '45 CFR 164.308(a)(1)(ii)(D)',
  '45 CFR 164.308(a)(2)',
  '45 CFR 164.308(a)(3)(i)',
  '45 CFR 164.308(a)(3)(ii)(A)',
  '45 CFR 164.308(a)(3)(ii)(B)',
  '45 CFR 164.308(a)(3)(ii)(C)',
  '45 CFR 164.308(a)(4)(i)',
  '45 CFR 164.308(a)(4)(ii)(A)',
  '45 CFR 164.308(a)(4)(ii)(B)',
  '45 CFR 164.308(a)(4)(ii)(C)',
  '45 CFR 164.308(a)(5)(i)',
  '45 CFR 164.308(a)(5)(ii)(A)',
  '45 CFR 164.308(a)(5)(ii)(B)',
  '45 CFR 164.308(a)(5)(ii)(C)',
  '45 CFR 164.308(a)(5)(ii)(D)',
  '45 CFR 164.308(a)(6)(i)',
  '45 CFR 164.308(a)(6)(ii)',
  '45 CFR 164.308(a)(7)(i)',
  '45 CFR 164.308(a)(7)(ii)(A)',
  '45 CFR 164.308(a)(7)(ii)(B)',
  '45 CFR 164.308(a)(7)(ii)(C)',
  '45 CFR 164.308(a)(7)(ii)(D)',
  '45 CFR 164.308(a)(7)(ii)(E)',
  '45 CFR 164.308(a)(8)',
  '45 CFR 164.308(b)(1)',
  '45 CFR 164.308(b)(2)',
  '45 CFR 164.308(b)(3)',
  '45 CFR 164.310(a)(1)',
  '45 CFR 164.310(a)(2)(i)',
  '45 CFR 164.310(a)(2)(ii)',
  '45 CFR 164.310(a)(2)(iii)',
  '45 CFR 164.310(a)(2)(iv)',
  '45 CFR 164.310(b)',
  '45 CFR 164.310(c)',
  '45 CFR 164.310(d)(1)',
  '45 CFR 164.310(d)(2)(i)',
  '45 CFR 164.310(d)(2)(ii)',
  '45 CFR 164.310(d)(2)(iii)',
  '45 CFR 164.310(d)(2)(iv)',
  '45 CFR 164.312(a)(1)',
  '45 CFR 164.312(a)(2)(i)',
  '45 CFR 164.312(a)(2)(ii)',
  '45 CFR 164.312(a)(2)(iii)',
  '45 CFR 164.312(a)(2)(iv)',
  '45 CFR 164.312(b)',
  '45 CFR 164.312(c)(1)',
  '45 CFR 164.312(c)(2)',
  '45 CFR 164.312(d)',
  '45 CFR 164.312(e)(1)',
  '45 CFR 164.312(e)(2)(i)',
  '45 CFR 164.312(e)(2)(ii)',
  '45 CFR 164.314(a)(1)',
  '45 CFR 164.314(a)(2)(i)',
  '45 CFR 164.314(a)(2)(i)(A)',
  '45 CFR 164.314(a)(2)(i)(B)',
  '45 CFR 164.314(a)(2)(i)(C)',
  '45 CFR 164.314(a)(2)(ii)',
  '45 CFR 164.314(a)(2)(iii)',
  '45 CFR 164.314(b)(1)',
  '45 CFR 164.314(b)(2)',
  '45 CFR 164.314(b)(2)(i)',
  '45 CFR 164.314(b)(2)(ii)',
  '45 CFR 164.314(b)(2)(iii)',
  '45 CFR 164.314(b)(2)(iv)',
  '45 CFR 164.316(a)',
  '45 CFR 164.316(b)(1)',
  '45 CFR 164.316(b)(2)(i)',
  '45 CFR 164.316(b)(2)(ii)',
  '45 CFR 164.316(b)(2)(iii)',
];

/** The implementation specifications the rule marks addressable; every other control is required. */
const ADDRESSABLE = [
  '164.308(a)(3)(ii)(A)',
  '164.308(a)(3)(ii)(B)',
  '164.308(a)(3)(ii)(C)',
  '164.308(a)(4)(ii)(B)',
  '164.308(a)(4)(ii)(C)',
  '164.308(a)(5)(ii)(A)',
  '164.308(a)(5)(ii)(B)',
  '164.308(a)(5)(ii)(C)',
  '164.308(a)(5)(ii)(D)',
  '164.308(a)(7)(ii)(D)',
  '164.308(a)(7)(ii)(E)',
  '164.310(a)(2)(i)',
  '164.310(a)(2)(ii)',
  '164.310(a)(2)(iii)',
  '164.310(a)(2)(iv)',
  '164.310(d)(2)(iii)',
  '164.310(d)(2)(iv)',
  '164.312(a)(2)(iii)',
  '164.312(a)(2)(iv)',
  '164.312(c)(2)',
  '164.312(e)(2)(i)',
  '164.312(e)(2)(ii)',
];

const GROUP_SIZES = { administrative: 31, physical: 12, technical: 12, organizational: 13, documentation: 5 };

/**
 * Every managed rule in AWS's "Operational Best Practices for HIPAA Security" conformance pack
 * (awslabs/aws-config-rules), the floor of this framework's automated evidence. The pack's
 * AWS_CONFIG_PROCESS_CHECK (annual risk assessment) is deliberately replaced by a manual attestation.
 */
const AWS_HIPAA_PACK_RULES = [
  'ACCESS_KEYS_ROTATED',
  'ACM_CERTIFICATE_EXPIRATION_CHECK',
  'ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK',
  'ALB_WAF_ENABLED',
  'API_GW_ASSOCIATED_WITH_WAF',
  'API_GW_EXECUTION_LOGGING_ENABLED',
  'API_GW_SSL_ENABLED',
  'AURORA_RESOURCES_PROTECTED_BY_BACKUP_PLAN',
  'AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED',
  'AUTOSCALING_LAUNCH_CONFIG_PUBLIC_IP_DISABLED',
  'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
  'BACKUP_RECOVERY_POINT_ENCRYPTED',
  'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED',
  'CLOUDTRAIL_S3_DATAEVENTS_ENABLED',
  'CLOUDWATCH_ALARM_ACTION_CHECK',
  'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED',
  'CLOUD_TRAIL_ENABLED',
  'CLOUD_TRAIL_ENCRYPTION_ENABLED',
  'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED',
  'CODEBUILD_PROJECT_ENVVAR_AWSCRED_CHECK',
  'CODEBUILD_PROJECT_SOURCE_REPO_URL_CHECK',
  'DB_INSTANCE_BACKUP_ENABLED',
  'DMS_REPLICATION_NOT_PUBLIC',
  'DYNAMODB_AUTOSCALING_ENABLED',
  'DYNAMODB_IN_BACKUP_PLAN',
  'DYNAMODB_PITR_ENABLED',
  'DYNAMODB_THROUGHPUT_LIMIT_CHECK',
  'EBS_IN_BACKUP_PLAN',
  'EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK',
  'EC2_EBS_ENCRYPTION_BY_DEFAULT',
  'EC2_IMDSV2_CHECK',
  'EC2_INSTANCE_MANAGED_BY_SSM',
  'EC2_INSTANCE_NO_PUBLIC_IP',
  'EC2_INSTANCE_PROFILE_ATTACHED',
  'EC2_MANAGEDINSTANCE_ASSOCIATION_COMPLIANCE_STATUS_CHECK',
  'EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK',
  'EC2_RESOURCES_PROTECTED_BY_BACKUP_PLAN',
  'EC2_STOPPED_INSTANCE',
  'ECS_CONTAINERS_READONLY_ACCESS',
  'ECS_TASK_DEFINITION_USER_FOR_HOST_MODE_CHECK',
  'EFS_ENCRYPTED_CHECK',
  'EFS_IN_BACKUP_PLAN',
  'ELASTICACHE_REDIS_CLUSTER_AUTOMATIC_BACKUP_CHECK',
  'ELASTICSEARCH_ENCRYPTED_AT_REST',
  'ELASTICSEARCH_IN_VPC_ONLY',
  'ELASTICSEARCH_LOGS_TO_CLOUDWATCH',
  'ELASTICSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK',
  'ELASTIC_BEANSTALK_MANAGED_UPDATES_ENABLED',
  'ELBV2_ACM_CERTIFICATE_REQUIRED',
  'ELB_ACM_CERTIFICATE_REQUIRED',
  'ELB_CROSS_ZONE_LOAD_BALANCING_ENABLED',
  'ELB_DELETION_PROTECTION_ENABLED',
  'ELB_LOGGING_ENABLED',
  'ELB_PREDEFINED_SECURITY_POLICY_SSL_CHECK',
  'ELB_TLS_HTTPS_LISTENERS_ONLY',
  'EMR_KERBEROS_ENABLED',
  'EMR_MASTER_NO_PUBLIC_IP',
  'ENCRYPTED_VOLUMES',
  'GUARDDUTY_ENABLED_CENTRALIZED',
  'IAM_CUSTOMER_POLICY_BLOCKED_KMS_ACTIONS',
  'IAM_INLINE_POLICY_BLOCKED_KMS_ACTIONS',
  'IAM_NO_INLINE_POLICY_CHECK',
  'IAM_PASSWORD_POLICY',
  'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS',
  'IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS',
  'IAM_ROOT_ACCESS_KEY_CHECK',
  'IAM_USER_MFA_ENABLED',
  'IAM_USER_NO_POLICIES_CHECK',
  'IAM_USER_UNUSED_CREDENTIALS_CHECK',
  'INCOMING_SSH_DISABLED',
  'INSTANCES_IN_VPC',
  'INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY',
  'KINESIS_STREAM_ENCRYPTED',
  'KMS_CMK_NOT_SCHEDULED_FOR_DELETION',
  'LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED',
  'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS',
  'MULTI_REGION_CLOUD_TRAIL_ENABLED',
  'NO_UNRESTRICTED_ROUTE_TO_IGW',
  'OPENSEARCH_ENCRYPTED_AT_REST',
  'OPENSEARCH_HTTPS_REQUIRED',
  'OPENSEARCH_IN_VPC_ONLY',
  'OPENSEARCH_LOGS_TO_CLOUDWATCH',
  'OPENSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK',
  'RDS_AUTOMATIC_MINOR_VERSION_UPGRADE_ENABLED',
  'RDS_CLUSTER_DELETION_PROTECTION_ENABLED',
  'RDS_CLUSTER_MULTI_AZ_ENABLED',
  'RDS_ENHANCED_MONITORING_ENABLED',
  'RDS_INSTANCE_PUBLIC_ACCESS_CHECK',
  'RDS_IN_BACKUP_PLAN',
  'RDS_LOGGING_ENABLED',
  'RDS_MULTI_AZ_SUPPORT',
  'RDS_SNAPSHOTS_PUBLIC_PROHIBITED',
  'RDS_SNAPSHOT_ENCRYPTED',
  'RDS_STORAGE_ENCRYPTED',
  'REDSHIFT_BACKUP_ENABLED',
  'REDSHIFT_CLUSTER_CONFIGURATION_CHECK',
  'REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK',
  'REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK',
  'REDSHIFT_REQUIRE_TLS_SSL',
  'RESTRICTED_INCOMING_TRAFFIC',
  'ROOT_ACCOUNT_HARDWARE_MFA_ENABLED',
  'ROOT_ACCOUNT_MFA_ENABLED',
  'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC',
  'S3_BUCKET_ACL_PROHIBITED',
  'S3_BUCKET_DEFAULT_LOCK_ENABLED',
  'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
  'S3_BUCKET_LOGGING_ENABLED',
  'S3_BUCKET_PUBLIC_READ_PROHIBITED',
  'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
  'S3_BUCKET_REPLICATION_ENABLED',
  'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED',
  'S3_BUCKET_SSL_REQUESTS_ONLY',
  'S3_BUCKET_VERSIONING_ENABLED',
  'S3_DEFAULT_ENCRYPTION_KMS',
  'S3_EVENT_NOTIFICATIONS_ENABLED',
  'S3_VERSION_LIFECYCLE_POLICY_CHECK',
  'SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED',
  'SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED',
  'SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS',
  'SECRETSMANAGER_ROTATION_ENABLED_CHECK',
  'SECRETSMANAGER_USING_CMK',
  'SECURITYHUB_ENABLED',
  'SNS_ENCRYPTED_KMS',
  'SSM_DOCUMENT_NOT_PUBLIC',
  'SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED',
  'VPC_DEFAULT_SECURITY_GROUP_CLOSED',
  'VPC_FLOW_LOGS_ENABLED',
  'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS',
  'VPC_VPN_2_TUNNELS_UP',
  'WAFV2_LOGGING_ENABLED',
];

/** Pack rules with no bearing on any specification, removed on review (see the file's header). */
const DROPPED_PACK_RULES = [
  'EC2_STOPPED_INSTANCE',
  'RDS_ENHANCED_MONITORING_ENABLED',
  'S3_EVENT_NOTIFICATIONS_ENABLED',
];

/** One line per control: `<id> | <responsibility> | <evidence keys sorted, supporting ones marked>`. */
function mappingText(fw: Framework): string {
  const lines = fw.controls.map((c) => {
    const keys = c.evidence.map((e) => `${e.role === 'supporting' ? '(s) ' : ''}${queryKeyOf(e, c)}`).sort();
    return `${c.id} | ${c.responsibility} | ${keys.join(', ')}`;
  });
  return `${lines.join('\n')}\n`;
}

describe('hipaa-security framework', () => {
  let fw: Framework;
  beforeAll(async () => {
    fw = await loadHipaa();
  });

  it('lists every standard and implementation specification of 164.308 to 164.316, in order', () => {
    expect(fw.controls).toHaveLength(73);
    expect(fw.controls.map((c) => c.ref)).toEqual(EXPECTED_REFS);
    for (const c of fw.controls) expect(c.ref).toBe(`45 CFR ${c.id}`);
  });

  it('groups the controls by section of the rule', () => {
    const sizes: Record<string, number> = {};
    for (const c of fw.controls) {
      const section = c.id.slice(0, 7);
      const group = c.group ?? 'none';
      sizes[group] = (sizes[group] ?? 0) + 1;
      const expected = {
        administrative: '164.308',
        physical: '164.310',
        technical: '164.312',
        organizational: '164.314',
        documentation: '164.316',
      }[group];
      expect(section, c.id).toBe(expected);
    }
    expect(sizes).toEqual(GROUP_SIZES);
  });

  it('marks exactly the addressable specifications addressable, and types every control', () => {
    const addressable = fw.controls
      .filter((c) => c.attributes?.requirement === 'addressable')
      .map((c) => c.id);
    expect(addressable).toEqual(ADDRESSABLE);
    for (const c of fw.controls) {
      expect(['required', 'addressable'], c.id).toContain(c.attributes?.requirement);
      expect(['standard', 'implementation specification'], c.id).toContain(c.attributes?.type);
      if (c.attributes?.type === 'standard' && c.attributes.partOf === undefined) {
        expect(c.attributes.requirement, c.id).toBe('required');
      }
    }
  });

  it("inherits nothing outright: every physical safeguard is shared, with AWS's report and the organisation's attestation", () => {
    expect(fw.controls.filter((c) => c.responsibility === 'aws').map((c) => c.id)).toEqual([]);
    for (const c of fw.controls.filter((x) => x.group === 'physical')) {
      expect(c.responsibility, c.id).toBe('shared');
      expect(
        c.evidence.some((e) => e.kind === 'artifact-report'),
        c.id,
      ).toBe(true);
      expect(
        c.evidence.some((e) => e.kind === 'manual' && e.role === 'decisive'),
        c.id,
      ).toBe(true);
    }
    for (const c of fw.controls.filter((x) => x.responsibility === 'shared')) {
      const awsSide = c.evidence.some((e) => e.kind === 'artifact-report' || e.kind === 'artifact-agreement');
      const customerSide = c.evidence.some(
        (e) => e.kind !== 'artifact-report' && e.kind !== 'artifact-agreement',
      );
      expect({ id: c.id, awsSide, customerSide }).toEqual({ id: c.id, awsSide: true, customerSide: true });
    }
  });

  it('names the AWS Business Associate Addendum on the business associate contract controls', () => {
    const withBaa = fw.controls
      .filter((c) =>
        c.evidence.some((e) => e.kind === 'artifact-agreement' && e.agreement === 'aws-hipaa-baa'),
      )
      .map((c) => c.id);
    expect(withBaa).toEqual([
      '164.308(b)(1)',
      '164.308(b)(2)',
      '164.308(b)(3)',
      '164.314(a)(1)',
      '164.314(a)(2)(i)',
      '164.314(a)(2)(i)(A)',
      '164.314(a)(2)(i)(B)',
      '164.314(a)(2)(i)(C)',
      '164.314(a)(2)(iii)',
    ]);
  });

  it("places every rule of AWS's HIPAA conformance pack on a control, except the few removed on review", () => {
    const used = new Set(
      fw.controls.flatMap((c) => c.evidence.flatMap((e) => (e.kind === 'config-rule' ? [e.rule] : []))),
    );
    expect(AWS_HIPAA_PACK_RULES.filter((r) => !used.has(r))).toEqual(DROPPED_PACK_RULES);
  });

  it('decides transmission security by in-transit rules only, and access establishment by no instance setting', () => {
    const decisiveRules = (id: string) =>
      fw.controls
        .find((c) => c.id === id)
        ?.evidence.flatMap((e) => (e.kind === 'config-rule' && e.role === 'decisive' ? [e.rule] : [])) ?? [];
    const atRest =
      /ENCRYPTED_VOLUMES|STORAGE_ENCRYPTED|AT_REST|SNAPSHOT_ENCRYPTED|SERVER_SIDE|KMS|EFS_ENCRYPTED/;
    expect(decisiveRules('164.312(e)(2)(ii)').filter((r) => atRest.test(r))).toEqual([]);
    expect(decisiveRules('164.312(e)(2)(ii)').length).toBeGreaterThan(0);
    const all = fw.controls.find((c) => c.id === '164.308(a)(4)(ii)(C)')?.evidence ?? [];
    expect(all.some((e) => e.kind === 'config-rule' && e.rule === 'EC2_IMDSV2_CHECK')).toBe(false);
  });

  it('declares the entity kinds and which specifications apply to only some of them', () => {
    expect(fw.entityKinds).toEqual([
      'covered-entity',
      'business-associate',
      'clearinghouse',
      'group-health-plan',
    ]);
    const scoped = fw.controls.filter((c) => c.appliesTo).map((c) => `${c.id}: ${c.appliesTo?.join(',')}`);
    expect(scoped).toEqual([
      '164.308(a)(4)(ii)(A): clearinghouse',
      '164.308(b)(1): covered-entity,clearinghouse,group-health-plan',
      '164.308(b)(2): business-associate',
      '164.314(a)(2)(iii): business-associate',
      '164.314(b)(1): group-health-plan',
      '164.314(b)(2): group-health-plan',
      '164.314(b)(2)(i): group-health-plan',
      '164.314(b)(2)(ii): group-health-plan',
      '164.314(b)(2)(iii): group-health-plan',
      '164.314(b)(2)(iv): group-health-plan',
    ]);
    // The business associate contract terms (164.314(a)(1) to (a)(2)(ii)) bind every kind of entity; only the
    // subcontractor paragraph is a business associate's alone.
    const contractTerms = fw.controls.filter(
      (x) => x.id.startsWith('164.314(a)') && x.id !== '164.314(a)(2)(iii)',
    );
    expect(contractTerms).toHaveLength(6);
    for (const c of contractTerms) expect(c.appliesTo, c.id).toBeUndefined();
  });

  it('gives every technical safeguard automated evidence, except automatic logoff which AWS Config cannot observe', () => {
    const automated = (kind: string) => kind === 'config-rule' || kind === 'config-query';
    const manualOnly = fw.controls
      .filter((c) => c.group === 'technical' && !c.evidence.some((e) => automated(e.kind)))
      .map((c) => c.id);
    expect(manualOnly).toEqual(['164.312(a)(2)(iii)']);
  });

  it('pins the exact control → evidence mapping', async () => {
    await expect(mappingText(fw)).toMatchFileSnapshot('./__snapshots__/hipaa-security.mapping.txt');
  });
});
