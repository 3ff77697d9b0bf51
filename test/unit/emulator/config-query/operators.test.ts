import { describe, expect, it } from 'vitest';
import { runConfigQuery } from '../../../../src/emulator/config-query/index.js';
import { ci, ids } from './fixtures.js';

const items = [
  ci({
    resourceId: 'v1',
    resourceName: 'prod-data',
    resourceCreationTime: '2023-01-10T00:00:00.000Z',
    configuration: { size: 8, encrypted: true, volumeType: 'gp3' },
  }),
  ci({
    resourceId: 'v2',
    resourceName: 'prod_logs',
    resourceCreationTime: '2024-03-01T00:00:00.000Z',
    configuration: { size: 100, encrypted: false, volumeType: 'io2' },
  }),
  ci({
    resourceId: 'v3',
    resourceName: 'Prod-x',
    resourceCreationTime: '2024-06-01T12:30:00.000Z',
    configuration: { size: 500.5, encrypted: 'false', volumeType: 'gp2' },
  }),
  ci({ resourceId: 'v4', awsRegion: 'us-east-1' }),
];

function where(condition: string): unknown[] {
  return ids(runConfigQuery(`SELECT resourceId WHERE ${condition}`, items).rows);
}

describe('WHERE operators', () => {
  it('= compares strings case-sensitively', () => {
    expect(where("resourceName = 'prod-data'")).toEqual(['v1']);
    expect(where("resourceName = 'PROD-DATA'")).toEqual([]);
  });

  it('= compares numbers numerically, also against numeric strings', () => {
    expect(where('configuration.size = 100')).toEqual(['v2']);
    expect(where('configuration.size = 100.0')).toEqual(['v2']);
    expect(where("configuration.size = '500.5'")).toEqual(['v3']);
  });

  it('= matches booleans written bare or quoted, and boolean-like strings', () => {
    expect(where('configuration.encrypted = false')).toEqual(['v2', 'v3']);
    expect(where("configuration.encrypted = 'false'")).toEqual(['v2', 'v3']);
    expect(where('configuration.encrypted = TRUE')).toEqual(['v1']);
    expect(where("configuration.encrypted = 'yes'")).toEqual([]);
  });

  it('IN matches any listed value', () => {
    expect(where("configuration.volumeType IN ('gp2', 'gp3')")).toEqual(['v1', 'v3']);
    expect(where('configuration.size IN (8, 500.5)')).toEqual(['v1', 'v3']);
  });

  it('< and > order numbers numerically and strings by character', () => {
    expect(where('configuration.size < 100')).toEqual(['v1']);
    expect(where('configuration.size > 100')).toEqual(['v3']);
    // Numeric, not lexicographic: '8' > '100' as strings, 8 < 100 as numbers.
    expect(where('configuration.size > 9')).toEqual(['v2', 'v3']);
    expect(where("resourceName > 'prod'")).toEqual(['v1', 'v2']);
  });

  it('compares ISO dates as strings', () => {
    expect(where("resourceCreationTime > '2024-01-01'")).toEqual(['v2', 'v3']);
    expect(where("resourceCreationTime BETWEEN '2024-01-01' AND '2024-06-01T12:30:00.000Z'")).toEqual([
      'v2',
      'v3',
    ]);
    expect(where("resourceCreationTime < '2024-06-01T12:30:00.000Z'")).toEqual(['v1', 'v2']);
  });

  it('BETWEEN is inclusive at both ends', () => {
    expect(where('configuration.size BETWEEN 8 AND 100')).toEqual(['v1', 'v2']);
    expect(where('configuration.size BETWEEN 9 AND 99')).toEqual([]);
  });

  it('LIKE matches a prefix with % and exactly one character per _', () => {
    expect(where("resourceName LIKE 'prod%'")).toEqual(['v1', 'v2']);
    expect(where("resourceName LIKE 'prod_%'")).toEqual(['v1', 'v2']);
    expect(where("resourceName LIKE 'Prod__'")).toEqual(['v3']);
    expect(where("resourceName LIKE 'Prod_'")).toEqual([]);
    expect(where("resourceName LIKE 'prod-data'")).toEqual(['v1']);
    expect(where("resourceType LIKE 'AWS::EC2::%'")).toEqual(['v1', 'v2', 'v3', 'v4']);
  });

  it('LIKE only matches string values', () => {
    expect(where("configuration.size LIKE '100%'")).toEqual([]);
  });

  it('AND binds tighter than OR; parentheses override', () => {
    expect(where("resourceId = 'v1' OR resourceId = 'v2' AND configuration.size = 8")).toEqual(['v1']);
    expect(where("(resourceId = 'v1' OR resourceId = 'v2') AND configuration.size = 100")).toEqual(['v2']);
  });

  it('NOT inverts, and a missing path makes p = x false and NOT p = x true', () => {
    expect(where("NOT awsRegion = 'eu-west-1'")).toEqual(['v4']);
    expect(where("configuration.volumeType = 'gp3'")).toEqual(['v1']);
    expect(where("NOT configuration.volumeType = 'gp3'")).toEqual(['v2', 'v3', 'v4']);
    expect(where("NOT NOT resourceId = 'v4'")).toEqual(['v4']);
  });

  it('treats values of another type as not comparable (false), so NOT makes them true', () => {
    expect(where("configuration.size = 'big'")).toEqual([]);
    expect(where("configuration.size < 'big'")).toEqual([]);
    expect(where("NOT configuration.size = 'big'")).toEqual(['v1', 'v2', 'v3', 'v4']);
  });

  it('returns every current item when there is no WHERE', () => {
    expect(ids(runConfigQuery('SELECT resourceId', items).rows)).toEqual(['v1', 'v2', 'v3', 'v4']);
  });
});
