import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/index.js';
import type { QueryResult } from '../../../src/core/finding.js';
import { buildFindingIndex, Rollup, toFindings } from '../../../src/evaluate/index.js';

const root = join(import.meta.dirname, '../../fixtures/catalog/good');

function verdict(queryKey: string, status: QueryResult['status'], accountId = '111111111111'): QueryResult {
  return {
    queryKey,
    kind: 'config-rule',
    accountId,
    region: 'us-east-1',
    status,
    reason: `${queryKey} ${status}`,
    resources: [],
    failingCount: 0,
    evidence: ['ev-1'],
  };
}

describe('findings and roll-ups', async () => {
  const catalog = await loadCatalog({ root });
  const frameworks = [catalog.frameworks.get('mini')!, catalog.frameworks.get('mini2')!];
  const index = buildFindingIndex(frameworks, catalog);

  it('turns one verdict into a finding for every control that uses the query, with its severity', () => {
    const findings = toFindings(verdict('config-rule:ENCRYPTED_VOLUMES', 'FAIL'), index);
    expect(findings.map((f) => `${f.frameworkId}:${f.controlId}:${f.severity}`)).toEqual([
      'mini:1.1:high',
      'mini2:A.1:high',
    ]);
  });

  it('rolls up worst-first and never counts ERROR, NOT_EVALUATED or MANUAL as met', () => {
    const rollup = new Rollup(frameworks);
    for (const v of [
      verdict('config-rule:ENCRYPTED_VOLUMES', 'PASS'),
      verdict('config-rule:ENCRYPTED_VOLUMES', 'ERROR', '222222222222'),
      verdict('config-query:rds-storage-unencrypted', 'PASS'),
      verdict('artifact-report:aws-soc2-type2', 'INHERITED'),
      verdict('manual:mini:1.3', 'MANUAL'),
      verdict('config-rule:IAM_PASSWORD_POLICY', 'PASS'),
    ]) {
      for (const f of toFindings(v, index)) rollup.add(f);
    }
    const controls = Object.fromEntries(rollup.controls().map((c) => [`${c.frameworkId}:${c.controlId}`, c]));
    expect(controls['mini:1.1']).toMatchObject({
      status: 'ERROR',
      reason: 'config-rule:ENCRYPTED_VOLUMES ERROR; other findings: 2 PASS',
      counts: { PASS: 2, ERROR: 1 },
    });
    expect(controls['mini:1.2']?.status).toBe('INHERITED');
    expect(controls['mini:1.3']?.status).toBe('MANUAL');
    expect(controls['mini2:A.1']?.status).toBe('ERROR');
    const [mini, mini2] = rollup.frameworkResults();
    expect(mini).toMatchObject({
      controls: 3,
      metRatio: 1 / 3,
      counts: { ERROR: 1, INHERITED: 1, MANUAL: 1 },
    });
    expect(mini2?.metRatio).toBe(0);
  });

  it('reports a control with no findings as NOT_EVALUATED, not as passing', () => {
    const rollup = new Rollup(frameworks);
    expect(rollup.controls().every((c) => c.status === 'NOT_EVALUATED')).toBe(true);
    expect(rollup.frameworkResults()[0]?.metRatio).toBe(0);
  });

  it('keeps the highest severity among failing findings', () => {
    const rollup = new Rollup(frameworks);
    for (const f of toFindings(verdict('config-rule:IAM_PASSWORD_POLICY', 'FAIL'), index)) rollup.add(f);
    for (const f of toFindings(verdict('config-rule:ENCRYPTED_VOLUMES', 'FAIL'), index)) rollup.add(f);
    expect(rollup.controls().find((c) => c.controlId === 'A.1')).toMatchObject({
      status: 'FAIL',
      severity: 'high',
    });
  });
});
