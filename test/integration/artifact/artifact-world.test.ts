// The world file's `artifact:` and `auditManager:` sections are validated like the rest of the world, with
// each problem at its file:line:column.

import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { parseWorldText } from '../../../src/emulator/index.js';

const base = `name: t
organization: { id: o-abcdefghij, managementAccount: "111111111111" }
regions: [us-east-1]
accounts:
  - { id: "111111111111", name: m, email: m@example.com }
`;

function problems(text: string): string[] {
  try {
    parseWorldText('world.yaml', base + text);
  } catch (err) {
    if (err instanceof InputError)
      return err.issues.map((i) => `${i.location.line}: ${i.field}: ${i.message}`);
    throw err;
  }
  return [];
}

describe('the artifact and auditManager world sections', () => {
  it('accept reports, agreements and assessments with relative times', () => {
    expect(
      problems(`artifact:
  reports: [{ id: report-Abcdefgh12345678, name: SOC 2 Type 2, periodEnd: -30d }]
  agreements: [{ name: BAA, organization: true }]
auditManager:
  assessments:
    - { name: A, account: "111111111111", region: us-east-1, framework: F, controlSets: [{ id: S, controls: [{ name: C }] }] }
`),
    ).toEqual([]);
  });

  it('report each problem at its line', () => {
    expect(
      problems(`artifact:
  reports:
    - { id: report-short, name: X, periodEnd: yesterday }
  agreements:
    - { name: BAA, account: "111111111111", organization: true }
auditManager:
  assessments:
    - { name: A, account: "1", region: us-east-1, framework: F, controlSets: [] }
`),
    ).toEqual([
      '8: artifact.reports[0].id: expected report- followed by 16 letters or digits',
      expect.stringMatching(
        /^8: artifact.reports\[0\].periodEnd: expected an ISO-8601 timestamp .* or an offset from the world time such as -30d/,
      ),
      expect.stringMatching(/^10: artifact.agreements\[0\]: an agreement is accepted either for one account/),
      '13: auditManager.assessments[0].account: expected a 12-digit AWS account id in quotes',
      expect.stringMatching(/^13: auditManager.assessments\[0\].controlSets: /),
    ]);
  });
});
