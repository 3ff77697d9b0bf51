// Issue 4's demo, end to end: the healthcare profile against the built-in demo organisation. HIPAA's facility
// safeguards are shared (issue 12): AWS's part backed by named current Artifact reports, the organisation's part
// awaiting its own attestation, so they are never INHERITED outright; the account without a BAA fails the BAA
// controls with a clear reason; procedural controls are MANUAL with their owner, PASS with a current
// attestation and FAIL with an expired one (frameworks/profiles/attestations/).

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, loadProfile } from '../../../src/catalog/index.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { RunResults } from '../../../src/core/run-result.js';
import { demoWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { runProfile } from '../../../src/pipeline/run-profile.js';
import { loadRun } from '../../../src/store/results-file.js';

/** Evaluated at a fixed instant: the demo's attestations are real, dated documents. */
const NOW = '2026-11-20T12:00:00Z';

describe('the healthcare demo', () => {
  let emulator: Emulator;
  let results: RunResults;

  beforeAll(async () => {
    emulator = await startEmulator({ world: demoWorld() });
    const catalog = await loadCatalog();
    const profile = await loadProfile('healthcare', catalog);
    const { accessKeyId, secretAccessKey } = emulator.credentials;
    const outcome = await runProfile({
      profile,
      catalog,
      outDir: await mkdtemp(join(tmpdir(), 'evidentia-demo-hc-')),
      clock: fixedClock(NOW),
      logger: silentLogger(),
      endpoint: emulator.url,
      credentials: async () => ({ accessKeyId, secretAccessKey }),
    });
    expect(outcome.error?.message).toBeUndefined();
    results = await loadRun(outcome.dir);
  }, 120_000);
  afterAll(() => emulator.close());

  const control = (id: string) =>
    results.controls.find((c) => c.frameworkId === 'hipaa-security' && c.controlId === id);
  const findings = (id: string, kind: string) =>
    results.findings.filter(
      (f) => f.frameworkId === 'hipaa-security' && f.controlId === id && f.kind === kind,
    );

  it("backs AWS's part of the facility safeguards (164.310(a)) with named current Artifact reports, but does not inherit them", () => {
    for (const id of [
      '164.310(a)(1)',
      '164.310(a)(2)(i)',
      '164.310(a)(2)(ii)',
      '164.310(a)(2)(iii)',
      '164.310(a)(2)(iv)',
    ]) {
      // The demo organisation has not attested to its own premises yet, so the control waits for that owner.
      expect(control(id)?.status).toBe('MANUAL');
      expect(findings(id, 'manual')[0]).toMatchObject({
        status: 'MANUAL',
        reason: expect.stringContaining('(owner: ciso@example-health.org)'),
      });
      const reasons = findings(id, 'artifact-report').map((f) => f.reason);
      expect(reasons).toEqual([
        expect.stringMatching(
          /^Backed by AWS Artifact report "SOC 2 Type 2 Report \(Security, Availability, Confidentiality\)" version 2 \(period \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\), current until/,
        ),
        expect.stringMatching(/^Backed by AWS Artifact report "ISO\/IEC 27001:2022 Certificate" version 3/),
      ]);
    }
  });

  it('fails the BAA controls for the account without a Business Associate Addendum, and only there', () => {
    const baa = findings('164.308(b)(1)', 'artifact-agreement');
    const byAccount = Object.fromEntries(baa.map((f) => [f.accountId, f]));
    expect(byAccount['333333333333']).toMatchObject({
      status: 'FAIL',
      reason:
        "No agreement whose name contains 'Business Associate Addendum' is accepted for account 333333333333 or its organisation in AWS Artifact (1 agreement listed)",
    });
    expect(byAccount['111111111111']?.status).toBe('PASS');
    expect(byAccount['222222222222']?.status).toBe('PASS');
    expect(byAccount['444444444444']?.status).toBe('ERROR');
  });

  it('shows procedural controls MANUAL with their owner, PASS when attested, FAIL when the attestation expired', () => {
    expect(control('164.316(b)(1)')).toMatchObject({
      status: 'MANUAL',
      reason:
        'Awaiting attestation: Index of Security Rule documentation and records of required actions and assessments (owner: compliance@example-health.org)',
    });
    // A control with automated evidence too still lists its procedural half as awaiting its owner.
    expect(findings('164.308(a)(1)(ii)(A)', 'manual')[0]).toMatchObject({
      status: 'MANUAL',
      reason: expect.stringContaining('(owner: ciso@example-health.org)'),
    });
    expect(control('164.308(a)(5)(i)')).toMatchObject({
      status: 'PASS',
      reason: expect.stringMatching(
        /^Attested by hr@example-health.org on 2026-10-06 with 2026-10-06-security-awareness-training-2026.md/,
      ),
    });
    expect(control('164.308(a)(7)(ii)(D)')).toMatchObject({
      status: 'FAIL',
      reason: expect.stringContaining('expired on 2026-09-22; it-ops@example-health.org must attest again'),
    });
    expect(control('164.310(b)')?.status).toBe('PASS');
  });
});
