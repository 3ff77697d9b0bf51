// Tying the rule names an aggregator reports to managed rule identifiers.

import { describe, expect, it } from 'vitest';
import { ruleNameResolver } from '../../../src/evaluate/config/aggregate-rule-names.js';

describe('aggregator rule names', () => {
  const wanted = new Set(['ENCRYPTED_VOLUMES', 'EBS_OPTIMIZED_INSTANCE', 'S3_BUCKET_VERSIONING_ENABLED']);
  const resolve = ruleNameResolver(
    new Map([['S3_BUCKET_VERSIONING_ENABLED', ['my-own-versioning-check']]]),
    wanted,
  );

  it.each([
    ['encrypted-volumes', 'ENCRYPTED_VOLUMES'],
    ['encrypted-volumes-conformance-pack-ab12cd34', 'ENCRYPTED_VOLUMES'],
    ['OrgConfigRule-encrypted-volumes-ab12cd34', 'ENCRYPTED_VOLUMES'],
    ['securityhub-encrypted-volumes-1a2b3c', 'ENCRYPTED_VOLUMES'],
    ['AWSControlTower_AWS-GR_EBS_OPTIMIZED_INSTANCE', 'EBS_OPTIMIZED_INSTANCE'],
    // Named by hand, but deployed in the aggregator's own account, where its source identifier is known.
    ['my-own-versioning-check', 'S3_BUCKET_VERSIONING_ENABLED'],
  ])('%s → %s', (name, identifier) => {
    expect(resolve(name)).toBe(identifier);
  });

  it('counts a name it cannot tie to a wanted identifier for none', () => {
    expect(resolve('AWSControlTower_AWS-GR_RESTRICTED_SSH')).toBeUndefined();
    expect(resolve('hand-made-check')).toBeUndefined();
  });
});
