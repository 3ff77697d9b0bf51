// The attestation evaluator with a fixed clock: missing is MANUAL naming the owner to chase; current is PASS;
// expired (by its own expiry or the control's maxAgeDays), future-dated or with a changed or missing document
// is FAIL; an unreadable folder is ERROR.

import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../src/core/clock.js';
import type { EvidenceRecord } from '../../../../src/core/evidence-record.js';
import { evaluateAttestations } from '../../../../src/evaluate/attestations/evaluate-attestations.js';
import type { AttestationsTask } from '../../../../src/plan/types.js';
import { failure, record } from '../artifact/records.js';

const task: AttestationsTask = {
  id: 'attestations',
  kind: 'attestations',
  dir: 'attestations',
  accountId: 'organization',
  region: 'global',
  items: [
    {
      frameworkId: 'hipaa-security',
      controlId: '164.308(a)(5)(i)',
      title: 'Training records',
      owner: 'hr',
      ownerContact: 'hr@example.org',
      maxAgeDays: 365,
    },
    {
      frameworkId: 'hipaa-security',
      controlId: '164.316(a)',
      title: 'Policies',
      owner: 'security-officer',
      maxAgeDays: 180,
    },
  ],
};
const ctx = (now = '2026-06-01T00:00:00Z') => ({
  clock: fixedClock(now),
  catalog: { frameworks: new Map(), queries: new Map(), managedRules: new Set<string>(), sources: [] },
  maxResources: 10,
});
const listing = (unreadable: unknown[] = []) =>
  record(
    'ListAttestations',
    { exists: true, records: [], unreadable },
    { dir: 'attestations' },
    { service: 'attestations', source: 'attestation' },
  );
const read = (
  control: string,
  attestedAt: string,
  validDays: number,
  document: Record<string, unknown> = {},
) =>
  record(
    'ReadAttestation',
    {
      record: `hipaa-security/x/${attestedAt.slice(0, 10)}-doc.pdf.attestation.yaml`,
      attestation: {
        framework: 'hipaa-security',
        control,
        file: `${attestedAt.slice(0, 10)}-doc.pdf`,
        sha256: 'cd'.repeat(32),
        owner: 'alice@example.org',
        attestedAt,
        validDays,
        expiresAt: new Date(Date.parse(attestedAt) + validDays * 86_400_000).toISOString(),
        note: 'LMS export',
      },
      document: { path: 'hipaa-security/x/doc.pdf', present: true, intact: true, ...document },
    },
    {},
    { service: 'attestations', source: 'attestation' },
  );
const run = (records: EvidenceRecord[], now?: string) => evaluateAttestations(task, records, ctx(now));

describe('evaluateAttestations', () => {
  it('is MANUAL, awaiting attestation, naming the owner (the profile’s contact, else the role)', () => {
    const [training, policies] = run([listing()]);
    expect(training).toMatchObject({
      queryKey: 'manual:hipaa-security:164.308(a)(5)(i)',
      kind: 'manual',
      accountId: 'organization',
      region: 'global',
      status: 'MANUAL',
      reason: 'Awaiting attestation: Training records (owner: hr@example.org)',
    });
    expect(policies?.reason).toBe('Awaiting attestation: Policies (owner: security-officer)');
    const [noted] = run([listing([{ record: 'x.attestation.yaml', problem: 'bad' }])]);
    expect(noted?.reason).toContain('1 attestation record in the folder could not be read');
  });

  it('passes a current attestation, naming who, when, the file and its hash', () => {
    const current = read('164.308(a)(5)(i)', '2026-01-15T00:00:00.000Z', 365);
    const [training] = run([listing(), current]);
    expect(training).toMatchObject({
      status: 'PASS',
      reason:
        'Attested by alice@example.org on 2026-01-15 with 2026-01-15-doc.pdf (SHA-256 cdcdcdcdcdcdcdcd…), current until 2027-01-15: LMS export',
    });
    expect(training?.evidence).toContain(current.id);
  });

  it('fails an expired attestation, by its own validity or the control’s maxAgeDays, and says who must attest', () => {
    const [training] = run([listing(), read('164.308(a)(5)(i)', '2025-05-01T00:00:00.000Z', 365)]);
    expect(training).toMatchObject({
      status: 'FAIL',
      reason:
        'The latest attestation (2025-05-01-doc.pdf, by alice@example.org on 2025-05-01) expired on 2026-05-01; hr@example.org must attest again: Training records',
    });
    // Valid for 365 days by its own record, but the control accepts evidence only 180 days old.
    const [, policies] = run([listing(), read('164.316(a)', '2025-11-01T00:00:00.000Z', 365)]);
    expect(policies).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining('expired on 2026-04-30'),
    });
  });

  it('prefers a current attestation over an older expired one', () => {
    const [training] = run([
      listing(),
      read('164.308(a)(5)(i)', '2024-05-01T00:00:00.000Z', 365),
      read('164.308(a)(5)(i)', '2026-03-01T00:00:00.000Z', 365),
    ]);
    expect(training?.status).toBe('PASS');
  });

  it('fails an attestation whose document changed or vanished, or that is dated in the future', () => {
    const changed = run([
      listing(),
      read('164.308(a)(5)(i)', '2026-01-15T00:00:00.000Z', 365, { intact: false }),
    ])[0];
    expect(changed).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining('has changed since it was attested (SHA-256 differs)'),
    });
    const missing = run([
      listing(),
      read('164.308(a)(5)(i)', '2026-01-15T00:00:00.000Z', 365, { present: false, intact: false }),
    ])[0];
    expect(missing?.reason).toContain('is missing');
    const future = run([listing(), read('164.308(a)(5)(i)', '2026-07-01T00:00:00.000Z', 365)])[0];
    expect(future).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining('is dated in the future (2026-07-01)'),
    });
  });

  it('is an ERROR when the folder could not be read', () => {
    const results = run([failure('ListAttestations', 'AttestationFolderUnreadable')]);
    expect(results.map((r) => r.status)).toEqual(['ERROR', 'ERROR']);
    expect(run([]).map((r) => r.status)).toEqual(['ERROR', 'ERROR']);
  });
});
