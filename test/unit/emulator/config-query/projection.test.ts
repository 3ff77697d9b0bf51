import { describe, expect, it } from 'vitest';
import { runConfigQuery, STAR_PROPERTIES } from '../../../../src/emulator/config-query/index.js';
import { ci, ids } from './fixtures.js';

const instance = ci({
  resourceId: 'i-1',
  resourceType: 'AWS::EC2::Instance',
  resourceName: 'web',
  arn: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-1',
  availabilityZone: 'eu-west-1a',
  resourceCreationTime: '2024-01-01T00:00:00.000Z',
  version: '1.3',
  configuration: {
    instanceType: 't3.micro',
    placement: { tenancy: 'default', availabilityZone: 'eu-west-1a' },
    securityGroups: [
      { groupId: 'sg-1', groupName: 'a' },
      { groupId: 'sg-2', groupName: 'b' },
    ],
  },
  supplementaryConfiguration: {},
  tags: [{ key: 'env', value: 'prod' }],
  relationships: [{ resourceId: 'vpc-1', resourceType: 'AWS::EC2::VPC', name: 'Is contained in Vpc' }],
});

describe('projection', () => {
  it('SELECT * returns the 10 documented scalars only, and names them in select fields', () => {
    const { rows, selectFields } = runConfigQuery('SELECT *', [instance]);
    expect(selectFields.map((f) => f.Name)).toEqual([...STAR_PROPERTIES]);
    expect(rows).toEqual([
      {
        accountId: '111111111111',
        arn: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-1',
        availabilityZone: 'eu-west-1a',
        awsRegion: 'eu-west-1',
        configurationItemCaptureTime: '2024-05-01T10:00:00.000Z',
        resourceCreationTime: '2024-01-01T00:00:00.000Z',
        resourceId: 'i-1',
        resourceName: 'web',
        resourceType: 'AWS::EC2::Instance',
        version: '1.3',
      },
    ]);
  });

  it('SELECT * leaves out scalars the item does not have', () => {
    const { rows } = runConfigQuery('SELECT *', [ci({ resourceId: 'v-1' })]);
    expect(Object.keys(rows[0]!).sort()).toEqual([
      'accountId',
      'awsRegion',
      'configurationItemCaptureTime',
      'resourceId',
      'resourceType',
    ]);
  });

  it('re-nests dotted paths and merges shared prefixes; select fields keep the written order', () => {
    const { rows, selectFields } = runConfigQuery(
      'SELECT resourceId, configuration.placement.tenancy, configuration.instanceType',
      [instance],
    );
    expect(selectFields).toEqual([
      { Name: 'resourceId' },
      { Name: 'configuration.placement.tenancy' },
      { Name: 'configuration.instanceType' },
    ]);
    expect(rows).toEqual([
      { resourceId: 'i-1', configuration: { placement: { tenancy: 'default' }, instanceType: 't3.micro' } },
    ]);
  });

  it('keeps array structure when a path runs through an array', () => {
    const { rows } = runConfigQuery('SELECT configuration.securityGroups.groupId, tags.key', [instance]);
    expect(rows).toEqual([
      {
        configuration: { securityGroups: [{ groupId: 'sg-1' }, { groupId: 'sg-2' }] },
        tags: [{ key: 'env' }],
      },
    ]);
  });

  it('returns whole subtrees, and a whole subtree wins over its own sub-paths', () => {
    const { rows } = runConfigQuery(
      'SELECT configuration.placement, tags, relationships, configuration.placement.tenancy',
      [instance],
    );
    expect(rows).toEqual([
      {
        configuration: { placement: { tenancy: 'default', availabilityZone: 'eu-west-1a' } },
        tags: [{ key: 'env', value: 'prod' }],
        relationships: [{ resourceId: 'vpc-1', resourceType: 'AWS::EC2::VPC', name: 'Is contained in Vpc' }],
      },
    ]);
  });

  it('keeps empty arrays and objects selected whole; leaves out missing paths', () => {
    const bare = ci({ resourceId: 'v-1', tags: [], supplementaryConfiguration: {} });
    const { rows } = runConfigQuery(
      'SELECT resourceId, tags, supplementaryConfiguration, resourceName, configuration.size',
      [bare],
    );
    expect(rows).toEqual([{ resourceId: 'v-1', tags: [], supplementaryConfiguration: {} }]);
  });

  it('projects tags.tag as key=value', () => {
    expect(runConfigQuery('SELECT tags.tag', [instance]).rows).toEqual([{ tags: [{ tag: 'env=prod' }] }]);
  });

  it('decodes configuration and supplementaryConfiguration given as JSON text', () => {
    const bucket = ci({
      resourceId: 'b-1',
      resourceType: 'AWS::S3::Bucket',
      configuration: '{"name":"b-1","owner":{"id":"abc"}}',
      supplementaryConfiguration: {
        BucketVersioningConfiguration: '{"status":"Off"}',
        KeyRotationStatus: 'true',
      },
    });
    const { rows } = runConfigQuery(
      "SELECT configuration.owner.id, supplementaryConfiguration WHERE supplementaryConfiguration.BucketVersioningConfiguration.status = 'Off'",
      [bucket],
    );
    expect(rows).toEqual([
      {
        configuration: { owner: { id: 'abc' } },
        supplementaryConfiguration: {
          BucketVersioningConfiguration: { status: 'Off' },
          KeyRotationStatus: 'true',
        },
      },
    ]);
  });

  it('returns copies: changing a row does not change the item', () => {
    const { rows } = runConfigQuery('SELECT configuration', [instance]);
    (rows[0]!.configuration as { instanceType: string }).instanceType = 'changed';
    expect((instance.configuration as { instanceType: string }).instanceType).toBe('t3.micro');
  });
});

describe('ORDER BY on plain rows', () => {
  const items = [
    ci({ resourceId: 'a', resourceName: 'beta', configuration: { size: 100 } }),
    ci({ resourceId: 'b', resourceName: 'alpha', configuration: { size: 8 } }),
    ci({ resourceId: 'c', configuration: { size: 8 } }),
    ci({ resourceId: 'd', resourceName: 'Alpha', configuration: { size: 20 } }),
  ];

  it('keeps input order without ORDER BY', () => {
    expect(ids(runConfigQuery('SELECT resourceId', items).rows)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('sorts strings by character with missing values first, and DESC reverses', () => {
    expect(ids(runConfigQuery('SELECT resourceId ORDER BY resourceName', items).rows)).toEqual([
      'c',
      'd',
      'b',
      'a',
    ]);
    expect(ids(runConfigQuery('SELECT resourceId ORDER BY resourceName DESC', items).rows)).toEqual([
      'a',
      'b',
      'd',
      'c',
    ]);
  });

  it('sorts numbers numerically and breaks ties with the next key', () => {
    expect(
      ids(runConfigQuery('SELECT resourceId ORDER BY configuration.size ASC, resourceId DESC', items).rows),
    ).toEqual(['c', 'b', 'd', 'a']);
  });

  it('may order by a property that is not selected, and stays paginatable', () => {
    const result = runConfigQuery('SELECT resourceId ORDER BY configuration.size DESC', items);
    expect(ids(result.rows)).toEqual(['a', 'd', 'b', 'c']);
    expect(result.paginatable).toBe(true);
  });
});
