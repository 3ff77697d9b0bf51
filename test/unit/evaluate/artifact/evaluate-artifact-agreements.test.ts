// The agreement evaluator with a fixed clock: ACTIVE for the account or its organisation is PASS; terminated,
// ended, not yet effective, another account's, or missing is FAIL with the reason; a failed call is ERROR.

import { describe, expect, it } from 'vitest';
import type { ArtifactAgreementQuery } from '../../../../src/catalog/types.js';
import { fixedClock } from '../../../../src/core/clock.js';
import { evaluateArtifactAgreements } from '../../../../src/evaluate/artifact/evaluate-artifact-agreements.js';
import type { ArtifactAgreementsTask } from '../../../../src/plan/types.js';
import { failure, record } from './records.js';

const BAA: ArtifactAgreementQuery = {
  kind: 'artifact-agreement',
  id: 'aws-hipaa-baa',
  title: 'BAA',
  match: { nameContains: 'Business Associate Addendum' },
  severity: 'critical',
  remediation: 'r',
  docs: 'https://docs.aws.amazon.com/artifact/',
};
const ACCOUNT = '333333333333';
const task: ArtifactAgreementsTask = {
  id: `artifact-agreements/${ACCOUNT}`,
  kind: 'artifact-agreements',
  accountId: ACCOUNT,
  region: 'global',
  agreements: [BAA],
};
const ctx = {
  clock: fixedClock('2026-06-01T00:00:00Z'),
  catalog: { frameworks: new Map(), queries: new Map(), managedRules: new Set<string>(), sources: [] },
  maxResources: 10,
};
const evaluate = (agreements: Record<string, unknown>[]) =>
  evaluateArtifactAgreements(
    task,
    [record('ListCustomerAgreements', { customerAgreements: agreements }, {}, { accountId: ACCOUNT })],
    ctx,
  )[0];
const baa = (extra: Record<string, unknown>) => ({
  name: 'AWS Business Associate Addendum',
  awsAccountId: ACCOUNT,
  state: 'ACTIVE',
  effectiveStart: '2025-01-10T00:00:00.000Z',
  ...extra,
});

describe('evaluateArtifactAgreements', () => {
  it('passes an ACTIVE agreement of the account, or of its organisation', () => {
    expect(evaluate([baa({})])).toMatchObject({
      queryKey: 'artifact-agreement:aws-hipaa-baa',
      kind: 'artifact-agreement',
      accountId: ACCOUNT,
      region: 'global',
      status: 'PASS',
      reason: `"AWS Business Associate Addendum" is ACTIVE for account ${ACCOUNT} (accepted for this account since 2025-01-10)`,
    });
    expect(
      evaluate([
        baa({
          awsAccountId: '111111111111',
          organizationArn: 'arn:aws:organizations::111111111111:organization/o-x',
        }),
      ]),
    ).toMatchObject({ status: 'PASS', reason: expect.stringContaining('accepted for its organisation') });
  });

  it('fails a terminated, ended or future agreement, saying which', () => {
    expect(
      evaluate([baa({ state: 'CUSTOMER_TERMINATED', effectiveEnd: '2026-03-01T00:00:00.000Z' })]),
    ).toMatchObject({
      status: 'FAIL',
      reason: `"AWS Business Associate Addendum" is CUSTOMER_TERMINATED since 2026-03-01 for account ${ACCOUNT}; accept it again in AWS Artifact`,
    });
    expect(evaluate([baa({ state: 'AWS_TERMINATED' })])?.reason).toContain('is AWS_TERMINATED for account');
    expect(evaluate([baa({ effectiveEnd: '2026-05-31T00:00:00.000Z' })])?.reason).toContain(
      'ended on 2026-05-31',
    );
    expect(evaluate([baa({ effectiveStart: '2026-07-01T00:00:00.000Z' })])?.reason).toContain(
      'takes effect only on 2026-07-01',
    );
  });

  it('fails when nothing matching is accepted for this account or its organisation', () => {
    const result = evaluate([
      { name: 'AWS Artifact Nondisclosure Agreement', awsAccountId: ACCOUNT, state: 'ACTIVE' },
      baa({ awsAccountId: '222222222222' }),
    ]);
    expect(result).toMatchObject({
      status: 'FAIL',
      reason: `No agreement whose name contains 'Business Associate Addendum' is accepted for account ${ACCOUNT} or its organisation in AWS Artifact (2 agreements listed)`,
    });
  });

  it('is an ERROR when the agreements could not be listed', () => {
    const result = evaluateArtifactAgreements(
      task,
      [failure('ListCustomerAgreements', 'AccessDeniedException')],
      ctx,
    )[0];
    expect(result).toMatchObject({
      status: 'ERROR',
      reason: `Could not list the AWS Artifact agreements of account ${ACCOUNT}: artifact:ListCustomerAgreements failed with AccessDeniedException: AccessDeniedException happened`,
    });
    expect(evaluateArtifactAgreements(task, [], ctx)[0]?.status).toBe('ERROR');
  });
});
