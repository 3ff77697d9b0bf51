// The Audit Manager evaluator on stored records with a fixed clock: a failing compliance check is FAIL, no
// evidence in the period is NOT_EVALUATED, otherwise PASS; no such assessment or control is NOT_EVALUATED.

import { describe, expect, it } from 'vitest';
import type { AuditManagerQuery } from '../../../../src/catalog/types.js';
import { fixedClock } from '../../../../src/core/clock.js';
import { evaluateAuditManager } from '../../../../src/evaluate/audit-manager/evaluate-audit-manager.js';
import type { AuditManagerTask } from '../../../../src/plan/types.js';
import { failure, record } from '../artifact/records.js';

const query: AuditManagerQuery = {
  kind: 'audit-manager',
  id: 'am-audit',
  title: 't',
  framework: 'HIPAA Security Rule: Feb 2003',
  control: 'audit controls',
  maxAgeDays: 30,
  severity: 'high',
  remediation: 'r',
  docs: 'https://docs.aws.amazon.com/audit-manager/',
};
const task: AuditManagerTask = {
  id: 'audit-manager/am-audit',
  kind: 'audit-manager',
  accountId: '111111111111',
  region: 'us-east-1',
  query,
};
const ctx = {
  clock: fixedClock('2026-06-01T00:00:00Z'),
  catalog: { frameworks: new Map(), queries: new Map(), managedRules: new Set<string>(), sources: [] },
  maxResources: 1,
};
const assessment = {
  metadata: { id: 'a-1', name: 'Readiness', status: 'ACTIVE' },
  framework: {
    metadata: { name: 'HIPAA Security Rule: Feb 2003' },
    controlSets: [{ id: 'Technical', controls: [{ id: 'c-1', name: 'Audit controls' }] }],
  },
};
const head = [
  record('ListAssessments', { assessmentMetadata: [{ id: 'a-1', name: 'Readiness', status: 'ACTIVE' }] }),
  record('GetAssessment', { assessment }, { assessmentId: 'a-1' }),
  record('GetEvidenceFoldersByAssessmentControl', { evidenceFolders: [{ id: 'f-1' }] }),
];
const evidence = (items: Record<string, unknown>[]) =>
  record('GetEvidenceByEvidenceFolder', { evidence: items });
const run = (extra: ReturnType<typeof record>[], t: AuditManagerTask = task) =>
  evaluateAuditManager(t, [...head, ...extra], ctx)[0];

describe('evaluateAuditManager', () => {
  it('passes recent evidence without failing checks', () => {
    expect(
      run([
        evidence([{ time: 1780185600, complianceCheck: 'COMPLIANT' }, { time: '2026-05-20T00:00:00.000Z' }]),
      ]),
    ).toMatchObject({
      queryKey: 'audit-manager:am-audit',
      status: 'PASS',
      reason:
        "2 Audit Manager evidence items in the last 30 days for control 'audit controls' of assessment 'Readiness', none failing (1 with a compliance check)",
    });
  });

  it('fails a failing compliance check (Config or Security Hub), listing resources with an exact count', () => {
    const result = run([
      evidence([
        {
          time: '2026-05-30T00:00:00.000Z',
          complianceCheck: 'NON_COMPLIANT',
          eventName: 'S3_BUCKET_VERSIONING_ENABLED',
          evidenceAwsAccountId: '222222222222',
          resourcesIncluded: [{ arn: 'arn:aws:s3:::a' }, { arn: 'arn:aws:s3:::b' }],
        },
        {
          time: '2026-05-30T00:00:00.000Z',
          complianceCheck: 'Passed',
          resourcesIncluded: [{ arn: 'arn:aws:iam::111111111111:user/x', complianceCheck: 'FAILED' }],
        },
        { time: '2026-05-30T00:00:00.000Z', complianceCheck: 'COMPLIANT' },
      ]),
    ]);
    expect(result).toMatchObject({
      status: 'FAIL',
      failingCount: 3,
      resources: [
        {
          accountId: '222222222222',
          resourceType: 's3',
          resourceId: 'arn:aws:s3:::a',
          annotation: 'S3_BUCKET_VERSIONING_ENABLED: NON_COMPLIANT',
        },
      ],
      reason: expect.stringContaining('2 of 3 Audit Manager evidence items in the last 30 days'),
    });
  });

  it('is NOT_EVALUATED with no evidence inside maxAgeDays, or no matching assessment or control', () => {
    expect(
      run([evidence([{ time: '2026-04-01T00:00:00.000Z', complianceCheck: 'NON_COMPLIANT' }])]),
    ).toMatchObject({
      status: 'NOT_EVALUATED',
      reason:
        "No Audit Manager evidence in the last 30 days for control 'audit controls' of assessment 'Readiness'",
    });
    const other = { ...task, query: { ...query, framework: 'PCI DSS V4.0' } };
    expect(run([], other)).toMatchObject({
      status: 'NOT_EVALUATED',
      reason:
        "No active assessment created from framework 'PCI DSS V4.0' in Audit Manager in 111111111111/us-east-1 (1 assessment listed); Audit Manager is optional, Config and Artifact evidence still apply",
    });
    expect(run([], { ...task, query: { ...query, control: 'Integrity' } })?.reason).toBe(
      "Assessment 'Readiness' has no control named 'Integrity'",
    );
  });

  it('is an ERROR when any call failed', () => {
    expect(
      evaluateAuditManager(task, [failure('ListAssessments', 'AccessDeniedException')], ctx)[0]?.status,
    ).toBe('ERROR');
    expect(run([failure('GetEvidenceByEvidenceFolder', 'ThrottlingException')])).toMatchObject({
      status: 'ERROR',
      reason: expect.stringContaining(
        "Could not read the evidence of 'audit controls' in assessment 'Readiness'",
      ),
    });
    expect(evaluateAuditManager(task, [], ctx)[0]?.status).toBe('ERROR');
  });
});
