// The demo organisation's story as the tests expect to read it back from a run: which account cannot be
// reached, which check is deliberately unevaluated or broken, and the named resources that must FAIL.
// Keep in step with the story at the top of src/emulator/worlds/demo.yaml.

export const SECURITY = '111111111111';
export const PRODUCTION = '222222222222';
export const DEVELOPMENT = '333333333333';
/** The audit role was never deployed: every check there is an ERROR naming sts:AssumeRole. */
export const SANDBOX = '444444444444';

export const US = 'us-east-1';
export const EU = 'eu-west-1';

/** A check the story leaves unevaluated on purpose. */
export const UNDEPLOYED = { queryKey: 'config-rule:ENCRYPTED_VOLUMES', accountId: PRODUCTION, region: EU };

/** A rule whose latest evaluation failed: its finding is an ERROR although the account is reachable. */
export const FAILED_EVALUATION = {
  queryKey: 'config-rule:CLOUDWATCH_ALARM_ACTION_CHECK',
  accountId: PRODUCTION,
  region: US,
};

export interface StoryFailure {
  queryKey: string;
  accountId: string;
  region: string;
  resourceId: string;
}

const fail = (queryKey: string, accountId: string, region: string, resourceId: string): StoryFailure => ({
  queryKey,
  accountId,
  region,
  resourceId,
});

/** Named resources that fail, wherever a profile plans the check that looks at them. */
export const STORY_FAILURES: readonly StoryFailure[] = [
  // development: unencrypted, unattached EBS volume
  fail('config-rule:ENCRYPTED_VOLUMES', DEVELOPMENT, US, 'vol-0dev3333aaaa0001'),
  fail('config-query:ebs-volumes-unencrypted', DEVELOPMENT, US, 'vol-0dev3333aaaa0001'),
  fail('config-query:ebs-volumes-unattached', DEVELOPMENT, US, 'vol-0dev3333aaaa0001'),
  // development: public-read bucket
  fail('config-rule:S3_BUCKET_PUBLIC_READ_PROHIBITED', DEVELOPMENT, US, 'evidentia-demo-dev-shared-assets'),
  fail(
    'config-rule:S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
    DEVELOPMENT,
    US,
    'evidentia-demo-dev-shared-assets',
  ),
  // development: SSH open to the world
  fail('config-rule:INCOMING_SSH_DISABLED', DEVELOPMENT, US, 'sg-0dev3333aaaa0001'),
  fail('config-query:security-groups-open-to-world', DEVELOPMENT, US, 'sg-0dev3333aaaa0001'),
  // development: root without MFA, Macie off (account-level rules name the account)
  fail('config-rule:ROOT_ACCOUNT_MFA_ENABLED', DEVELOPMENT, US, DEVELOPMENT),
  fail('config-rule:MACIE_STATUS_CHECK', DEVELOPMENT, US, DEVELOPMENT),
  // development: the rest of its curated failures
  fail('config-rule:EC2_INSTANCE_NO_PUBLIC_IP', DEVELOPMENT, US, 'i-0dev3333aaaa0001'),
  fail('config-rule:EC2_IMDSV2_CHECK', DEVELOPMENT, US, 'i-0dev3333aaaa0001'),
  fail('config-rule:LAMBDA_INSIDE_VPC', DEVELOPMENT, US, 'dev-thumbnailer'),
  fail('config-query:lambda-deprecated-runtimes', DEVELOPMENT, US, 'dev-thumbnailer'),
  fail('config-rule:DYNAMODB_PITR_ENABLED', DEVELOPMENT, US, 'dev-feature-flags'),
  fail(
    'config-rule:CMK_BACKING_KEY_ROTATION_ENABLED',
    DEVELOPMENT,
    US,
    '8d3e4f5a-cccc-4ddd-8eee-333333333333',
  ),
  fail(
    'config-query:kms-customer-keys-rotation-disabled',
    DEVELOPMENT,
    US,
    '8d3e4f5a-cccc-4ddd-8eee-333333333333',
  ),
  fail('config-rule:MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS', DEVELOPMENT, US, 'AIDAEVIDENTIADEMO0003'),
  fail('config-rule:VPC_FLOW_LOGS_ENABLED', DEVELOPMENT, US, 'vpc-0dev3333aaaa0001'),
  fail(
    'config-rule:AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED',
    DEVELOPMENT,
    US,
    'arn:aws:autoscaling:us-east-1:333333333333:autoScalingGroup:3b9d7e1f-2a4c-4d6e-8f0a-1c3e5a7b9d2f:autoScalingGroupName/dev-web',
  ),
  fail(
    'config-query:autoscaling-groups-ec2-health-check-only',
    DEVELOPMENT,
    US,
    'arn:aws:autoscaling:us-east-1:333333333333:autoScalingGroup:3b9d7e1f-2a4c-4d6e-8f0a-1c3e5a7b9d2f:autoScalingGroupName/dev-web',
  ),
  // production: RDS without backups, single-AZ reporting database, log bucket with versioning suspended
  fail('config-rule:DB_INSTANCE_BACKUP_ENABLED', PRODUCTION, US, 'db-PRODPATIENTS0000000000001'),
  fail('config-rule:RDS_MULTI_AZ_SUPPORT', PRODUCTION, US, 'db-PRODREPORTING00000000001'),
  fail('config-rule:S3_BUCKET_VERSIONING_ENABLED', PRODUCTION, US, 'evidentia-demo-prod-app-logs'),
  // security: the stale access key
  fail('config-rule:ACCESS_KEYS_ROTATED', SECURITY, US, 'AIDAEVIDENTIADEMO0002'),
];

/** The development bucket in eu-west-1: outside the allowed regions of a profile that does not allow eu-west-1. */
export const RESIDENCY_STRAY = {
  queryKey: 'config-query:resources-outside-allowed-regions',
  accountId: DEVELOPMENT,
  region: EU,
  resourceId: 'evidentia-demo-dev-eu-experiments',
};

/**
 * Evidence for the industry controls and the customer baseline that holds in every reachable account and
 * region where a profile runs it: Access Analyzer, backup plans, GuardDuty, Network Access Analyzer, Network
 * Firewall, Object Lock on medical records, VPC endpoints (PrivateLink), WAF web ACLs, multi-Region trails.
 */
export const CLEAN_EVERYWHERE: readonly string[] = [
  'config-query:access-analyzers-present',
  'config-query:backup-plans-present',
  'config-query:guardduty-detectors-present',
  'config-query:network-access-analyses-present',
  'config-query:network-firewalls-present',
  'config-query:phi-buckets-without-object-lock',
  'config-query:vpc-endpoints-present',
  'config-query:waf-web-acls-present',
  'config-query:cloudtrail-multi-region-trails-present',
];
