// Decisive and supporting evidence, shared controls and declared applicability, through the real index,
// the real applicability rules and the real roll-up over a small catalogue written for them.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notApplicableControls } from '../../../src/catalog/applicability.js';
import { loadCatalog, loadProfile } from '../../../src/catalog/index.js';
import type { ControlResult, QueryResult } from '../../../src/core/finding.js';
import { isMet, type Status } from '../../../src/core/status.js';
import { applicabilityFindings, buildFindingIndex, Rollup, toFindings } from '../../../src/evaluate/index.js';

const root = join(import.meta.dirname, '../../fixtures/catalog/weighed');

function verdict(queryKey: string, status: Status): QueryResult {
  return {
    queryKey,
    kind: queryKey.slice(0, queryKey.indexOf(':')) as QueryResult['kind'],
    accountId: '111111111111',
    region: 'us-east-1',
    status,
    reason: `${queryKey} ${status}`,
    resources: [],
    failingCount: status === 'FAIL' ? 3 : 0,
    evidence: ['ev-1'],
  };
}

describe('decisive and supporting evidence, shared controls, applicability', async () => {
  const catalog = await loadCatalog({ root });
  const profile = await loadProfile(join(root, 'frameworks/profiles/weighed.yaml'), catalog, root);
  const frameworks = [catalog.frameworks.get('weighed')!];
  const na = notApplicableControls(profile, frameworks);
  const index = buildFindingIndex(frameworks, catalog, na);

  function run(verdicts: QueryResult[]): Record<string, ControlResult> {
    const rollup = new Rollup(frameworks, na);
    for (const f of applicabilityFindings(frameworks, na)) rollup.add(f);
    for (const v of verdicts) for (const f of toFindings(v, index)) rollup.add(f);
    return Object.fromEntries(rollup.controls().map((c) => [c.controlId, c]));
  }

  it('gives each finding the role its control gives the query', () => {
    const roles = toFindings(verdict('config-rule:ENCRYPTED_VOLUMES', 'FAIL'), index).map(
      (f) => `${f.controlId}:${f.role}`,
    );
    // 1.3 (service providers only) and 1.4 (declared N/A) are not in the index at all.
    expect(roles).toEqual(['1.1:decisive', '1.5:supporting']);
    expect(toFindings(verdict('config-rule:IAM_PASSWORD_POLICY', 'FAIL'), index)[0]?.role).toBe('supporting');
  });

  it('a failing supporting finding never fails the control; a failing decisive one does', () => {
    const c = run([
      verdict('config-rule:ENCRYPTED_VOLUMES', 'PASS'),
      verdict('config-rule:IAM_PASSWORD_POLICY', 'FAIL'),
    ]);
    expect(c['1.1']).toMatchObject({
      status: 'PASS',
      counts: { PASS: 1, FAIL: 0 },
      supportingCounts: { FAIL: 1 },
    });
    expect(c['1.1']?.reason).toContain('supporting, not deciding: 1 FAIL');
    const d = run([
      verdict('config-rule:ENCRYPTED_VOLUMES', 'FAIL'),
      verdict('config-rule:IAM_PASSWORD_POLICY', 'PASS'),
    ]);
    expect(d['1.1']).toMatchObject({ status: 'FAIL', severity: 'high', supportingCounts: { PASS: 1 } });
  });

  it('supporting evidence alone never makes a control pass (nor fail)', () => {
    const c = run([verdict('config-rule:ENCRYPTED_VOLUMES', 'PASS')]);
    expect(c['1.5']?.status).toBe('NOT_EVALUATED');
    expect(c['1.5']?.reason).toMatch(/No decisive evidence.*supporting evidence \(1 PASS\) never decides/);
    const f = run([verdict('config-rule:ENCRYPTED_VOLUMES', 'FAIL')]);
    expect(f['1.5']?.status).toBe('NOT_EVALUATED');
    // With its attestation current, the attestation decides, whatever the supporting rule says.
    const m = run([verdict('config-rule:ENCRYPTED_VOLUMES', 'FAIL'), verdict('manual:weighed:1.5', 'PASS')]);
    expect(m['1.5']).toMatchObject({ status: 'PASS', supportingCounts: { FAIL: 1 } });
  });

  it('a check with no resource in scope never makes its control NOT_APPLICABLE without a declaration', () => {
    // Rule-level NOT_APPLICABLE used to roll up to a control NOT_APPLICABLE: out of the share met, with no
    // justification or approver, and missing from "Declared not applicable".
    const c = run([verdict('config-rule:ENCRYPTED_VOLUMES', 'NOT_APPLICABLE')]);
    expect(c['1.1']).toMatchObject({ status: 'NOT_EVALUATED', counts: { NOT_APPLICABLE: 1 } });
    expect(c['1.1']?.applicability).toBeUndefined();
    expect(c['1.1']?.reason).toMatch(
      /no resource in scope.*not applicable only when the profile declares it/,
    );
    // With resources elsewhere that pass, the control passes on them.
    const p = run([
      verdict('config-rule:ENCRYPTED_VOLUMES', 'NOT_APPLICABLE'),
      { ...verdict('config-rule:ENCRYPTED_VOLUMES', 'PASS'), region: 'eu-west-1' },
    ]);
    expect(p['1.1']?.status).toBe('PASS');
  });

  it('a shared control is met only when AWS’s part and the customer’s part both are', () => {
    const awsOnly = run([verdict('artifact-report:aws-soc2-type2', 'INHERITED')]);
    expect(awsOnly['1.2']?.status).toBe('NOT_EVALUATED');
    expect(awsOnly['1.2']?.reason).toContain("nothing shows the customer's part is met");
    const awaiting = run([
      verdict('artifact-report:aws-soc2-type2', 'INHERITED'),
      verdict('manual:weighed:1.2', 'MANUAL'),
    ]);
    expect(awaiting['1.2']?.status).toBe('MANUAL');
    expect(isMet(awaiting['1.2']!.status)).toBe(false);
    const both = run([
      verdict('artifact-report:aws-soc2-type2', 'INHERITED'),
      verdict('manual:weighed:1.2', 'PASS'),
    ]);
    expect(both['1.2']?.status).toBe('PASS');
    const staleReport = run([
      verdict('artifact-report:aws-soc2-type2', 'FAIL'),
      verdict('manual:weighed:1.2', 'PASS'),
    ]);
    expect(staleReport['1.2']?.status).toBe('FAIL');
  });

  it('controls outside the entity, and declared exclusions, are NOT_APPLICABLE with their justification', () => {
    const c = run([verdict('config-rule:ENCRYPTED_VOLUMES', 'FAIL')]);
    expect(c['1.3']).toMatchObject({
      status: 'NOT_APPLICABLE',
      applicability: { source: 'entity', entity: 'merchant' },
      counts: { NOT_APPLICABLE: 1, FAIL: 0 },
    });
    expect(c['1.3']?.reason).toBe(
      'Not applicable: Applies to service-provider only; the profile declares this organisation a merchant for Weighed framework',
    );
    expect(c['1.4']).toMatchObject({
      status: 'NOT_APPLICABLE',
      applicability: {
        source: 'profile',
        approver: 'ciso@example.org',
        date: '2026-11-02',
        justification: 'The organisation runs no RDS databases and none are planned.',
      },
    });
    expect(c['1.4']?.reason).toContain('(approved by ciso@example.org on 2026-11-02)');
    const [fw] = new Rollup(frameworks, na).frameworkResults();
    expect(fw?.counts.NOT_APPLICABLE).toBe(2);
  });

  it('writes one NOT_APPLICABLE finding per excluded control, never met and never failing', () => {
    const fs = applicabilityFindings(frameworks, na);
    expect(fs.map((f) => `${f.controlId}:${f.status}:${f.kind}`)).toEqual([
      '1.3:NOT_APPLICABLE:applicability',
      '1.4:NOT_APPLICABLE:applicability',
    ]);
    expect(fs.every((f) => !isMet(f.status) && f.status !== 'FAIL')).toBe(true);
    expect(fs[1]?.reason).toContain('no RDS databases');
  });

  it('without an entity in the profile, entity-specific controls still apply (nothing N/A by accident)', () => {
    const none = notApplicableControls({}, frameworks);
    expect(none.size).toBe(0);
  });
});
