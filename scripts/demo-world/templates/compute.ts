// Templates for compute and delivery in each account and region: EC2 (instances, launch templates, Auto
// Scaling), Lambda, containers (ECS, EKS, ECR), EMR, SageMaker, Elastic Beanstalk, Systems Manager,
// Step Functions and the CI/CD chain. Property names follow awslabs/aws-config-resource-schema; every
// setting is the compliant one (IMDSv2, no public IPs, private endpoints, encryption, logging).

import type { ResourceTemplate } from '../estate-context.js';

const AMI = 'ami-0c1f4e7d9a2b6e3f5';

export const COMPUTE_TEMPLATES: Record<string, ResourceTemplate> = {
  'AWS::EC2::Instance': (c) => {
    const id = c.ec2Id('i', 'instance');
    return {
      id,
      availabilityZone: c.az('a'),
      configuration: {
        instanceId: id,
        instanceType: 'm6i.large',
        imageId: AMI,
        privateIpAddress: c.ip(1, 10),
        subnetId: c.subnetIds[0],
        vpcId: c.vpcId,
        monitoring: { state: 'enabled' },
        metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
        iamInstanceProfile: { arn: c.arn('iam', `instance-profile/${c.env}-app`, 'global') },
        securityGroups: [{ groupId: c.securityGroupId, groupName: c.name('app') }],
        blockDeviceMappings: [
          { deviceName: '/dev/xvda', ebs: { volumeId: c.ec2Id('vol', 'volume'), status: 'attached' } },
        ],
        state: { name: 'running', code: 16 },
      },
      tags: { Name: c.name('app-1'), Backup: 'daily', ApprovedAmi: 'true' },
    };
  },
  'AWS::EC2::LaunchTemplate': (c) => ({
    id: c.ec2Id('lt'),
    name: c.name('app'),
    configuration: {
      LaunchTemplateId: c.ec2Id('lt'),
      LaunchTemplateName: c.name('app'),
      LatestVersionNumber: 7,
      LaunchTemplateData: {
        ImageId: AMI,
        InstanceType: 'm6i.large',
        MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: false, Groups: [c.securityGroupId] }],
        IamInstanceProfile: { Arn: c.arn('iam', `instance-profile/${c.env}-app`, 'global') },
      },
    },
  }),
  'AWS::AutoScaling::LaunchConfiguration': (c) => ({
    id: c.name('legacy-lc'),
    name: c.name('legacy-lc'),
    configuration: {
      launchConfigurationName: c.name('legacy-lc'),
      imageId: AMI,
      instanceType: 't3.medium',
      associatePublicIpAddress: false,
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled' },
      securityGroups: [c.securityGroupId],
    },
    taggable: false,
  }),
  'AWS::AutoScaling::AutoScalingGroup': (c) => {
    const name = c.name('app-asg');
    const arn = c.arn('autoscaling', `autoScalingGroup:${c.uuid('asg')}:autoScalingGroupName/${name}`);
    return {
      id: arn,
      arn,
      name,
      configuration: {
        autoScalingGroupName: name,
        autoScalingGroupARN: arn,
        minSize: 2,
        maxSize: 12,
        desiredCapacity: 3,
        healthCheckType: 'ELB',
        healthCheckGracePeriod: 300,
        availabilityZones: [c.az('a'), c.az('b')],
        vpczoneIdentifier: c.subnetIds.join(','),
        launchTemplate: {
          launchTemplateId: c.ec2Id('lt'),
          launchTemplateName: c.name('app'),
          version: '$Latest',
        },
        targetGroupARNs: [c.arn('elasticloadbalancing', `targetgroup/${c.name('app')}/${c.hex('tg', 16)}`)],
      },
    };
  },
  'AWS::Lambda::Function': (c) => ({
    id: c.name('events'),
    name: c.name('events'),
    configuration: {
      functionName: c.name('events'),
      functionArn: c.arn('lambda', `function:${c.name('events')}`),
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      memorySize: 512,
      timeout: 30,
      role: c.arn('iam', `role/${c.env}-lambda-events`, 'global'),
      vpcConfig: { subnetIds: c.subnetIds, securityGroupIds: [c.securityGroupId] },
      tracingConfig: { mode: 'Active' },
      kmsKeyArn: c.kmsKeyArn,
    },
    supplementaryConfiguration: { Policy: '{"Version":"2012-10-17","Statement":[]}' },
  }),
  'AWS::ECS::TaskDefinition': (c) => {
    const arn = c.arn('ecs', `task-definition/${c.name('api')}:14`);
    return {
      id: arn,
      arn,
      configuration: {
        Family: c.name('api'),
        NetworkMode: 'awsvpc',
        RequiresCompatibilities: ['FARGATE'],
        Cpu: '512',
        Memory: '1024',
        ExecutionRoleArn: c.arn('iam', `role/${c.env}-ecs-execution`, 'global'),
        ContainerDefinitions: [
          {
            Name: 'api',
            Image: `${c.accountId}.dkr.ecr.${c.awsRegion}.amazonaws.com/${c.env}/api:1.42.0`,
            Privileged: false,
            ReadonlyRootFilesystem: true,
            User: '1000',
            Secrets: [{ Name: 'DB_PASSWORD', ValueFrom: c.arn('secretsmanager', `secret:${c.name('db')}`) }],
            LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': `/ecs/${c.name('api')}` } },
          },
        ],
      },
    };
  },
  'AWS::ECS::Service': (c) => {
    const arn = c.arn('ecs', `service/${c.name('cluster')}/${c.name('api')}`);
    return {
      id: arn,
      arn,
      name: c.name('api'),
      configuration: {
        ServiceName: c.name('api'),
        Cluster: c.arn('ecs', `cluster/${c.name('cluster')}`),
        LaunchType: 'FARGATE',
        PlatformVersion: 'LATEST',
        DesiredCount: 2,
        TaskDefinition: c.arn('ecs', `task-definition/${c.name('api')}:14`),
        NetworkConfiguration: {
          AwsvpcConfiguration: {
            AssignPublicIp: 'DISABLED',
            Subnets: c.subnetIds,
            SecurityGroups: [c.securityGroupId],
          },
        },
      },
    };
  },
  'AWS::EKS::Cluster': (c) => ({
    id: c.name('eks'),
    name: c.name('eks'),
    configuration: {
      Name: c.name('eks'),
      Version: '1.31',
      RoleArn: c.arn('iam', `role/${c.env}-eks-cluster`, 'global'),
      ResourcesVpcConfig: {
        SubnetIds: c.subnetIds,
        SecurityGroupIds: [c.securityGroupId],
        EndpointPublicAccess: false,
        EndpointPrivateAccess: true,
      },
      EncryptionConfig: [{ Resources: ['secrets'], Provider: { KeyArn: c.kmsKeyArn } }],
      Logging: {
        ClusterLogging: {
          EnabledTypes: [
            { Type: 'api' },
            { Type: 'audit' },
            { Type: 'authenticator' },
            { Type: 'controllerManager' },
            { Type: 'scheduler' },
          ],
        },
      },
    },
  }),
  'AWS::ECR::Repository': (c) => ({
    id: `${c.env}/api`,
    name: `${c.env}/api`,
    configuration: {
      RepositoryName: `${c.env}/api`,
      ImageTagMutability: 'IMMUTABLE',
      ImageScanningConfiguration: { ScanOnPush: true },
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: c.kmsKeyArn },
      LifecyclePolicy: {
        LifecyclePolicyText:
          '{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}',
      },
    },
  }),
  'AWS::EMR::Cluster': (c) => {
    const id = `j-${c.upperId('emr', 13)}`;
    return {
      id,
      name: c.name('analytics'),
      configuration: {
        id,
        name: c.name('analytics'),
        releaseLabel: 'emr-7.2.0',
        status: { state: 'WAITING' },
        securityConfiguration: c.name('emr-kerberos'),
        kerberosAttributes: { realm: 'EC2.INTERNAL' },
        ec2InstanceAttributes: {
          ec2SubnetId: c.subnetIds[0],
          emrManagedMasterSecurityGroup: c.securityGroupId,
        },
        masterPublicDnsName: `ip-${c.ip(1, 30).replaceAll('.', '-')}.${c.awsRegion}.compute.internal`,
      },
    };
  },
  'AWS::SageMaker::NotebookInstance': (c) => ({
    id: c.name('research'),
    name: c.name('research'),
    configuration: {
      NotebookInstanceName: c.name('research'),
      InstanceType: 'ml.t3.medium',
      DirectInternetAccess: 'Disabled',
      RootAccess: 'Disabled',
      SubnetId: c.subnetIds[0],
      SecurityGroupIds: [c.securityGroupId],
      KmsKeyId: c.kmsKeyArn,
    },
  }),
  'AWS::SageMaker::EndpointConfig': (c) => ({
    id: c.name('scoring'),
    name: c.name('scoring'),
    configuration: {
      EndpointConfigName: c.name('scoring'),
      KmsKeyId: c.kmsKeyArn,
      ProductionVariants: [{ VariantName: 'primary', InstanceType: 'ml.m5.large', InitialInstanceCount: 2 }],
    },
  }),
  'AWS::ElasticBeanstalk::Environment': (c) => ({
    id: c.name('portal'),
    name: c.name('portal'),
    configuration: {
      EnvironmentName: c.name('portal'),
      ApplicationName: `${c.env}-portal`,
      SolutionStackName: '64bit Amazon Linux 2023 v6.2.0 running Node.js 20',
      Tier: { Name: 'WebServer', Type: 'Standard' },
      OptionSettings: [
        { Namespace: 'aws:elasticbeanstalk:cloudwatch:logs', OptionName: 'StreamLogs', Value: 'true' },
        {
          Namespace: 'aws:elasticbeanstalk:managedactions',
          OptionName: 'ManagedActionsEnabled',
          Value: 'true',
        },
        {
          Namespace: 'aws:elasticbeanstalk:managedactions:platformupdate',
          OptionName: 'UpdateLevel',
          Value: 'minor',
        },
      ],
    },
  }),
  'AWS::SSM::ManagedInstanceInventory': (c) => ({
    id: c.ec2Id('i', 'instance'),
    configuration: {
      AWS: {
        InstanceInformation: {
          Content: {
            [c.ec2Id('i', 'instance')]: {
              AgentType: 'amazon-ssm-agent',
              AgentVersion: '3.3.1142.0',
              PlatformName: 'Amazon Linux',
              ResourceType: 'EC2Instance',
            },
          },
        },
      },
    },
    taggable: false,
  }),
  'AWS::SSM::PatchCompliance': (c) => ({
    id: `AWS:ComplianceItem/${c.ec2Id('i', 'instance')}/Patch`,
    configuration: {
      ComplianceType: 'Patch',
      ResourceId: c.ec2Id('i', 'instance'),
      ResourceType: 'ManagedInstance',
      Status: 'COMPLIANT',
      ExecutionSummary: { ExecutionTime: '2025-12-31T03:00:00Z', ExecutionType: 'Command' },
    },
    taggable: false,
  }),
  'AWS::SSM::AssociationCompliance': (c) => ({
    id: `AWS:ComplianceItem/${c.ec2Id('i', 'instance')}/Association`,
    configuration: {
      ComplianceType: 'Association',
      ResourceId: c.ec2Id('i', 'instance'),
      ResourceType: 'ManagedInstance',
      Status: 'COMPLIANT',
    },
    taggable: false,
  }),
  'AWS::SSM::Document': (c) => ({
    id: `${c.env}-HardenLinux`,
    name: `${c.env}-HardenLinux`,
    configuration: {
      Name: `${c.env}-HardenLinux`,
      DocumentType: 'Command',
      DocumentFormat: 'YAML',
      Owner: c.accountId,
      Status: 'Active',
      AccountSharingInfoList: [],
    },
  }),
  'AWS::StepFunctions::StateMachine': (c) => {
    const arn = c.arn('states', `stateMachine:${c.name('nightly-export')}`);
    return {
      id: arn,
      arn,
      name: c.name('nightly-export'),
      configuration: {
        StateMachineName: c.name('nightly-export'),
        StateMachineType: 'STANDARD',
        LoggingConfiguration: {
          Level: 'ERROR',
          IncludeExecutionData: false,
          Destinations: [
            {
              CloudWatchLogsLogGroup: {
                LogGroupArn: c.arn('logs', `log-group:/states/${c.name('nightly-export')}`),
              },
            },
          ],
        },
        TracingConfiguration: { Enabled: true },
      },
    };
  },
  'AWS::CodeBuild::Project': (c) => ({
    id: c.name('build'),
    name: c.name('build'),
    configuration: {
      name: c.name('build'),
      source: {
        type: 'CODECOMMIT',
        location: `https://git-codecommit.${c.awsRegion}.amazonaws.com/v1/repos/${c.env}-app`,
      },
      artifacts: { type: 'S3', location: c.globalName('artifacts'), encryptionDisabled: false },
      environment: {
        type: 'LINUX_CONTAINER',
        image: 'aws/codebuild/amazonlinux2-x86_64-standard:5.0',
        computeType: 'BUILD_GENERAL1_SMALL',
        privilegedMode: false,
        environmentVariables: [{ name: 'STAGE', value: c.env, type: 'PLAINTEXT' }],
      },
      encryptionKey: c.kmsKeyArn,
      logsConfig: {
        cloudWatchLogs: { status: 'ENABLED', groupName: `/codebuild/${c.name('build')}` },
        s3Logs: { status: 'ENABLED', location: `${c.logBucket}/codebuild`, encryptionDisabled: false },
      },
    },
  }),
  'AWS::CodeDeploy::DeploymentGroup': (c) => ({
    id: c.name('events-deploy'),
    name: c.name('events-deploy'),
    configuration: {
      ApplicationName: `${c.env}-events`,
      DeploymentGroupName: c.name('events-deploy'),
      DeploymentConfigName: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      ComputePlatform: 'Lambda',
      AutoRollbackConfiguration: {
        Enabled: true,
        Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'],
      },
    },
    taggable: false,
  }),
  'AWS::CodePipeline::Pipeline': (c) => ({
    id: c.name('release'),
    name: c.name('release'),
    configuration: {
      pipeline: {
        name: c.name('release'),
        roleArn: c.arn('iam', `role/${c.env}-codepipeline`, 'global'),
        artifactStore: {
          type: 'S3',
          location: c.globalName('artifacts'),
          encryptionKey: { id: c.kmsKeyArn, type: 'KMS' },
        },
        stages: [
          {
            name: 'Source',
            actions: [{ name: 'Source', actionTypeId: { category: 'Source', provider: 'CodeCommit' } }],
          },
          {
            name: 'Build',
            actions: [{ name: 'Build', actionTypeId: { category: 'Build', provider: 'CodeBuild' } }],
          },
          {
            name: 'Approve',
            actions: [{ name: 'Approve', actionTypeId: { category: 'Approval', provider: 'Manual' } }],
          },
          {
            name: 'Deploy',
            actions: [{ name: 'Deploy', actionTypeId: { category: 'Deploy', provider: 'CodeDeploy' } }],
          },
        ],
      },
    },
  }),
  'AWS::CloudFormation::Stack': (c) => {
    const arn = c.arn('cloudformation', `stack/${c.name('baseline')}/${c.uuid('stack')}`);
    return {
      id: arn,
      arn,
      name: c.name('baseline'),
      configuration: {
        stackName: c.name('baseline'),
        stackId: arn,
        stackStatus: 'UPDATE_COMPLETE',
        notificationARNs: [c.alertTopicArn],
        driftInformation: { stackDriftStatus: 'IN_SYNC', lastCheckTimestamp: '2025-12-30T06:00:00Z' },
        enableTerminationProtection: true,
      },
    };
  },
  'AWS::ServiceCatalog::Portfolio': (c) => ({
    id: `port-${c.hex('portfolio', 13)}`,
    name: `${c.env} approved products`,
    configuration: {
      DisplayName: `${c.env} approved products`,
      ProviderName: 'Platform team',
      Description: 'Approved, pre-hardened building blocks',
      AcceptLanguage: 'en',
      PrincipalAssociations: [],
      PortfolioShares: [{ Type: 'ORGANIZATION', PrincipalId: c.organizationId }],
    },
  }),
};
