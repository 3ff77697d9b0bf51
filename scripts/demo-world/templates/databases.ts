// Templates for databases, analytics and messaging in each account and region: RDS (instances, Aurora,
// snapshots), DynamoDB, Redshift, ElastiCache, DAX, OpenSearch and Elasticsearch, DMS, Amazon MQ, MSK,
// Kinesis, Athena and Transfer Family. Property names follow awslabs/aws-config-resource-schema; every
// setting is the compliant one (encrypted, private, backed up, logged, TLS).

import type { ResourceTemplate } from '../estate-context.js';

export const DATABASE_TEMPLATES: Record<string, ResourceTemplate> = {
  'AWS::RDS::DBInstance': (c) => {
    const id = `db-${c.upperId('rds-instance', 26)}`;
    return {
      id,
      name: c.name('orders-db'),
      availabilityZone: c.az('a'),
      createdAt: '2023-06-01T12:00:00Z',
      configuration: {
        dBInstanceIdentifier: c.name('orders-db'),
        dbiResourceId: id,
        dBInstanceClass: 'db.r6g.large',
        engine: 'postgres',
        engineVersion: '16.4',
        masterUsername: 'orders_admin',
        storageEncrypted: true,
        kmsKeyId: c.kmsKeyArn,
        backupRetentionPeriod: 14,
        multiAZ: true,
        publiclyAccessible: false,
        deletionProtection: true,
        autoMinorVersionUpgrade: true,
        iAMDatabaseAuthenticationEnabled: true,
        monitoringInterval: 60,
        enabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
        dBParameterGroups: [
          { dBParameterGroupName: `${c.env}-postgres16-force-ssl`, parameterApplyStatus: 'in-sync' },
        ],
        dBSubnetGroup: { vpcId: c.vpcId, dBSubnetGroupName: c.name('db') },
        vpcSecurityGroups: [{ vpcSecurityGroupId: c.securityGroupId, status: 'active' }],
      },
      tags: { Backup: 'daily', DataClassification: 'Confidential' },
    };
  },
  'AWS::RDS::DBCluster': (c) => {
    const id = `cluster-${c.upperId('rds-cluster', 26)}`;
    return {
      id,
      name: c.name('ledger'),
      configuration: {
        dBClusterIdentifier: c.name('ledger'),
        dbClusterResourceId: id,
        engine: 'aurora-postgresql',
        engineVersion: '16.4',
        masterUsername: 'ledger_admin',
        storageEncrypted: true,
        kmsKeyId: c.kmsKeyArn,
        multiAZ: true,
        availabilityZones: [c.az('a'), c.az('b'), c.az('c')],
        backupRetentionPeriod: 14,
        deletionProtection: true,
        iAMDatabaseAuthenticationEnabled: true,
        enabledCloudwatchLogsExports: ['postgresql'],
        dBClusterMembers: [
          { dBInstanceIdentifier: c.name('ledger-1'), isClusterWriter: true },
          { dBInstanceIdentifier: c.name('ledger-2'), isClusterWriter: false },
        ],
      },
      tags: { Backup: 'daily', DataClassification: 'Confidential' },
    };
  },
  'AWS::RDS::DBSnapshot': (c) => ({
    id: `rds:${c.name('orders-db')}-2025-12-31-05-10`,
    configuration: {
      dBSnapshotIdentifier: `rds:${c.name('orders-db')}-2025-12-31-05-10`,
      dBInstanceIdentifier: c.name('orders-db'),
      snapshotType: 'automated',
      encrypted: true,
      kmsKeyId: c.kmsKeyArn,
      status: 'available',
    },
    supplementaryConfiguration: { DBSnapshotAttributes: [{ attributeName: 'restore', attributeValues: [] }] },
  }),
  'AWS::RDS::DBClusterSnapshot': (c) => ({
    id: `rds:${c.name('ledger')}-2025-12-31-05-20`,
    configuration: {
      dBClusterSnapshotIdentifier: `rds:${c.name('ledger')}-2025-12-31-05-20`,
      dBClusterIdentifier: c.name('ledger'),
      engine: 'aurora-postgresql',
      snapshotType: 'automated',
      storageEncrypted: true,
      kmsKeyId: c.kmsKeyArn,
      status: 'available',
    },
    supplementaryConfiguration: {
      DBClusterSnapshotAttributes: [{ attributeName: 'restore', attributeValues: [] }],
    },
  }),
  'AWS::DynamoDB::Table': (c) => ({
    id: c.name('orders'),
    name: c.name('orders'),
    configuration: {
      tableName: c.name('orders'),
      tableStatus: 'ACTIVE',
      billingModeSummary: { billingMode: 'PAY_PER_REQUEST' },
      deletionProtectionEnabled: true,
      sSEDescription: { status: 'ENABLED', sSEType: 'KMS', kMSMasterKeyArn: c.kmsKeyArn },
    },
    supplementaryConfiguration: {
      ContinuousBackupsDescription: {
        continuousBackupsStatus: 'ENABLED',
        pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: 'ENABLED' },
      },
    },
    tags: { Backup: 'daily' },
  }),
  'AWS::Redshift::Cluster': (c) => ({
    id: c.name('warehouse'),
    name: c.name('warehouse'),
    configuration: {
      clusterIdentifier: c.name('warehouse'),
      nodeType: 'ra3.xlplus',
      numberOfNodes: 2,
      masterUsername: 'warehouse_admin',
      encrypted: true,
      kmsKeyId: c.kmsKeyArn,
      publiclyAccessible: false,
      enhancedVpcRouting: true,
      automatedSnapshotRetentionPeriod: 7,
      allowVersionUpgrade: true,
      preferredMaintenanceWindow: 'sun:04:00-sun:04:30',
      vpcId: c.vpcId,
      clusterParameterGroups: [
        { parameterGroupName: `${c.env}-require-ssl`, parameterApplyStatus: 'in-sync' },
      ],
    },
    supplementaryConfiguration: {
      LoggingStatus: { loggingEnabled: true, bucketName: c.logBucket, s3KeyPrefix: 'redshift/' },
    },
  }),
  'AWS::ElastiCache::CacheCluster': (c) => ({
    id: c.name('sessions-001'),
    name: c.name('sessions-001'),
    configuration: {
      CacheClusterId: c.name('sessions-001'),
      ReplicationGroupId: c.name('sessions'),
      Engine: 'redis',
      EngineVersion: '7.1',
      CacheNodeType: 'cache.r7g.large',
      SnapshotRetentionLimit: 7,
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
    },
  }),
  'AWS::ElastiCache::ReplicationGroup': (c) => ({
    id: c.name('sessions'),
    name: c.name('sessions'),
    configuration: {
      ReplicationGroupId: c.name('sessions'),
      Engine: 'redis',
      AutomaticFailover: 'enabled',
      MultiAZ: 'enabled',
      SnapshotRetentionLimit: 7,
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
      AuthTokenEnabled: true,
      KmsKeyId: c.kmsKeyArn,
    },
  }),
  'AWS::DAX::Cluster': (c) => ({
    id: c.name('dax'),
    name: c.name('dax'),
    configuration: {
      ClusterName: c.name('dax'),
      NodeType: 'dax.r5.large',
      ReplicationFactor: 3,
      SSESpecification: { SSEEnabled: true },
      ClusterEndpointEncryptionType: 'TLS',
    },
  }),
  'AWS::OpenSearch::Domain': (c) => ({
    id: c.name('search'),
    name: c.name('search'),
    configuration: {
      DomainName: c.name('search'),
      EngineVersion: 'OpenSearch_2.15',
      EncryptionAtRestOptions: { Enabled: true, KmsKeyId: c.kmsKeyArn },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
      VPCOptions: { SubnetIds: c.subnetIds, SecurityGroupIds: [c.securityGroupId] },
      AdvancedSecurityOptions: { Enabled: true, InternalUserDatabaseEnabled: false },
      LogPublishingOptions: {
        AUDIT_LOGS: {
          Enabled: true,
          CloudWatchLogsLogGroupArn: c.arn('logs', `log-group:/opensearch/${c.name('search')}/audit`),
        },
        ES_APPLICATION_LOGS: {
          Enabled: true,
          CloudWatchLogsLogGroupArn: c.arn('logs', `log-group:/opensearch/${c.name('search')}/app`),
        },
      },
      ServiceSoftwareOptions: { UpdateAvailable: false, UpdateStatus: 'COMPLETED' },
    },
  }),
  'AWS::Elasticsearch::Domain': (c) => ({
    id: c.name('legacy-logs'),
    name: c.name('legacy-logs'),
    configuration: {
      domainName: c.name('legacy-logs'),
      elasticsearchVersion: '7.10',
      encryptionAtRestOptions: { enabled: true, kmsKeyId: c.kmsKeyArn },
      nodeToNodeEncryptionOptions: { enabled: true },
      domainEndpointOptions: { enforceHTTPS: true },
      vPCOptions: { subnetIds: c.subnetIds, securityGroupIds: [c.securityGroupId] },
      logPublishingOptions: {
        ES_APPLICATION_LOGS: {
          enabled: true,
          cloudWatchLogsLogGroupArn: c.arn('logs', `log-group:/es/${c.name('legacy-logs')}`),
        },
      },
    },
  }),
  'AWS::DMS::ReplicationInstance': (c) => ({
    id: c.name('migration'),
    name: c.name('migration'),
    configuration: {
      ReplicationInstanceIdentifier: c.name('migration'),
      ReplicationInstanceClass: 'dms.t3.medium',
      PubliclyAccessible: false,
      MultiAZ: true,
      KmsKeyId: c.kmsKeyArn,
      AutoMinorVersionUpgrade: true,
    },
  }),
  'AWS::DMS::Endpoint': (c) => ({
    id: c.name('orders-source'),
    name: c.name('orders-source'),
    configuration: {
      EndpointIdentifier: c.name('orders-source'),
      EndpointType: 'source',
      EngineName: 'postgres',
      SslMode: 'verify-full',
      KmsKeyId: c.kmsKeyArn,
    },
  }),
  'AWS::AmazonMQ::Broker': (c) => ({
    id: `b-${c.uuid('mq-broker')}`,
    name: c.name('orders-mq'),
    configuration: {
      BrokerName: c.name('orders-mq'),
      EngineType: 'ACTIVEMQ',
      EngineVersion: '5.18',
      DeploymentMode: 'ACTIVE_STANDBY_MULTI_AZ',
      PubliclyAccessible: false,
      AutoMinorVersionUpgrade: true,
      Logs: { Audit: true, General: true },
      EncryptionOptions: { UseAwsOwnedKey: false, KmsKeyId: c.kmsKeyArn },
    },
  }),
  'AWS::MSK::Cluster': (c) => {
    const arn = c.arn('kafka', `cluster/${c.name('events')}/${c.uuid('msk')}-2`);
    return {
      id: arn,
      arn,
      name: c.name('events'),
      configuration: {
        ClusterName: c.name('events'),
        KafkaVersion: '3.6.0',
        NumberOfBrokerNodes: 3,
        EncryptionInfo: {
          EncryptionAtRest: { DataVolumeKMSKeyId: c.kmsKeyArn },
          EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
        },
        LoggingInfo: {
          BrokerLogs: { CloudWatchLogs: { Enabled: true, LogGroup: `/msk/${c.name('events')}` } },
        },
      },
    };
  },
  'AWS::Kinesis::Stream': (c) => ({
    id: c.name('clickstream'),
    name: c.name('clickstream'),
    configuration: {
      Name: c.name('clickstream'),
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      RetentionPeriodHours: 168,
      StreamEncryption: { EncryptionType: 'KMS', KeyId: c.kmsKeyArn },
    },
  }),
  'AWS::Athena::WorkGroup': (c) => ({
    id: c.name('analysts'),
    name: c.name('analysts'),
    configuration: {
      Name: c.name('analysts'),
      State: 'ENABLED',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        ResultConfiguration: {
          OutputLocation: `s3://${c.globalName('athena-results')}/`,
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: c.kmsKeyArn },
        },
      },
    },
  }),
  'AWS::Transfer::Server': (c) => {
    const id = `s-${c.hex('transfer', 17)}`;
    return {
      id,
      name: c.name('partner-sftp'),
      configuration: {
        ServerId: id,
        Protocols: ['SFTP'],
        EndpointType: 'VPC',
        EndpointDetails: { VpcId: c.vpcId, SubnetIds: c.subnetIds, SecurityGroupIds: [c.securityGroupId] },
        IdentityProviderType: 'SERVICE_MANAGED',
        SecurityPolicyName: 'TransferSecurityPolicy-2024-01',
        LoggingRole: c.arn('iam', `role/${c.env}-transfer-logging`, 'global'),
      },
    };
  },
};
