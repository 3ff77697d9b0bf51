// Templates for identity, keys, detection and audit in each account and region: IAM (global), KMS, ACM and
// Private CA, Secrets Manager, GuardDuty, IAM Access Analyzer, CloudTrail, CloudWatch alarms and log groups,
// SNS. Property names follow awslabs/aws-config-resource-schema; every setting is the compliant one.

import type { ResourceTemplate } from '../estate-context.js';

const readOnlyPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' },
    { Effect: 'Deny', Action: ['kms:Decrypt', 'kms:ReEncryptFrom'], Resource: '*' },
  ],
});

export const SECURITY_TEMPLATES: Record<string, ResourceTemplate> = {
  'AWS::IAM::Role': (c) => {
    const name = `${c.env}-app`;
    const id = `AROA${c.upperId('iam-role', 17)}`;
    return {
      id,
      name,
      arn: c.arn('iam', `role/${name}`, 'global'),
      createdAt: '2022-09-01T10:00:00Z',
      configuration: {
        roleName: name,
        roleId: id,
        path: '/',
        assumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
        attachedManagedPolicies: [
          { policyName: `${c.env}-app-read`, policyArn: c.arn('iam', `policy/${c.env}-app-read`, 'global') },
        ],
        rolePolicyList: [],
        maxSessionDuration: 3600,
      },
    };
  },
  'AWS::IAM::Group': (c) => {
    const name = `${c.env}-engineers`;
    const id = `AGPA${c.upperId('iam-group', 17)}`;
    return {
      id,
      name,
      arn: c.arn('iam', `group/${name}`, 'global'),
      configuration: {
        groupName: name,
        groupId: id,
        path: '/',
        attachedManagedPolicies: [
          { policyName: `${c.env}-app-read`, policyArn: c.arn('iam', `policy/${c.env}-app-read`, 'global') },
        ],
        groupPolicyList: [],
      },
      taggable: false,
    };
  },
  'AWS::IAM::Policy': (c) => {
    const name = `${c.env}-app-read`;
    const id = `ANPA${c.upperId('iam-policy', 17)}`;
    return {
      id,
      name,
      arn: c.arn('iam', `policy/${name}`, 'global'),
      configuration: {
        policyName: name,
        policyId: id,
        path: '/',
        isAttachable: true,
        attachmentCount: 2,
        defaultVersionId: 'v3',
        policyVersionList: [{ versionId: 'v3', isDefaultVersion: true, document: readOnlyPolicy }],
      },
    };
  },
  'AWS::IAM::User': (c) => {
    const name = `${c.env}-break-glass`;
    const id = `AIDA${c.upperId('iam-user', 17)}`;
    return {
      id,
      name,
      arn: c.arn('iam', `user/${name}`, 'global'),
      createdAt: '2023-02-01T09:00:00Z',
      configuration: {
        userName: name,
        userId: id,
        path: '/',
        // Permissions come from the group, never attached to the user (IAM_USER_NO_POLICIES_CHECK).
        groupList: [`${c.env}-engineers`],
        attachedManagedPolicies: [],
        userPolicyList: [],
      },
      tags: {
        'break-glass': 'true',
        Purpose: 'Emergency access; hardware MFA, no access keys, sign-in alarmed',
      },
    };
  },
  'AWS::IAM::ServerCertificate': (c) => {
    const name = `${c.env}-legacy-partner-tls`;
    const id = `ASCA${c.upperId('server-cert', 17)}`;
    return {
      id,
      name,
      arn: c.arn('iam', `server-certificate/${name}`, 'global'),
      configuration: {
        serverCertificateName: name,
        serverCertificateId: id,
        path: '/',
        uploadDate: '2025-06-01T00:00:00Z',
        expiration: '2026-06-01T00:00:00Z',
      },
    };
  },
  'AWS::KMS::Key': (c) => {
    const id = c.uuid('platform-key');
    return {
      id,
      arn: c.kmsKeyArn,
      configuration: {
        keyId: id,
        arn: c.kmsKeyArn,
        keyManager: 'CUSTOMER',
        keyState: 'Enabled',
        keyUsage: 'ENCRYPT_DECRYPT',
        keySpec: 'SYMMETRIC_DEFAULT',
        customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        origin: 'AWS_KMS',
        multiRegion: false,
        enabled: true,
        description: `${c.env} platform data key (${c.awsRegion})`,
      },
      supplementaryConfiguration: { KeyRotationStatus: true },
    };
  },
  'AWS::ACM::Certificate': (c) => {
    const arn = c.arn('acm', `certificate/${c.uuid('certificate')}`);
    return {
      id: arn,
      arn,
      configuration: {
        certificateArn: arn,
        domainName: `*.${c.env}.${c.awsRegion}.demo.evidentia.example`,
        type: 'AMAZON_ISSUED',
        status: 'ISSUED',
        keyAlgorithm: 'RSA-2048',
        notBefore: '2025-11-01T00:00:00Z',
        notAfter: '2026-12-01T23:59:59Z',
        renewalEligibility: 'ELIGIBLE',
        inUseBy: [
          c.arn('elasticloadbalancing', `loadbalancer/app/${c.name('internal')}/${c.hex('alb', 16)}`),
        ],
      },
    };
  },
  'AWS::ACMPCA::CertificateAuthority': (c) => {
    const arn = c.arn('acm-pca', `certificate-authority/${c.uuid('pca')}`);
    return {
      id: arn,
      arn,
      configuration: {
        Arn: arn,
        Type: 'SUBORDINATE',
        Status: 'ACTIVE',
        KeyStorageSecurityStandard: 'FIPS_140_2_LEVEL_3_OR_HIGHER',
        CertificateAuthorityConfiguration: {
          KeyAlgorithm: 'EC_prime256v1',
          SigningAlgorithm: 'SHA256WITHECDSA',
          Subject: { CommonName: `${c.env} internal issuing CA`, Organization: 'Evidentia Demo' },
        },
        RevocationConfiguration: { CrlConfiguration: { Enabled: true, S3BucketName: c.globalName('crl') } },
      },
    };
  },
  'AWS::SecretsManager::Secret': (c) => {
    const arn = c.arn('secretsmanager', `secret:${c.name('db')}-${c.hex('secret', 6)}`);
    return {
      id: arn,
      arn,
      name: c.name('db'),
      configuration: {
        Name: c.name('db'),
        Description: 'Database credentials, rotated by the managed rotation function',
        KmsKeyId: c.kmsKeyArn,
        RotationEnabled: true,
        RotationRules: { AutomaticallyAfterDays: 30 },
        LastRotatedDate: '2025-12-15T03:00:00Z',
        LastAccessedDate: '2025-12-31T00:00:00Z',
      },
    };
  },
  'AWS::GuardDuty::Detector': (c) => {
    const id = c.hex('guardduty', 32);
    return {
      id,
      configuration: {
        Id: id,
        Enable: true,
        FindingPublishingFrequency: 'FIFTEEN_MINUTES',
        DataSources: { S3Logs: { Enable: true }, Kubernetes: { AuditLogs: { Enable: true } } },
        Features: [
          { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
          { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
          {
            Name: 'RUNTIME_MONITORING',
            Status: 'ENABLED',
            AdditionalConfiguration: [{ Name: 'EC2_AGENT_MANAGEMENT', Status: 'ENABLED' }],
          },
        ],
      },
    };
  },
  'AWS::AccessAnalyzer::Analyzer': (c) => {
    const arn = c.arn('access-analyzer', `analyzer/${c.name('account-analyzer')}`);
    return {
      id: arn,
      arn,
      name: c.name('account-analyzer'),
      configuration: { AnalyzerName: c.name('account-analyzer'), Type: 'ACCOUNT', Status: 'ACTIVE' },
    };
  },
  'AWS::CloudTrail::Trail': (c) => {
    const name = c.name('account-trail');
    return {
      id: name,
      name,
      arn: c.arn('cloudtrail', `trail/${name}`),
      configuration: {
        name,
        trailARN: c.arn('cloudtrail', `trail/${name}`),
        homeRegion: c.awsRegion,
        isMultiRegionTrail: c.region === c.homeRegion,
        isOrganizationTrail: false,
        includeGlobalServiceEvents: c.region === c.homeRegion,
        logFileValidationEnabled: true,
        s3BucketName: c.logBucket,
        kmsKeyId: c.kmsKeyArn,
        cloudWatchLogsLogGroupArn: c.arn('logs', `log-group:/cloudtrail/${name}:*`),
        hasCustomEventSelectors: true,
      },
      supplementaryConfiguration: {
        TrailStatus: { isLogging: true, latestDeliveryTime: '2025-12-31T23:55:00Z' },
        EventSelectors: [
          {
            readWriteType: 'All',
            includeManagementEvents: true,
            dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
          },
        ],
      },
    };
  },
  'AWS::CloudWatch::Alarm': (c) => {
    const name = c.name('unauthorized-api-calls');
    return {
      id: name,
      name,
      arn: c.arn('cloudwatch', `alarm:${name}`),
      configuration: {
        alarmName: name,
        alarmDescription: 'CloudTrail reports unauthorised API calls (CIS 4.1)',
        actionsEnabled: true,
        alarmActions: [c.alertTopicArn],
        okactions: [c.alertTopicArn],
        insufficientDataActions: [],
        metricName: 'UnauthorizedAPICalls',
        namespace: 'CISBenchmark',
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
      },
    };
  },
  'AWS::Logs::LogGroup': (c) => {
    const name = `/cloudtrail/${c.name('account-trail')}`;
    return {
      id: name,
      name,
      arn: c.arn('logs', `log-group:${name}`),
      configuration: { LogGroupName: name, RetentionInDays: 400, KmsKeyId: c.kmsKeyArn },
    };
  },
  'AWS::SNS::Topic': (c) => ({
    id: c.alertTopicArn,
    arn: c.alertTopicArn,
    name: c.name('alerts'),
    configuration: {
      TopicName: c.name('alerts'),
      TopicArn: c.alertTopicArn,
      KmsMasterKeyId: c.kmsKeyArn,
      DeliveryStatusLogging: [
        {
          Protocol: 'sqs',
          SuccessFeedbackRoleArn: c.arn('iam', 'role/sns-delivery-status', 'global'),
          FailureFeedbackRoleArn: c.arn('iam', 'role/sns-delivery-status', 'global'),
          SuccessFeedbackSampleRate: '100',
        },
      ],
      Subscription: [{ Protocol: 'email', Endpoint: `oncall-${c.env}@demo.evidentia.example` }],
    },
  }),
};
