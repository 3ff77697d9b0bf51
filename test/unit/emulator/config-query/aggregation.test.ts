import { describe, expect, it } from 'vitest';
import { runConfigQuery } from '../../../../src/emulator/config-query/index.js';
import { ci } from './fixtures.js';

const items = [
  ci({ resourceId: 'b1', resourceType: 'AWS::S3::Bucket', awsRegion: 'eu-west-1' }),
  ci({
    resourceId: 'v1',
    resourceType: 'AWS::EC2::Volume',
    awsRegion: 'us-east-1',
    configuration: { size: 10 },
  }),
  ci({ resourceId: 'b2', resourceType: 'AWS::S3::Bucket', awsRegion: 'us-east-1' }),
  ci({
    resourceId: 'v2',
    resourceType: 'AWS::EC2::Volume',
    awsRegion: 'us-east-1',
    configuration: { size: 30 },
  }),
  ci({ resourceId: 'b3', resourceType: 'AWS::S3::Bucket', awsRegion: 'us-east-1' }),
  ci({
    resourceId: 'v3',
    resourceType: 'AWS::EC2::Volume',
    awsRegion: 'eu-west-1',
    configuration: { size: 'n/a' },
  }),
];

describe('GROUP BY and aggregates', () => {
  it('counts per group, in order of each group’s first member', () => {
    const result = runConfigQuery(
      "SELECT awsRegion, COUNT(*) WHERE resourceType = 'AWS::S3::Bucket' GROUP BY awsRegion",
      items,
    );
    expect(result.selectFields).toEqual([{ Name: 'awsRegion' }, { Name: 'COUNT(*)' }]);
    expect(result.rows).toEqual([
      { awsRegion: 'eu-west-1', 'COUNT(*)': 1 },
      { awsRegion: 'us-east-1', 'COUNT(*)': 2 },
    ]);
    expect(result.paginatable).toBe(true);
  });

  it('groups by two properties and orders by them', () => {
    const { rows } = runConfigQuery(
      'SELECT resourceType, awsRegion, COUNT(*) GROUP BY resourceType, awsRegion ORDER BY resourceType, awsRegion DESC',
      items,
    );
    expect(rows).toEqual([
      { resourceType: 'AWS::EC2::Volume', awsRegion: 'us-east-1', 'COUNT(*)': 2 },
      { resourceType: 'AWS::EC2::Volume', awsRegion: 'eu-west-1', 'COUNT(*)': 1 },
      { resourceType: 'AWS::S3::Bucket', awsRegion: 'us-east-1', 'COUNT(*)': 2 },
      { resourceType: 'AWS::S3::Bucket', awsRegion: 'eu-west-1', 'COUNT(*)': 1 },
    ]);
  });

  it('orders by an aggregate, and marks the result as one page', () => {
    const result = runConfigQuery(
      'SELECT awsRegion, COUNT(*) GROUP BY awsRegion ORDER BY COUNT(*) DESC',
      items,
    );
    expect(result.rows).toEqual([
      { awsRegion: 'us-east-1', 'COUNT(*)': 4 },
      { awsRegion: 'eu-west-1', 'COUNT(*)': 2 },
    ]);
    expect(result.paginatable).toBe(false);
    const ascending = runConfigQuery(
      'SELECT awsRegion, COUNT(*) GROUP BY awsRegion ORDER BY COUNT(*)',
      items,
    );
    expect(ascending.rows.map((r) => r.awsRegion)).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('computes COUNT(p), MIN, MAX, SUM and AVG, with non-numbers left out of SUM and AVG', () => {
    const { rows, selectFields } = runConfigQuery(
      "SELECT COUNT(configuration.size), MIN(configuration.size), MAX(configuration.size), SUM(configuration.size), AVG(configuration.size), MIN(resourceId) WHERE resourceType = 'AWS::EC2::Volume'",
      items,
    );
    expect(selectFields.map((f) => f.Name)).toEqual([
      'COUNT(configuration.size)',
      'MIN(configuration.size)',
      'MAX(configuration.size)',
      'SUM(configuration.size)',
      'AVG(configuration.size)',
      'MIN(resourceId)',
    ]);
    expect(rows).toEqual([
      {
        'COUNT(configuration.size)': 3,
        'MIN(configuration.size)': 10,
        // Sort order puts strings after numbers, so the text value is the maximum.
        'MAX(configuration.size)': 'n/a',
        'SUM(configuration.size)': 40,
        'AVG(configuration.size)': 20,
        'MIN(resourceId)': 'v1',
      },
    ]);
  });

  it('COUNT(p) counts items that have a value at p', () => {
    const { rows } = runConfigQuery(
      'SELECT resourceType, COUNT(configuration.size) GROUP BY resourceType',
      items,
    );
    expect(rows).toEqual([
      { resourceType: 'AWS::S3::Bucket', 'COUNT(configuration.size)': 0 },
      { resourceType: 'AWS::EC2::Volume', 'COUNT(configuration.size)': 3 },
    ]);
  });

  it('without GROUP BY, aggregates over no items give one row with COUNT 0 and no MIN', () => {
    const { rows } = runConfigQuery(
      "SELECT COUNT(*), MIN(configuration.size) WHERE resourceType = 'AWS::KMS::Key'",
      items,
    );
    expect(rows).toEqual([{ 'COUNT(*)': 0 }]);
  });

  it('with GROUP BY, no items give no rows', () => {
    const { rows } = runConfigQuery(
      "SELECT awsRegion, COUNT(*) WHERE resourceType = 'AWS::KMS::Key' GROUP BY awsRegion",
      items,
    );
    expect(rows).toEqual([]);
  });

  it('re-nests a nested GROUP BY property and keeps items without it as their own group', () => {
    const { rows } = runConfigQuery(
      'SELECT configuration.size, COUNT(*) GROUP BY configuration.size ORDER BY configuration.size',
      items,
    );
    expect(rows).toEqual([
      { 'COUNT(*)': 3 },
      { configuration: { size: 10 }, 'COUNT(*)': 1 },
      { configuration: { size: 30 }, 'COUNT(*)': 1 },
      { configuration: { size: 'n/a' }, 'COUNT(*)': 1 },
    ]);
  });

  it('GROUP BY without aggregates returns distinct groups', () => {
    const { rows } = runConfigQuery('SELECT resourceType GROUP BY resourceType', items);
    expect(rows).toEqual([{ resourceType: 'AWS::S3::Bucket' }, { resourceType: 'AWS::EC2::Volume' }]);
  });

  it('groups by the whole list when the property is an array', () => {
    const tagged = [
      ci({ resourceId: 'x1', tags: [{ key: 'a', value: '1' }] }),
      ci({ resourceId: 'x2', tags: [{ key: 'a', value: '2' }] }),
      ci({
        resourceId: 'x3',
        tags: [
          { key: 'a', value: '3' },
          { key: 'b', value: '3' },
        ],
      }),
    ];
    const { rows } = runConfigQuery('SELECT tags.key, COUNT(*) GROUP BY tags.key', tagged);
    expect(rows).toEqual([
      { tags: [{ key: 'a' }], 'COUNT(*)': 2 },
      { tags: [{ key: 'a' }, { key: 'b' }], 'COUNT(*)': 1 },
    ]);
  });
});
