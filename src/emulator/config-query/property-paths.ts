// Which property paths exist at the top of a configuration item, and which carry ip / cidr_block types.

import type { PropertyType } from './ast.js';

/** The 10 scalars `SELECT *` returns, in the documented order. */
export const STAR_PROPERTIES = [
  'accountId',
  'arn',
  'availabilityZone',
  'awsRegion',
  'configurationItemCaptureTime',
  'resourceCreationTime',
  'resourceId',
  'resourceName',
  'resourceType',
  'version',
] as const;

/** Top-level scalars that take no sub-path. */
const SCALAR_ROOTS = new Set<string>([...STAR_PROPERTIES, 'configurationItemStatus', 'configurationStateId']);

/** Top-level trees whose sub-paths are free-form (per resource type). */
const OPEN_ROOTS = new Set(['configuration', 'supplementaryConfiguration']);

/** Top-level arrays whose element fields are fixed by the schema. */
const FIXED_ROOTS: Record<string, ReadonlySet<string>> = {
  tags: new Set(['key', 'value', 'tag']),
  relationships: new Set(['resourceId', 'resourceName', 'resourceType']),
};

/** Schema-typed paths (aws-config-resource-schema); every other path compares as plain JSON. */
const TYPED_PATHS: Record<string, PropertyType> = {
  'configuration.ipPermissions.ipRanges': 'cidr_block',
  'configuration.ipPermissions.ipv4Ranges.cidrIp': 'cidr_block',
  'configuration.ipPermissions.ipv6Ranges.cidrIpv6': 'cidr_block',
  'configuration.ipPermissionsEgress.ipRanges': 'cidr_block',
  'configuration.ipPermissionsEgress.ipv4Ranges.cidrIp': 'cidr_block',
  'configuration.ipPermissionsEgress.ipv6Ranges.cidrIpv6': 'cidr_block',
  'configuration.cidrBlock': 'cidr_block',
  'configuration.cidrBlockAssociationSet.cidrBlock': 'cidr_block',
  'configuration.ipv6CidrBlockAssociationSet.ipv6CidrBlock': 'cidr_block',
  'configuration.publicIpAddress': 'ip',
  'configuration.privateIpAddress': 'ip',
  'configuration.networkInterfaces.privateIpAddress': 'ip',
  'configuration.networkInterfaces.privateIpAddresses.privateIpAddress': 'ip',
  'configuration.networkInterfaces.privateIpAddresses.association.publicIp': 'ip',
  'configuration.networkInterfaces.ipv6Addresses.ipv6Address': 'ip',
};

/** Why `segments` is not a queryable property, or undefined when it is. */
export function propertyPathProblem(segments: readonly string[]): string | undefined {
  const [root, ...rest] = segments;
  if (root === undefined) return 'empty property path';
  if (SCALAR_ROOTS.has(root)) {
    return rest.length ? `'${root}' is a scalar and has no sub-properties` : undefined;
  }
  if (OPEN_ROOTS.has(root)) return undefined;
  const fields = FIXED_ROOTS[root];
  if (fields) {
    if (rest.length === 0) return undefined;
    if (rest.length === 1 && fields.has(rest[0]!)) return undefined;
    return `unknown property '${segments.join('.')}' (${root} has ${[...fields].map((f) => `${root}.${f}`).join(', ')})`;
  }
  return `unknown property '${segments.join('.')}' (property names are case-sensitive)`;
}

/** The comparison type of a property path. */
export function propertyType(path: string): PropertyType {
  return TYPED_PATHS[path] ?? 'plain';
}
