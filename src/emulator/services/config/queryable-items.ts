// The configuration items an advanced query sees in one account-region: nothing unless the recorder is
// recording; otherwise the world's resources plus the items AWS Config records about itself — the
// recorder (AWS::Config::ConfigurationRecorder) and one AWS::Config::ResourceCompliance item per evaluated
// resource, derived from the current evaluations so they follow any change a test makes.

import type { ConfigurationItem } from '../../config-query/index.js';
import type { RegionState } from '../../world/world-state.js';

/** Items visible to SelectResourceConfig / SelectAggregateResourceConfig for this region. */
export function queryableItems(region: RegionState, capturedAt: Date): ConfigurationItem[] {
  if (region.recorder !== 'on') return [];
  return [...region.items, recorderItem(region, capturedAt), ...complianceItems(region, capturedAt)];
}

function recorderItem(region: RegionState, capturedAt: Date): ConfigurationItem {
  const { accountId, region: awsRegion } = region;
  return {
    accountId,
    awsRegion,
    resourceId: 'default',
    resourceName: 'default',
    resourceType: 'AWS::Config::ConfigurationRecorder',
    arn: `arn:aws:config:${awsRegion}:${accountId}:configuration-recorder/default/${accountId}`,
    availabilityZone: 'Regional',
    configurationItemCaptureTime: capturedAt.toISOString(),
    configurationItemStatus: 'OK',
    version: '1.3',
    configuration: {
      Name: 'default',
      RoleARN: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      Recording: true,
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true, ResourceTypes: [] },
    },
    supplementaryConfiguration: {},
    tags: [],
    relationships: [],
  };
}

function complianceItems(region: RegionState, capturedAt: Date): ConfigurationItem[] {
  const byResource = new Map<
    string,
    { type: string; id: string; rules: { name: string; arn: string; id: string; compliance: string }[] }
  >();
  for (const rule of region.rules) {
    for (const e of rule.evaluations) {
      const key = `${e.resourceType}/${e.resourceId}`;
      const entry = byResource.get(key) ?? { type: e.resourceType, id: e.resourceId, rules: [] };
      entry.rules.push({ name: rule.name, arn: rule.arn, id: rule.id, compliance: e.compliance });
      byResource.set(key, entry);
    }
  }
  const items: ConfigurationItem[] = [];
  for (const [key, entry] of byResource) {
    const verdicts = entry.rules.map((r) => r.compliance);
    const complianceType = verdicts.includes('NON_COMPLIANT')
      ? 'NON_COMPLIANT'
      : verdicts.includes('COMPLIANT')
        ? 'COMPLIANT'
        : undefined;
    if (!complianceType) continue;
    items.push({
      accountId: region.accountId,
      awsRegion: region.region,
      resourceId: key,
      resourceName: key,
      resourceType: 'AWS::Config::ResourceCompliance',
      availabilityZone: 'Not Applicable',
      configurationItemCaptureTime: capturedAt.toISOString(),
      configurationItemStatus: 'OK',
      version: '1.3',
      configuration: {
        targetResourceId: entry.id,
        targetResourceType: entry.type,
        complianceType,
        configRuleList: entry.rules
          .filter((r) => r.compliance !== 'NOT_APPLICABLE')
          .map((r) => ({
            configRuleArn: r.arn,
            configRuleId: r.id,
            configRuleName: r.name,
            complianceType: r.compliance,
          })),
      },
      supplementaryConfiguration: {},
      tags: [],
      relationships: [{ resourceType: entry.type, resourceId: entry.id, name: 'Is associated with ' }],
    });
  }
  return items;
}
