// Templates for the network of each account and region: VPC, subnets, routing, ACLs, security groups,
// endpoints (PrivateLink), load balancers, Network Firewall, CloudFront and WAF. Property names follow
// awslabs/aws-config-resource-schema; every setting is the compliant one.

import type { ResourceTemplate } from '../estate-context.js';

const allEgress = [
  { ipProtocol: '-1', ipRanges: ['0.0.0.0/0'], ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipv6Ranges: [] },
];

export const NETWORK_TEMPLATES: Record<string, ResourceTemplate> = {
  'AWS::EC2::VPC': (c) => ({
    id: c.vpcId,
    configuration: {
      vpcId: c.vpcId,
      cidrBlock: c.cidr,
      isDefault: false,
      state: 'available',
      instanceTenancy: 'default',
      ownerId: c.accountId,
      cidrBlockAssociationSet: [{ cidrBlock: c.cidr, cidrBlockState: { state: 'associated' } }],
    },
    supplementaryConfiguration: { FlowLogs: [{ flowLogStatus: 'ACTIVE', trafficType: 'ALL' }] },
    tags: { Name: c.name('vpc') },
  }),
  'AWS::EC2::Subnet': (c) => ({
    id: c.subnetIds[0],
    availabilityZone: c.az('a'),
    configuration: {
      subnetId: c.subnetIds[0],
      vpcId: c.vpcId,
      cidrBlock: `${c.ip(1)}/24`,
      availabilityZone: c.az('a'),
      mapPublicIpOnLaunch: false,
      state: 'available',
    },
    tags: { Name: c.name('private-a') },
  }),
  'AWS::EC2::RouteTable': (c) => ({
    id: c.ec2Id('rtb'),
    configuration: {
      routeTableId: c.ec2Id('rtb'),
      vpcId: c.vpcId,
      routes: [
        { destinationCidrBlock: c.cidr, gatewayId: 'local', state: 'active' },
        { destinationCidrBlock: '0.0.0.0/0', transitGatewayId: c.ec2Id('tgw'), state: 'active' },
      ],
      associations: [{ subnetId: c.subnetIds[0], main: false }],
    },
    tags: { Name: c.name('private-rt') },
  }),
  'AWS::EC2::InternetGateway': (c) => ({
    id: c.ec2Id('igw'),
    configuration: {
      internetGatewayId: c.ec2Id('igw'),
      attachments: [{ vpcId: c.vpcId, state: 'available' }],
    },
    tags: { Name: c.name('igw') },
  }),
  'AWS::EC2::NetworkAcl': (c) => ({
    id: c.ec2Id('acl'),
    configuration: {
      networkAclId: c.ec2Id('acl'),
      vpcId: c.vpcId,
      isDefault: false,
      associations: [{ subnetId: c.subnetIds[0] }],
      entries: [
        {
          ruleNumber: 100,
          protocol: '6',
          ruleAction: 'allow',
          egress: false,
          cidrBlock: c.cidr,
          portRange: { from: 443, to: 443 },
        },
        {
          ruleNumber: 110,
          protocol: '6',
          ruleAction: 'allow',
          egress: false,
          cidrBlock: '0.0.0.0/0',
          portRange: { from: 1024, to: 65535 },
        },
        { ruleNumber: 32767, protocol: '-1', ruleAction: 'deny', egress: false, cidrBlock: '0.0.0.0/0' },
      ],
    },
    tags: { Name: c.name('private-acl') },
  }),
  'AWS::EC2::SecurityGroup': (c) => ({
    id: c.securityGroupId,
    name: c.name('app'),
    configuration: {
      groupId: c.securityGroupId,
      groupName: c.name('app'),
      description: 'Application tier: HTTPS from inside the VPC only',
      vpcId: c.vpcId,
      ipPermissions: [
        {
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
          ipRanges: [c.cidr],
          ipv4Ranges: [{ cidrIp: c.cidr }],
        },
      ],
      ipPermissionsEgress: allEgress,
    },
  }),
  'AWS::EC2::NetworkInterface': (c) => ({
    id: c.ec2Id('eni'),
    availabilityZone: c.az('a'),
    configuration: {
      networkInterfaceId: c.ec2Id('eni'),
      subnetId: c.subnetIds[0],
      vpcId: c.vpcId,
      privateIpAddress: c.ip(1, 20),
      sourceDestCheck: true,
      interfaceType: 'interface',
      status: 'in-use',
      groups: [{ groupId: c.securityGroupId, groupName: c.name('app') }],
      attachment: { instanceId: c.ec2Id('i', 'instance'), status: 'attached', deviceIndex: 0 },
    },
  }),
  'AWS::EC2::TransitGateway': (c) => ({
    id: c.ec2Id('tgw'),
    configuration: {
      TransitGatewayId: c.ec2Id('tgw'),
      Description: 'Hub for the account VPCs and on-premises VPN',
      AutoAcceptSharedAttachments: 'disable',
      DefaultRouteTableAssociation: 'enable',
      DefaultRouteTablePropagation: 'enable',
      DnsSupport: 'enable',
      VpnEcmpSupport: 'enable',
      AmazonSideAsn: 64512,
    },
    tags: { Name: c.name('tgw') },
  }),
  'AWS::EC2::VPNConnection': (c) => ({
    id: c.ec2Id('vpn'),
    configuration: {
      vpnConnectionId: c.ec2Id('vpn'),
      type: 'ipsec.1',
      state: 'available',
      transitGatewayId: c.ec2Id('tgw'),
      customerGatewayId: c.ec2Id('cgw'),
      vgwTelemetry: [
        { outsideIpAddress: '203.0.113.10', status: 'UP' },
        { outsideIpAddress: '203.0.113.11', status: 'UP' },
      ],
    },
    tags: { Name: c.name('office-vpn') },
  }),
  'AWS::EC2::ClientVpnEndpoint': (c) => ({
    id: c.ec2Id('cvpn-endpoint'),
    configuration: {
      ClientVpnEndpointId: c.ec2Id('cvpn-endpoint'),
      Description: 'Engineers VPN (IAM Identity Center SAML)',
      ClientCidrBlock: '172.16.0.0/22',
      VpcId: c.vpcId,
      SplitTunnel: true,
      AuthenticationOptions: [{ Type: 'federated-authentication' }],
      ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: `/vpn/${c.name('engineers')}` },
      AuthorizationRules: [
        { TargetNetworkCidr: c.cidr, AccessGroupId: 'engineers', AuthorizeAllGroups: false },
      ],
    },
  }),
  'AWS::EC2::VPCEndpoint': (c) => ({
    id: c.ec2Id('vpce'),
    configuration: {
      vpcEndpointId: c.ec2Id('vpce'),
      vpcEndpointType: 'Interface',
      serviceName: `com.amazonaws.${c.awsRegion}.kms`,
      vpcId: c.vpcId,
      state: { value: 'available' },
      privateDnsEnabled: true,
      subnetIds: c.subnetIds,
      groups: [{ groupId: c.securityGroupId, groupName: c.name('app') }],
    },
  }),
  'AWS::EC2::NetworkInsightsAccessScopeAnalysis': (c) => ({
    id: c.ec2Id('nisa'),
    configuration: {
      NetworkInsightsAccessScopeAnalysisId: c.ec2Id('nisa'),
      NetworkInsightsAccessScopeId: c.ec2Id('nis'),
      NetworkInsightsAccessScopeAnalysisArn: c.arn(
        'ec2',
        `network-insights-access-scope-analysis/${c.ec2Id('nisa')}`,
      ),
      Status: 'succeeded',
      FindingsFound: 'false',
      AnalyzedEniCount: 12,
      StartDate: '2025-12-31T02:00:00Z',
      EndDate: '2025-12-31T02:04:00Z',
    },
    tags: { Name: c.name('internet-ingress-scope') },
  }),
  'AWS::ElasticLoadBalancingV2::LoadBalancer': (c) => {
    const arn = c.arn('elasticloadbalancing', `loadbalancer/app/${c.name('internal')}/${c.hex('alb', 16)}`);
    return {
      id: arn,
      arn,
      name: c.name('internal'),
      configuration: {
        loadBalancerArn: arn,
        loadBalancerName: c.name('internal'),
        scheme: 'internal',
        type: 'application',
        vpcId: c.vpcId,
        availabilityZones: [
          { zoneName: c.az('a'), subnetId: c.subnetIds[0] },
          { zoneName: c.az('b'), subnetId: c.subnetIds[1] },
        ],
        securityGroups: [c.securityGroupId],
        state: { code: 'active' },
      },
      supplementaryConfiguration: {
        LoadBalancerAttributes: [
          { key: 'access_logs.s3.enabled', value: 'true' },
          { key: 'access_logs.s3.bucket', value: c.logBucket },
          { key: 'deletion_protection.enabled', value: 'true' },
          { key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' },
        ],
      },
    };
  },
  'AWS::ElasticLoadBalancingV2::Listener': (c) => {
    const lb = `${c.name('internal')}/${c.hex('alb', 16)}`;
    const arn = c.arn('elasticloadbalancing', `listener/app/${lb}/${c.hex('listener', 16)}`);
    return {
      id: arn,
      arn,
      configuration: {
        listenerArn: arn,
        loadBalancerArn: c.arn('elasticloadbalancing', `loadbalancer/app/${lb}`),
        port: 443,
        protocol: 'HTTPS',
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        certificates: [{ certificateArn: c.arn('acm', `certificate/${c.uuid('certificate')}`) }],
      },
      taggable: false,
    };
  },
  'AWS::ElasticLoadBalancing::LoadBalancer': (c) => ({
    id: c.name('legacy-elb'),
    name: c.name('legacy-elb'),
    configuration: {
      loadBalancerName: c.name('legacy-elb'),
      scheme: 'internal',
      vpcid: c.vpcId,
      subnets: c.subnetIds,
      availabilityZones: [c.az('a'), c.az('b')],
      listenerDescriptions: [
        {
          listener: {
            protocol: 'HTTPS',
            loadBalancerPort: 443,
            instanceProtocol: 'HTTPS',
            instancePort: 443,
            sslcertificateId: c.arn('acm', `certificate/${c.uuid('certificate')}`),
          },
          policyNames: ['ELBSecurityPolicy-TLS-1-2-2017-01'],
        },
      ],
    },
    supplementaryConfiguration: {
      LoadBalancerAttributes: {
        crossZoneLoadBalancing: { enabled: true },
        accessLog: { enabled: true, s3BucketName: c.logBucket, emitInterval: 60 },
        connectionDraining: { enabled: true, timeout: 300 },
      },
    },
  }),
  'AWS::NetworkFirewall::Firewall': (c) => {
    const arn = c.arn('network-firewall', `firewall/${c.name('inspection')}`);
    return {
      id: arn,
      arn,
      name: c.name('inspection'),
      configuration: {
        firewall: {
          firewallName: c.name('inspection'),
          firewallArn: arn,
          firewallId: c.uuid('firewall'),
          firewallPolicyArn: c.arn('network-firewall', `firewall-policy/${c.name('inspection-policy')}`),
          vpcId: c.vpcId,
          subnetMappings: c.subnetIds.map((subnetId) => ({ subnetId, iPAddressType: 'IPV4' })),
          deleteProtection: true,
          subnetChangeProtection: true,
          firewallPolicyChangeProtection: true,
        },
      },
    };
  },
  'AWS::NetworkFirewall::FirewallPolicy': (c) => {
    const arn = c.arn('network-firewall', `firewall-policy/${c.name('inspection-policy')}`);
    return {
      id: arn,
      arn,
      name: c.name('inspection-policy'),
      configuration: {
        FirewallPolicyName: c.name('inspection-policy'),
        FirewallPolicy: {
          StatelessDefaultActions: ['aws:forward_to_sfe'],
          StatelessFragmentDefaultActions: ['aws:forward_to_sfe'],
          StatelessRuleGroupReferences: [
            {
              ResourceArn: c.arn('network-firewall', `stateless-rulegroup/${c.name('drop-bogons')}`),
              Priority: 10,
            },
          ],
          StatefulRuleGroupReferences: [
            { ResourceArn: 'arn:aws:network-firewall:::aws-managed/ThreatSignaturesMalwareStrictOrder' },
          ],
        },
      },
    };
  },
  'AWS::NetworkFirewall::RuleGroup': (c) => {
    const arn = c.arn('network-firewall', `stateless-rulegroup/${c.name('drop-bogons')}`);
    return {
      id: arn,
      arn,
      name: c.name('drop-bogons'),
      configuration: {
        RuleGroupName: c.name('drop-bogons'),
        Type: 'STATELESS',
        Capacity: 100,
        RuleGroup: {
          RulesSource: {
            StatelessRulesAndCustomActions: {
              StatelessRules: [
                {
                  Priority: 1,
                  RuleDefinition: {
                    Actions: ['aws:drop'],
                    MatchAttributes: { Sources: [{ AddressDefinition: '0.0.0.0/8' }] },
                  },
                },
              ],
            },
          },
        },
      },
    };
  },
  'AWS::NetworkFirewall::LoggingConfiguration': (c) => {
    const firewallArn = c.arn('network-firewall', `firewall/${c.name('inspection')}`);
    return {
      id: firewallArn,
      configuration: {
        FirewallArn: firewallArn,
        LoggingConfiguration: {
          LogDestinationConfigs: [
            { LogType: 'ALERT', LogDestinationType: 'S3', LogDestination: { bucketName: c.logBucket } },
            { LogType: 'FLOW', LogDestinationType: 'S3', LogDestination: { bucketName: c.logBucket } },
          ],
        },
      },
      taggable: false,
    };
  },
  'AWS::CloudFront::Distribution': (c) => {
    const id = `E${c.upperId('cloudfront', 13)}`;
    return {
      id,
      arn: `arn:aws:cloudfront::${c.accountId}:distribution/${id}`,
      configuration: {
        distributionConfig: {
          comment: `${c.env} static site`,
          enabled: true,
          aliases: { items: [`static.${c.env}.demo.evidentia.example`] },
          defaultRootObject: 'index.html',
          webACLId: c.arn('wafv2', `global/webacl/${c.name('edge')}/${c.uuid('edge-acl')}`),
          logging: { enabled: true, bucket: `${c.logBucket}.s3.amazonaws.com`, prefix: 'cloudfront/' },
          viewerCertificate: {
            acmCertificateArn: `arn:aws:acm:us-east-1:${c.accountId}:certificate/${c.uuid('edge-cert')}`,
            sslSupportMethod: 'sni-only',
            minimumProtocolVersion: 'TLSv1.2_2021',
            cloudFrontDefaultCertificate: false,
          },
          origins: {
            items: [
              {
                id: 'site-bucket',
                domainName: `${c.globalName('site')}.s3.${c.awsRegion}.amazonaws.com`,
                originAccessControlId: `E${c.upperId('oac', 13)}`,
                s3OriginConfig: { originAccessIdentity: '' },
              },
            ],
          },
          defaultCacheBehavior: { targetOriginId: 'site-bucket', viewerProtocolPolicy: 'redirect-to-https' },
        },
      },
    };
  },
  'AWS::WAFv2::WebACL': (c) => {
    const id = c.uuid('web-acl');
    return {
      id,
      name: c.name('regional'),
      arn: c.arn('wafv2', `regional/webacl/${c.name('regional')}/${id}`),
      configuration: {
        name: c.name('regional'),
        id,
        defaultAction: 'allow',
        capacity: 725,
        description: 'AWS managed common rule set, known bad inputs and IP reputation',
        rules: [
          { name: 'AWSManagedRulesCommonRuleSet', priority: 0 },
          { name: 'AWSManagedRulesKnownBadInputsRuleSet', priority: 1 },
          { name: 'AWSManagedRulesAmazonIpReputationList', priority: 2 },
          { name: 'rate-limit-2000', priority: 3 },
        ],
        visibilityConfig: {
          cloudWatchMetricsEnabled: true,
          sampledRequestsEnabled: true,
          metricName: c.name('regional'),
        },
      },
      supplementaryConfiguration: {
        LoggingConfiguration: {
          logDestinationConfigs: [c.arn('logs', `log-group:aws-waf-logs-${c.name('regional')}`)],
        },
      },
    };
  },
  'AWS::WAFv2::RuleGroup': (c) => {
    const id = c.uuid('waf-rule-group');
    return {
      id,
      name: c.name('block-admin-paths'),
      arn: c.arn('wafv2', `regional/rulegroup/${c.name('block-admin-paths')}/${id}`),
      configuration: {
        name: c.name('block-admin-paths'),
        id,
        capacity: 50,
        rules: [{ name: 'block-wp-admin', priority: 0, action: 'block' }],
        visibilityConfig: {
          cloudWatchMetricsEnabled: true,
          sampledRequestsEnabled: true,
          metricName: c.name('block-admin-paths'),
        },
      },
    };
  },
  'AWS::WAF::WebACL': (c) => {
    const id = c.uuid('waf-classic-acl');
    return {
      id,
      name: c.name('classic-edge'),
      arn: `arn:aws:waf::${c.accountId}:webacl/${id}`,
      configuration: {
        webACLId: id,
        name: c.name('classic-edge'),
        metricName: 'classicedge',
        defaultAction: { type: 'ALLOW' },
        rules: [
          { priority: 1, ruleId: c.uuid('waf-classic-rule'), action: { type: 'BLOCK' }, type: 'REGULAR' },
        ],
      },
      supplementaryConfiguration: {
        LoggingConfiguration: {
          logDestinationConfigs: [
            `arn:aws:firehose:us-east-1:${c.accountId}:deliverystream/aws-waf-logs-${c.env}`,
          ],
        },
      },
    };
  },
  'AWS::WAF::Rule': (c) => {
    const id = c.uuid('waf-classic-rule');
    return {
      id,
      name: c.name('classic-bad-bots'),
      configuration: {
        ruleId: id,
        name: c.name('classic-bad-bots'),
        metricName: 'classicbadbots',
        predicates: [{ negated: false, type: 'IPMatch', dataId: c.uuid('waf-ipset') }],
      },
    };
  },
  'AWS::WAF::RuleGroup': (c) => {
    const id = c.uuid('waf-classic-group');
    return {
      id,
      name: c.name('classic-group'),
      configuration: {
        ruleGroupId: id,
        name: c.name('classic-group'),
        metricName: 'classicgroup',
        activatedRules: [{ priority: 1, ruleId: c.uuid('waf-classic-rule'), action: { type: 'BLOCK' } }],
      },
    };
  },
};
