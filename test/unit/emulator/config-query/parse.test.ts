import { describe, expect, it } from 'vitest';
import { parseConfigQuery } from '../../../../src/emulator/config-query/index.js';

describe('parseConfigQuery', () => {
  it('parses a full statement into select, condition, grouping and ordering', () => {
    const q = parseConfigQuery(
      "SELECT configuration.complianceType, COUNT(*) WHERE resourceType = 'AWS::Config::ResourceCompliance' " +
        'GROUP BY configuration.complianceType ORDER BY COUNT(*) DESC',
    );
    expect(q.select).toMatchObject([
      {
        kind: 'property',
        path: 'configuration.complianceType',
        segments: ['configuration', 'complianceType'],
      },
      { kind: 'aggregate', fn: 'COUNT', arg: '*', name: 'COUNT(*)' },
    ]);
    expect(q.where).toMatchObject({
      kind: 'compare',
      op: '=',
      property: { path: 'resourceType' },
      value: { type: 'string', value: 'AWS::Config::ResourceCompliance' },
    });
    expect(q.groupBy.map((g) => g.path)).toEqual(['configuration.complianceType']);
    expect(q.orderBy).toMatchObject([{ key: { kind: 'aggregate', name: 'COUNT(*)' }, descending: true }]);
    expect(q.grouped).toBe(true);
  });

  it('treats keywords case-insensitively and names aggregates canonically', () => {
    const q = parseConfigQuery(
      "select awsRegion, count(*), sum(configuration.size) where resourceType = 'x' group by awsRegion " +
        'order by awsRegion asc',
    );
    expect(q.select).toMatchObject([
      { path: 'awsRegion' },
      { name: 'COUNT(*)' },
      { name: 'SUM(configuration.size)' },
    ]);
    expect(q.orderBy).toMatchObject([{ key: { path: 'awsRegion' }, descending: false }]);
  });

  it('gives AND precedence over OR and lets parentheses and NOT group', () => {
    const q = parseConfigQuery("SELECT arn WHERE arn = 'a' OR arn = 'b' AND NOT (arn = 'c' OR arn = 'd')");
    expect(q.where).toMatchObject({
      kind: 'or',
      left: { kind: 'compare', value: { value: 'a' } },
      right: {
        kind: 'and',
        left: { kind: 'compare', value: { value: 'b' } },
        right: { kind: 'not', operand: { kind: 'or' } },
      },
    });
  });

  it('reads literals: strings with doubled quotes, negative and decimal numbers, bare booleans', () => {
    const q = parseConfigQuery(
      "SELECT arn WHERE resourceName IN ('it''s', 'x') AND configuration.size BETWEEN -1.5 AND 10 " +
        'AND configuration.encrypted = FALSE',
    );
    expect(q.where).toMatchObject({
      kind: 'and',
      left: {
        kind: 'and',
        left: {
          kind: 'in',
          values: [
            { type: 'string', value: "it's" },
            { type: 'string', value: 'x' },
          ],
        },
        right: { kind: 'between', low: { type: 'number', value: -1.5 }, high: { type: 'number', value: 10 } },
      },
      right: { kind: 'compare', value: { type: 'boolean', value: false } },
    });
  });

  it('accepts keywords as inner path segments and types ip / cidr_block paths', () => {
    const q = parseConfigQuery(
      "SELECT configuration.order.by WHERE configuration.cidrBlock = '10.0.0.1' AND configuration.publicIpAddress = '1.2.3.4'",
    );
    expect(q.select).toMatchObject([{ path: 'configuration.order.by', type: 'plain' }]);
    expect(q.where).toMatchObject({
      left: { property: { type: 'cidr_block' } },
      right: { property: { type: 'ip' } },
    });
  });

  it('accepts SELECT * with no WHERE, and GROUP BY without aggregates', () => {
    expect(parseConfigQuery('SELECT *')).toMatchObject({ select: '*', where: undefined, grouped: false });
    expect(parseConfigQuery('SELECT awsRegion GROUP BY awsRegion').grouped).toBe(true);
  });
});
