// Templates for application front doors in each account and region: API Gateway (REST and HTTP APIs),
// AppSync and Cognito. Property names follow awslabs/aws-config-resource-schema; every setting is the
// compliant one (private or WAF-protected, TLS, throttled, logged, authorised, MFA).

import type { ResourceTemplate } from '../estate-context.js';

export const APP_TEMPLATES: Record<string, ResourceTemplate> = {
  'AWS::ApiGateway::RestApi': (c) => {
    const id = c.hex('rest-api', 10);
    return {
      id,
      name: c.name('internal-api'),
      configuration: {
        id,
        name: c.name('internal-api'),
        endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [c.ec2Id('vpce')] },
        apiKeySource: 'HEADER',
        disableExecuteApiEndpoint: false,
      },
    };
  },
  'AWS::ApiGateway::Stage': (c) => {
    const apiId = c.hex('rest-api', 10);
    return {
      id: `${apiId}/live`,
      name: 'live',
      arn: `arn:aws:apigateway:${c.awsRegion}::/restapis/${apiId}/stages/live`,
      configuration: {
        stageName: 'live',
        restApiId: apiId,
        deploymentId: c.hex('deployment', 6),
        tracingEnabled: true,
        clientCertificateId: c.hex('client-cert', 6),
        webAclArn: c.arn('wafv2', `regional/webacl/${c.name('regional')}/${c.uuid('web-acl')}`),
        cacheClusterEnabled: true,
        cacheClusterSize: '0.5',
        methodSettings: {
          '*/*': {
            loggingLevel: 'INFO',
            metricsEnabled: true,
            cachingEnabled: true,
            cacheDataEncrypted: true,
            throttlingRateLimit: 500,
            throttlingBurstLimit: 1000,
          },
        },
        accessLogSettings: {
          destinationArn: c.arn('logs', `log-group:/apigateway/${c.name('internal-api')}`),
        },
      },
    };
  },
  'AWS::ApiGatewayV2::Stage': (c) => {
    const apiId = c.hex('http-api', 10);
    return {
      id: `${apiId}/$default`,
      name: '$default',
      arn: `arn:aws:apigateway:${c.awsRegion}::/apis/${apiId}/stages/$default`,
      configuration: {
        stageName: '$default',
        apiId,
        autoDeploy: true,
        defaultRouteSettings: {
          throttlingRateLimit: 200,
          throttlingBurstLimit: 400,
          detailedMetricsEnabled: true,
          loggingLevel: 'INFO',
        },
        accessLogSettings: {
          destinationArn: c.arn('logs', `log-group:/apigateway/${c.name('http-api')}`),
          format: '$context.requestId $context.identity.sourceIp $context.routeKey $context.status',
        },
      },
    };
  },
  'AWS::ApiGatewayV2::Route': (c) => {
    const apiId = c.hex('http-api', 10);
    const routeId = c.hex('route', 7);
    return {
      id: `${apiId}/${routeId}`,
      configuration: {
        ApiId: apiId,
        RouteId: routeId,
        RouteKey: 'POST /events',
        AuthorizationType: 'JWT',
        AuthorizerId: c.hex('authorizer', 6),
        Target: `integrations/${c.hex('integration', 7)}`,
      },
      taggable: false,
    };
  },
  'AWS::AppSync::GraphQLApi': (c) => {
    const id = c.upperId('appsync', 26).toLowerCase();
    return {
      id,
      name: c.name('catalog-graphql'),
      arn: c.arn('appsync', `apis/${id}`),
      configuration: {
        ApiId: id,
        Name: c.name('catalog-graphql'),
        AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
        WafWebAclArn: c.arn('wafv2', `regional/webacl/${c.name('regional')}/${c.uuid('web-acl')}`),
        LogConfig: {
          FieldLogLevel: 'ERROR',
          CloudWatchLogsRoleArn: c.arn('iam', `role/${c.env}-appsync-logs`, 'global'),
        },
        XrayEnabled: true,
      },
    };
  },
  'AWS::Cognito::UserPool': (c) => {
    const id = `${c.awsRegion}_${c.upperId('user-pool', 9)}`;
    return {
      id,
      name: c.name('customers'),
      configuration: {
        UserPoolName: c.name('customers'),
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        Policies: {
          PasswordPolicy: {
            MinimumLength: 14,
            RequireUppercase: true,
            RequireLowercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
            TemporaryPasswordValidityDays: 1,
          },
        },
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        DeletionProtection: 'ACTIVE',
      },
    };
  },
  'AWS::Cognito::IdentityPool': (c) => {
    const id = `${c.awsRegion}:${c.uuid('identity-pool')}`;
    return {
      id,
      name: c.name('customers-identities'),
      configuration: {
        IdentityPoolName: c.name('customers-identities'),
        AllowUnauthenticatedIdentities: false,
        AllowClassicFlow: false,
        CognitoIdentityProviders: [
          {
            ProviderName: `cognito-idp.${c.awsRegion}.amazonaws.com/${c.awsRegion}_${c.upperId('user-pool', 9)}`,
          },
        ],
      },
    };
  },
};
