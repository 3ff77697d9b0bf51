import { describe, expect, it } from 'vitest';
import { runConfigQuery } from '../../../../src/emulator/config-query/index.js';
import { ci, ids } from './fixtures.js';

describe('rows are the current configuration items', () => {
  it('drops items that are not recorded or deleted', () => {
    const items = [
      ci({ resourceId: 'ok' }),
      ci({ resourceId: 'discovered', configurationItemStatus: 'ResourceNotRecorded' }),
      ci({ resourceId: 'gone', configurationItemStatus: 'ResourceDeleted' }),
      ci({ resourceId: 'gone-unrecorded', configurationItemStatus: 'ResourceDeletedNotRecorded' }),
      ci({ resourceId: 'new', configurationItemStatus: 'ResourceDiscovered' }),
    ];
    expect(ids(runConfigQuery('SELECT resourceId', items).rows)).toEqual(['ok', 'new']);
  });

  it('keeps only the latest CI of a resource, at its first position', () => {
    const items = [
      ci({
        resourceId: 'v1',
        configurationItemCaptureTime: '2024-05-02T00:00:00.000Z',
        configuration: { size: 2 },
      }),
      ci({ resourceId: 'v2' }),
      ci({
        resourceId: 'v1',
        configurationItemCaptureTime: '2024-05-01T00:00:00.000Z',
        configuration: { size: 1 },
      }),
      ci({
        resourceId: 'v1',
        configurationItemCaptureTime: '2024-05-03T00:00:00Z',
        configuration: { size: 3 },
      }),
    ];
    expect(runConfigQuery('SELECT resourceId, configuration.size', items).rows).toEqual([
      { resourceId: 'v1', configuration: { size: 3 } },
      { resourceId: 'v2' },
    ]);
  });

  it('hides a resource whose latest CI says it was deleted', () => {
    const items = [
      ci({ resourceId: 'v1', configurationItemCaptureTime: '2024-05-01T00:00:00.000Z' }),
      ci({
        resourceId: 'v1',
        configurationItemCaptureTime: '2024-05-02T00:00:00.000Z',
        configurationItemStatus: 'ResourceDeleted',
      }),
    ];
    expect(runConfigQuery('SELECT resourceId', items).rows).toEqual([]);
  });

  it('treats the same resource id in another account or region as another resource', () => {
    const items = [
      ci({ resourceId: 'v1' }),
      ci({ resourceId: 'v1', accountId: '222222222222' }),
      ci({ resourceId: 'v1', awsRegion: 'us-east-1' }),
    ];
    expect(runConfigQuery('SELECT COUNT(*)', items).rows).toEqual([{ 'COUNT(*)': 3 }]);
  });

  it('accepts any iterable', () => {
    function* gen() {
      yield ci({ resourceId: 'g1' });
      yield ci({ resourceId: 'g2' });
    }
    expect(ids(runConfigQuery('SELECT resourceId', gen()).rows)).toEqual(['g1', 'g2']);
  });
});
