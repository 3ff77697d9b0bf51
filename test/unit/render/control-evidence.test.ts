// Evidence records per control: exact distinct counts from one pass over findings, listed ids capped.

import { describe, expect, it } from 'vitest';
import type { EvidenceIndexEntry } from '../../../src/core/run-result.js';
import { ControlEvidence } from '../../../src/render/oscal/control-evidence.js';

const entry = (n: number): EvidenceIndexEntry => ({
  id: `ev-${String(n).padStart(6, '0')}`,
  path: `evidence/111111111111/us-east-1/ev-${n}.json`,
  sha256: '0'.repeat(64),
  source: 'aws',
  service: 'config',
  operation: 'DescribeConfigRules',
  accountId: '111111111111',
  region: 'us-east-1',
  collectedAt: '2026-11-29T02:00:00.000Z',
});

describe('ControlEvidence', () => {
  const index = Array.from({ length: 20 }, (_, i) => entry(i + 1));

  it('counts each record once per control, across findings, and ignores ids outside the index', () => {
    const ce = new ControlEvidence(index);
    ce.add({ frameworkId: 'fw', controlId: '1', evidence: ['ev-000003', 'ev-000017', 'ev-000009'] });
    ce.add({ frameworkId: 'fw', controlId: '1', evidence: ['ev-000009', 'ev-000001', 'ev-999999'] });
    ce.add({ frameworkId: 'fw', controlId: '2', evidence: ['ev-000020'] });
    expect(ce.of('fw', '1', 100)).toEqual({
      total: 4,
      ids: ['ev-000001', 'ev-000003', 'ev-000009', 'ev-000017'],
    });
    expect(ce.of('fw', '2', 100)).toEqual({ total: 1, ids: ['ev-000020'] });
    expect(ce.of('fw', '3', 100)).toEqual({ total: 0, ids: [] });
  });

  it('lists the first records in index order up to the cap, and still counts them all', () => {
    const ce = new ControlEvidence(index);
    ce.add({ frameworkId: 'fw', controlId: '1', evidence: index.map((e) => e.id).reverse() });
    expect(ce.of('fw', '1', 3)).toEqual({ total: 20, ids: ['ev-000001', 'ev-000002', 'ev-000003'] });
  });
});
