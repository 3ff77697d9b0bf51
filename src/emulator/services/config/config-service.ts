// AWS Config (awsJson1_1, StarlingDoveService): the read operations Evidentia uses, per account × region, and
// the conformance pack puts `evidentia packs deploy` makes.

import type { ServiceDefinition } from '../../service-definition.js';
import { awsModel } from '../model-paths.js';
import {
  describeAggregateComplianceByConfigRules,
  getAggregateComplianceDetailsByConfigRule,
} from './aggregate-compliance.js';
import {
  describeConfigurationAggregatorSourcesStatus,
  describeConfigurationAggregators,
} from './aggregators.js';
import {
  describeConfigurationRecorderStatus,
  describeConfigurationRecorders,
} from './configuration-recorders.js';
import { describeConformancePackCompliance, describeConformancePacks } from './conformance-packs.js';
import { describeComplianceByConfigRule } from './describe-compliance-by-config-rule.js';
import { describeConfigRuleEvaluationStatus } from './describe-config-rule-evaluation-status.js';
import { describeConfigRules } from './describe-config-rules.js';
import { getComplianceDetailsByConfigRule } from './get-compliance-details-by-config-rule.js';
import {
  describeOrganizationConformancePacks,
  putConformancePack,
  putOrganizationConformancePack,
} from './put-conformance-pack.js';
import { selectAggregateResourceConfig } from './select-aggregate-resource-config.js';
import { selectResourceConfig } from './select-resource-config.js';

/** The Config service definition. */
export function configService(): ServiceDefinition {
  return {
    model: awsModel('config-service'),
    handlers: {
      DescribeConfigurationRecorders: describeConfigurationRecorders,
      DescribeConfigurationRecorderStatus: describeConfigurationRecorderStatus,
      DescribeConfigRules: describeConfigRules,
      DescribeConfigRuleEvaluationStatus: describeConfigRuleEvaluationStatus,
      DescribeComplianceByConfigRule: describeComplianceByConfigRule,
      GetComplianceDetailsByConfigRule: getComplianceDetailsByConfigRule,
      SelectResourceConfig: selectResourceConfig,
      DescribeConfigurationAggregators: describeConfigurationAggregators,
      DescribeConfigurationAggregatorSourcesStatus: describeConfigurationAggregatorSourcesStatus,
      DescribeAggregateComplianceByConfigRules: describeAggregateComplianceByConfigRules,
      GetAggregateComplianceDetailsByConfigRule: getAggregateComplianceDetailsByConfigRule,
      SelectAggregateResourceConfig: selectAggregateResourceConfig,
      DescribeConformancePacks: describeConformancePacks,
      DescribeConformancePackCompliance: describeConformancePackCompliance,
      PutConformancePack: putConformancePack,
      PutOrganizationConformancePack: putOrganizationConformancePack,
      DescribeOrganizationConformancePacks: describeOrganizationConformancePacks,
    },
  };
}
