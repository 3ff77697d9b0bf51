// A small Audit Manager world for the integration tests: one assessment in the management account with a
// control whose evidence passes, one with a failing compliance check, and one whose evidence is all old.

import type { WorldInput } from '../../../src/emulator/index.js';
import { MGMT, PROD } from '../emulator/emulator-fixture.js';

export const WORLD_TIME = '2026-06-01T00:00:00Z';
export const ASSESSMENT = 'HIPAA readiness';
export const FRAMEWORK = 'HIPAA Security Rule: Feb 2003';

const passing = (date: string, n: number) => ({
  date,
  dataSource: 'AWS Config',
  evidence: Array.from({ length: n }, (_, i) => ({
    eventSource: 'config.amazonaws.com',
    eventName: 'CLOUD_TRAIL_ENABLED',
    complianceCheck: 'COMPLIANT',
    resources: [
      { arn: `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/trail-${i}`, complianceCheck: 'COMPLIANT' },
    ],
  })),
});

export const auditManagerSection: NonNullable<WorldInput['auditManager']> = {
  assessments: [
    {
      name: 'Old assessment',
      account: MGMT,
      region: 'us-east-1',
      status: 'INACTIVE',
      framework: 'Something else',
      controlSets: [{ id: 'Set', controls: [{ name: 'Audit controls' }] }],
    },
    {
      name: ASSESSMENT,
      account: MGMT,
      region: 'us-east-1',
      framework: FRAMEWORK,
      complianceType: 'HIPAA',
      controlSets: [
        {
          id: 'Technical Safeguards',
          controls: [
            { name: 'Audit controls', folders: [passing('-1d', 3), passing('-2d', 2), passing('-200d', 4)] },
            {
              name: 'Integrity',
              folders: [
                {
                  date: '-3d',
                  evidence: [
                    {
                      eventName: 'S3_BUCKET_VERSIONING_ENABLED',
                      account: PROD,
                      complianceCheck: 'NON_COMPLIANT',
                      resources: [{ arn: 'arn:aws:s3:::prod-logs', complianceCheck: 'NON_COMPLIANT' }],
                    },
                    { eventName: 'S3_BUCKET_VERSIONING_ENABLED', complianceCheck: 'COMPLIANT' },
                  ],
                },
              ],
            },
            {
              name: 'Person authentication',
              folders: [
                {
                  date: '-120d',
                  dataSource: 'AWS Security Hub',
                  evidence: [{ eventName: 'IAM.6', complianceCheck: 'PASSED' }],
                },
              ],
            },
          ],
        },
      ],
    },
    {
      name: ASSESSMENT,
      account: MGMT,
      region: 'eu-west-1',
      framework: FRAMEWORK,
      controlSets: [{ id: 'Elsewhere', controls: [{ name: 'Audit controls' }] }],
    },
  ],
};
