// The Security Hub evaluator on stored records (pure): "not subscribed" is NOT_EVALUATED, any other refusal —
// even under the same error code — is ERROR, and nothing unreadable ever passes.

import { describe, expect, it } from 'vitest';
import type { Catalog, SecurityHubFindingsQuery } from '../../../../src/catalog/index.js';
import { fixedClock } from '../../../../src/core/clock.js';
import type { EvidenceRecord } from '../../../../src/core/evidence-record.js';
import { evaluateSecurityHub } from '../../../../src/evaluate/securityhub/evaluate-securityhub.js';
import type { SecurityHubTask } from '../../../../src/plan/types.js';

const clock = fixedClock('2026-06-01T00:00:00Z');
const q: SecurityHubFindingsQuery = {
  kind: 'securityhub-findings',
  id: 'gd',
  title: 't',
  products: ['GuardDuty'],
  severities: ['HIGH'],
  workflow: ['NEW'],
  olderThanDays: 0,
  resourceTypes: [],
  severity: 'high',
  remediation: 'r',
  docs: 'https://docs.aws.amazon.com/',
};
const task: SecurityHubTask = {
  id: 'securityhub/222222222222/us-east-1',
  kind: 'securityhub',
  accountId: '222222222222',
  region: 'us-east-1',
  controls: [],
  findings: [q],
};
const refused = (message: string): EvidenceRecord => ({
  id: 'ev-1',
  taskId: task.id,
  source: 'aws',
  service: 'securityhub',
  operation: 'GetEnabledStandards',
  parameters: {},
  accountId: task.accountId,
  region: task.region,
  collectedAt: '2026-06-01T00:00:00Z',
  durationMs: 1,
  attempts: 1,
  error: { code: 'InvalidAccessException', message, httpStatus: 401 },
  sha256: '0'.repeat(64),
});
const evaluate = (records: EvidenceRecord[]) =>
  evaluateSecurityHub(task, records, { clock, catalog: {} as Catalog, maxResources: 10 })[0];

describe('evaluateSecurityHub', () => {
  it('reads "not subscribed" as NOT_EVALUATED and any other InvalidAccessException as ERROR', () => {
    expect(evaluate([refused('Account 222222222222 is not subscribed to AWS Security Hub')])?.status).toBe(
      'NOT_EVALUATED',
    );
    expect(evaluate([refused('The account does not have permission to perform this action')])).toMatchObject({
      status: 'ERROR',
      reason: expect.stringContaining('GetEnabledStandards failed with InvalidAccessException'),
    });
  });

  it('is an ERROR when nothing was recorded', () => {
    expect(evaluate([])?.status).toBe('ERROR');
  });
});
