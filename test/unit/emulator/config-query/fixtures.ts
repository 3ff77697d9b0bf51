// Small configuration-item builders shared by the config-query tests.

import type { ConfigurationItem } from '../../../../src/emulator/config-query/index.js';

/** A CI with sensible defaults; `over` replaces any field. */
export function ci(over: Partial<ConfigurationItem> & { resourceId: string }): ConfigurationItem {
  return {
    accountId: '111111111111',
    awsRegion: 'eu-west-1',
    resourceType: 'AWS::EC2::Volume',
    configurationItemCaptureTime: '2024-05-01T10:00:00.000Z',
    configurationItemStatus: 'OK',
    ...over,
  };
}

/** The resource ids of rows, in order. */
export function ids(rows: Record<string, unknown>[]): unknown[] {
  return rows.map((r) => r.resourceId);
}
