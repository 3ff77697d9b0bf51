// A small Artifact world for the integration tests: reports current and expired (times relative to the
// world's fixed time), the BAA accepted for one account, an organisation-wide NDA, nothing for another account.

import type { WorldInput } from '../../../src/emulator/index.js';
import { MGMT, PROD } from '../emulator/emulator-fixture.js';

/** The world's "now": report periods are relative to it. */
export const WORLD_TIME = '2026-06-01T00:00:00Z';

export const CURRENT_SOC2 = 'report-Soc2Type2Current';
export const OLD_SOC2 = 'report-Soc2Type2Previou';
export const EXPIRED_ISO = 'report-Iso27701Expired0';
export const CURRENT_ISO = 'report-Iso27001Current0';

export const artifactSection: NonNullable<WorldInput['artifact']> = {
  reports: [
    {
      id: OLD_SOC2,
      name: 'SOC 2 Type 2 Report, previous period',
      version: 1,
      series: 'SOC',
      periodStart: '-865d',
      periodEnd: '-500d',
    },
    {
      id: CURRENT_SOC2,
      name: 'SOC 2 Type 2 Report',
      version: 3,
      series: 'SOC',
      category: 'Certifications and Attestations',
      periodStart: '-400d',
      periodEnd: '-35d',
    },
    {
      id: CURRENT_ISO,
      name: 'ISO/IEC 27001:2022 Certificate',
      version: 2,
      periodStart: '-300d',
      periodEnd: '+700d',
    },
    {
      id: EXPIRED_ISO,
      name: 'ISO/IEC 27701:2019 Certificate',
      version: 1,
      periodStart: '-1100d',
      periodEnd: '-10d',
    },
    {
      id: 'report-Unpublished00001',
      name: 'SOC 2 Type 2 Report draft',
      state: 'UNPUBLISHED',
      periodEnd: '+30d',
    },
  ],
  agreements: [
    { name: 'AWS Business Associate Addendum', account: MGMT, effectiveStart: '-200d' },
    {
      name: 'AWS Business Associate Addendum',
      account: PROD,
      state: 'CUSTOMER_TERMINATED',
      effectiveStart: '-400d',
      effectiveEnd: '-20d',
    },
    { name: 'AWS Artifact Nondisclosure Agreement', organization: true, effectiveStart: '-900d' },
  ],
};
