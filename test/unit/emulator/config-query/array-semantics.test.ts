import { describe, expect, it } from 'vitest';
import { runConfigQuery } from '../../../../src/emulator/config-query/index.js';
import { ci, ids } from './fixtures.js';

const compliance = ci({
  resourceId: 'rc-1',
  resourceType: 'AWS::Config::ResourceCompliance',
  configuration: {
    complianceType: 'NON_COMPLIANT',
    configRuleList: [
      { configRuleName: 'A', complianceType: 'COMPLIANT' },
      { configRuleName: 'B', complianceType: 'NON_COMPLIANT' },
    ],
  },
});
const allCompliant = ci({
  resourceId: 'rc-2',
  resourceType: 'AWS::Config::ResourceCompliance',
  configuration: {
    complianceType: 'COMPLIANT',
    configRuleList: [{ configRuleName: 'A', complianceType: 'COMPLIANT' }],
  },
});
const tagged = ci({
  resourceId: 'b-1',
  resourceType: 'AWS::S3::Bucket',
  tags: [
    { key: 'env', value: 'dev' },
    { key: 'owner', value: 'prod' },
  ],
});
const items = [compliance, allCompliant, tagged];

function where(condition: string): unknown[] {
  return ids(runConfigQuery(`SELECT resourceId WHERE ${condition}`, items).rows);
}

describe('array semantics', () => {
  it('checks each predicate on its own: rule A compliant and rule B not still matches A AND non_compliant', () => {
    expect(
      where(
        "configuration.configRuleList.complianceType = 'NON_COMPLIANT' AND configuration.configRuleList.configRuleName = 'A'",
      ),
    ).toEqual(['rc-1']);
  });

  it('matches when any element satisfies the predicate', () => {
    expect(where("configuration.configRuleList.configRuleName = 'B'")).toEqual(['rc-1']);
    expect(where("configuration.configRuleList.complianceType = 'COMPLIANT'")).toEqual(['rc-1', 'rc-2']);
  });

  it('NOT over an array means no element satisfies the predicate', () => {
    expect(where("NOT configuration.configRuleList.complianceType = 'NON_COMPLIANT'")).toEqual([
      'rc-2',
      'b-1',
    ]);
    expect(where("NOT configuration.configRuleList.complianceType = 'COMPLIANT'")).toEqual(['b-1']);
  });

  it('cannot pair a tag key with its value: key=env and value=prod match across different tags', () => {
    expect(where("tags.key = 'env' AND tags.value = 'prod'")).toEqual(['b-1']);
  });

  it('tags.tag holds key=value, which does pair them', () => {
    expect(where("tags.tag = 'env=prod'")).toEqual([]);
    expect(where("tags.tag = 'env=dev'")).toEqual(['b-1']);
  });

  it('IN and LIKE fan out over arrays too', () => {
    expect(where("tags.key IN ('owner', 'team')")).toEqual(['b-1']);
    expect(where("configuration.configRuleList.complianceType LIKE 'NON%'")).toEqual(['rc-1']);
  });
});
