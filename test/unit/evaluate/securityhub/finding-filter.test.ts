// The GetFindings filters the collector sends, and how the evaluator recognises its calls among the records:
// conditions that differ only in age are told apart by the CreatedAt end they were sent with.

import { describe, expect, it } from 'vitest';
import type { SecurityHubFindingsQuery } from '../../../../src/catalog/index.js';
import {
  conditionFilters,
  controlFilters,
  isConditionCall,
  isControlCall,
  scopeFilters,
} from '../../../../src/evaluate/securityhub/finding-filter.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const week: SecurityHubFindingsQuery = {
  kind: 'securityhub-findings',
  id: 'gd-7',
  title: 't',
  products: ['GuardDuty'],
  severities: ['CRITICAL', 'HIGH'],
  workflow: ['NEW', 'NOTIFIED'],
  olderThanDays: 7,
  resourceTypes: [],
  severity: 'high',
  remediation: 'r',
  docs: 'https://docs.aws.amazon.com/',
};
const threeDays = { ...week, id: 'gd-3', olderThanDays: 3 };
const anyAge = { ...week, id: 'gd-0', olderThanDays: 0 };

const call = (q: SecurityHubFindingsQuery, extra: Record<string, unknown> = {}) => ({
  parameters: { Filters: { ...conditionFilters(q, NOW), ...extra }, MaxResults: 100 },
  collectedAt: new Date(NOW.getTime() + 1500).toISOString(),
});

describe('Security Hub finding filters', () => {
  it('sends active, unresolved, product, severity and age as EQUALS filters and a CreatedAt end', () => {
    expect(conditionFilters(week, NOW)).toEqual({
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
      WorkflowStatus: [
        { Value: 'NEW', Comparison: 'EQUALS' },
        { Value: 'NOTIFIED', Comparison: 'EQUALS' },
      ],
      ProductName: [{ Value: 'GuardDuty', Comparison: 'EQUALS' }],
      SeverityLabel: [
        { Value: 'CRITICAL', Comparison: 'EQUALS' },
        { Value: 'HIGH', Comparison: 'EQUALS' },
      ],
      CreatedAt: [{ End: '2026-05-25T12:00:00.000Z' }],
    });
    expect(conditionFilters(anyAge, NOW).CreatedAt).toBeUndefined();
    expect(conditionFilters({ ...week, resourceTypes: ['AwsS3Bucket'] }, NOW).ResourceType).toEqual([
      { Value: 'AwsS3Bucket', Comparison: 'EQUALS' },
    ]);
  });

  it('tells conditions that differ only in age apart, with or without an administrator’s scope', () => {
    expect(isConditionCall(call(week), week)).toBe(true);
    expect(isConditionCall(call(week), threeDays)).toBe(false);
    expect(isConditionCall(call(threeDays), week)).toBe(false);
    expect(isConditionCall(call(anyAge), week)).toBe(false);
    expect(isConditionCall(call(week), anyAge)).toBe(false);
    const scoped = call(threeDays, scopeFilters({ accounts: ['111111111111'], regions: ['us-east-1'] }));
    expect(isConditionCall(scoped, threeDays)).toBe(true);
    expect(isConditionCall(call({ ...week, products: ['Macie'] }), week)).toBe(false);
  });

  it('recognises control-finding calls', () => {
    expect(isControlCall({ Filters: controlFilters(['S3.1']) })).toBe(true);
    expect(isControlCall(call(week).parameters)).toBe(false);
  });
});
