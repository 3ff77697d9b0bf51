// The shape of one AWS Config configuration item as the query engine reads it (seeded by the emulator's world).

/** One configuration item (CI). `configuration` and `supplementaryConfiguration` may be objects or JSON text. */
export interface ConfigurationItem {
  accountId: string;
  awsRegion: string;
  resourceId: string;
  resourceType: string;
  resourceName?: string;
  arn?: string;
  availabilityZone?: string;
  configurationItemCaptureTime: string;
  resourceCreationTime?: string;
  configurationItemStatus?: string;
  version?: string;
  configuration?: unknown;
  supplementaryConfiguration?: unknown;
  tags?: { key: string; value: string }[];
  relationships?: { resourceId?: string; resourceName?: string; resourceType?: string; name?: string }[];
}
