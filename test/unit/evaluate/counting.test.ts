// Counting failing resources across duplicate deployments, and recognising organisation conformance packs.

import { describe, expect, it } from 'vitest';
import { distinctFailing } from '../../../src/evaluate/config/compliance-status.js';
import { packMatches } from '../../../src/evaluate/config/pack-names.js';

describe('distinct failing resources', () => {
  it('is exact when every failing resource was listed, however many copies of the rule report them', () => {
    expect(distinctFailing([30, 30], false, { total: 30, complete: true })).toEqual({
      count: 30,
      atLeast: false,
    });
  });

  it('is the largest single count, as a lower bound, when copies were listed only in part', () => {
    expect(distinctFailing([30, 25], false, { total: 12, complete: false })).toEqual({
      count: 30,
      atLeast: true,
    });
  });

  it('is a lower bound when AWS capped the count and the listing did not finish', () => {
    expect(distinctFailing([100], true, { total: 0, complete: false })).toEqual({
      count: 100,
      atLeast: true,
    });
  });

  it('is exact for one deployment whose count AWS did not cap', () => {
    expect(distinctFailing([7], false, { total: 5, complete: false })).toEqual({ count: 7, atLeast: false });
  });
});

describe('conformance pack names', () => {
  const pack = 'Operational-Best-Practices-for-HIPAA-Security';
  it.each([
    [pack, true],
    [`${pack}-ab12`, true],
    [`OrgConformsPack-${pack}-x9y8z7w6`, true],
    [`OrgConformsPack-${pack}`, false],
    ['OrgConformsPack-Operational-Best-Practices-for-PCI-DSS-x9y8z7w6', false],
    ['Operational-Best-Practices-for-PCI-DSS', false],
  ])('%s → %s', (deployed, expected) => {
    expect(packMatches(deployed, pack)).toBe(expected);
  });
});
