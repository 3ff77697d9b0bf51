// Faults confined to one scope: an account whose role cannot be assumed and a region where AWS Config is
// disabled (those scopes ERROR / NOT_EVALUATED, every other verdict as in a clean run), and assumed-role
// credentials that expire mid-run (refreshed; the run carries on and reaches the clean verdicts).

import { beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/core/run-result.js';
import { type Emulator, startEmulator, type World } from '../../src/emulator/index.js';
import type { RunProfileOptions } from '../../src/pipeline/run-profile.js';
import { catalogWith, runAgainst } from '../support/run-against-emulator.js';
import {
  DEV,
  expectNoFaultPassed,
  expectNoPassOnFailedEvidence,
  expectSameVerdicts,
  FRAMEWORK,
  faultProfile,
  faultWorld,
  keyOf,
  MGMT,
  PROD,
} from './fault-fixture.js';

const DENIED = '444444444444';

async function run(
  world: World,
  profile: string,
  extra: Partial<RunProfileOptions> = {},
): Promise<{ results: RunResults; emulator: Emulator }> {
  const emulator = await startEmulator({ world });
  try {
    const out = await runAgainst(emulator, await catalogWith(FRAMEWORK, profile), extra);
    expect(out.outcome.error?.message ?? out.outcome.status).toBe('completed');
    return { results: out.results!, emulator };
  } finally {
    await emulator.close();
  }
}

let clean: RunResults;
beforeAll(async () => {
  clean = (await run(faultWorld(), faultProfile())).results;
});

describe('an account that denies AssumeRole and a region where Config is disabled', () => {
  let results: RunResults;
  beforeAll(async () => {
    const world = faultWorld((w) => ({
      ...w,
      accounts: [
        ...w.accounts.map((a) =>
          a.id === PROD ? { ...a, regions: { 'eu-west-1': { recorder: 'none' as const } } } : a,
        ),
        { id: DENIED, name: 'denied', email: 'denied@example.com', assumeRole: 'deny' as const },
      ],
    }));
    results = (await run(world, faultProfile({ accounts: [MGMT, PROD, DEV, DENIED] }))).results;
  });

  it('makes every finding of the denied account ERROR, naming AssumeRole as the cause', () => {
    const denied = results.findings.filter((f) => f.accountId === DENIED);
    // As many findings as any healthy account has (global rules are evaluated in the home region only).
    expect(denied.length).toBe(clean.findings.filter((f) => f.accountId === MGMT).length);
    for (const f of denied) {
      expect(f.status).toBe('ERROR');
      expect(f.reason).toMatch(/AssumeRole failed with AccessDenied/);
    }
  });

  it('evaluates nothing in the region without Config', () => {
    const off = results.findings.filter((f) => f.accountId === PROD && f.region === 'eu-west-1');
    expect(off.length).toBe(
      clean.findings.filter((f) => f.accountId === PROD && f.region === 'eu-west-1').length,
    );
    for (const f of off) {
      expect(f.status).toBe('NOT_EVALUATED');
      expect(f.reason).toMatch(/recorder|recording/i);
    }
  });

  it('leaves every other verdict as in the clean run, and no fault becomes a PASS', () => {
    const affected = (f: { accountId: string; region: string }) =>
      f.accountId === DENIED || (f.accountId === PROD && f.region === 'eu-west-1');
    const rest = (r: RunResults) =>
      r.findings
        .filter((f) => !affected(f))
        .map((f) => `${keyOf(f)} ${f.status} ${f.failingCount}`)
        .sort();
    expect(rest(results)).toEqual(rest({ ...clean, findings: clean.findings.filter((f) => !affected(f)) }));
    expectNoFaultPassed(clean, results);
    expectNoPassOnFailedEvidence(results);
  });
});

describe('assumed-role credentials that expire mid-run', () => {
  it('are refreshed before they expire, and the run reaches the clean verdicts', async () => {
    // Two-second credentials (AWS states expiry to the second), renewed in their last 300 ms; 200 ms per call,
    // two at a time per account, makes each account's calls outlast a credential.
    const world = faultWorld((w) => ({ ...w, credentialLifetimeSeconds: 2, latencyMs: 200 }));
    const { results, emulator } = await run(world, faultProfile({ global: 6, perAccount: 2 }), {
      credentialRefreshWindowMs: 300,
    });
    const log = emulator.requests;
    for (const account of [MGMT, PROD, DEV]) {
      const keys = new Set(
        log
          .filter((r) => r.accountId === account && r.service === 'config' && r.status === 200)
          .map((r) => r.accessKeyId),
      );
      // The account's Config calls went out under more than one role session: it was renewed mid-run.
      expect(keys.size).toBeGreaterThan(1);
    }
    // And no renewal was wasted: every session assumed was used (no burst of concurrent renewals).
    const sessions = log.filter((r) => r.operation === 'AssumeRole' && r.status === 200).length;
    const used = new Set(log.filter((r) => r.accessKeyId?.startsWith('ASIA')).map((r) => r.accessKeyId));
    expect(sessions).toBe(used.size);
    expect(emulator.requests.filter((r) => /Expired/.test(r.errorCode ?? ''))).toEqual([]);
    expectSameVerdicts(clean, results);
    expect(results.run.stats.errors).toBe(0);
  });
});
