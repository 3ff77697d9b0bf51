// Faults confined to one scope: an account whose role cannot be assumed and a region where AWS Config is
// disabled (those scopes ERROR / NOT_EVALUATED, every other verdict as in a clean run), and assumed-role
// credentials that expire mid-run (refreshed; the run carries on and reaches the clean verdicts).

import { beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
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

interface ScopeRun {
  results: RunResults;
  emulator: Emulator;
}

async function run(
  world: World,
  profile: string,
  opts: { extra?: Partial<RunProfileOptions>; clock?: Clock; onRequest?: () => void } = {},
): Promise<ScopeRun> {
  const emulator = await startEmulator({
    world,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
  });
  try {
    const out = await runAgainst(emulator, await catalogWith(FRAMEWORK, profile), opts.extra);
    expect(out.outcome.error?.message ?? out.outcome.status).toBe('completed');
    return { results: out.results!, emulator };
  } finally {
    await emulator.close();
  }
}

/**
 * Time for the credential test: a clock shared by the emulator (which issues and expires sessions) and the
 * run (which renews them), moved forward 100 ms by every request the emulator answers. Expiry then depends
 * on how many calls were made, not on how fast this machine is.
 */
function requestClock(): { clock: Clock; tick: () => void } {
  let t = Math.ceil(Date.now() / 1000) * 1000;
  return { clock: { now: () => new Date(t) }, tick: () => (t += 100) };
}

let clean: RunResults;
let scoped: RunResults;
let renewed: ScopeRun;

beforeAll(async () => {
  const time = requestClock();
  [clean, scoped, renewed] = await Promise.all([
    run(faultWorld(), faultProfile()).then((r) => r.results),
    run(
      faultWorld((w) => ({
        ...w,
        accounts: [
          ...w.accounts.map((a) =>
            a.id === PROD ? { ...a, regions: { 'eu-west-1': { recorder: 'none' as const } } } : a,
          ),
          { id: DENIED, name: 'denied', email: 'denied@example.com', assumeRole: 'deny' as const },
        ],
      })),
      faultProfile({ accounts: [MGMT, PROD, DEV, DENIED] }),
    ).then((r) => r.results),
    // Sessions live 3 s (2.1–3 s: AWS states expiry to the second) and are renewed in their last 1.5 s, i.e.
    // after at most 15 of the run's ~45 requests. Two calls in all, for three accounts: renewals come while
    // the global slots are held by calls waiting for them (the SDK takes credentials as it signs, inside the
    // call gate), so this also proves the renewal's AssumeRole never queues behind them.
    run(
      faultWorld((w) => ({ ...w, credentialLifetimeSeconds: 3 })),
      faultProfile({ global: 2, perAccount: 1 }),
      {
        clock: time.clock,
        onRequest: time.tick,
        extra: { clock: time.clock, credentialRefreshWindowMs: 1500 },
      },
    ),
  ]);
}, 60_000);

describe('an account that denies AssumeRole and a region where Config is disabled', () => {
  it('makes every finding of the denied account ERROR, naming AssumeRole as the cause', () => {
    const denied = scoped.findings.filter((f) => f.accountId === DENIED);
    // As many findings as any healthy account has (global rules are evaluated in the home region only).
    expect(denied.length).toBe(clean.findings.filter((f) => f.accountId === MGMT).length);
    for (const f of denied) {
      expect(f.status).toBe('ERROR');
      expect(f.reason).toMatch(/AssumeRole failed with AccessDenied/);
    }
  });

  it('evaluates nothing in the region without Config', () => {
    const off = scoped.findings.filter((f) => f.accountId === PROD && f.region === 'eu-west-1');
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
    expect(rest(scoped)).toEqual(rest({ ...clean, findings: clean.findings.filter((f) => !affected(f)) }));
    expectNoFaultPassed(clean, scoped);
    expectNoPassOnFailedEvidence(scoped);
  });
});

describe('assumed-role credentials that expire mid-run', () => {
  it('are renewed before they expire, in every account, without a deadlock, and the run reaches the clean verdicts', () => {
    const log = renewed.emulator.requests;
    for (const account of [MGMT, PROD, DEV]) {
      const keys = new Set(
        log
          .filter((r) => r.accountId === account && r.service === 'config' && r.status === 200)
          .map((r) => r.accessKeyId),
      );
      // The account's Config calls went out under more than one role session: it was renewed mid-run.
      expect(keys.size, account).toBeGreaterThan(1);
    }
    // No call reached AWS with an expired session.
    expect(log.filter((r) => /Expired/.test(r.errorCode ?? ''))).toEqual([]);
    expectSameVerdicts(clean, renewed.results);
    expect(renewed.results.run.stats.errors).toBe(0);
  });

  it('wastes no renewal: every session assumed was used (no burst of concurrent renewals)', () => {
    const log = renewed.emulator.requests;
    const sessions = log.filter((r) => r.operation === 'AssumeRole' && r.status === 200).length;
    const used = new Set(log.filter((r) => r.accessKeyId?.startsWith('ASIA')).map((r) => r.accessKeyId));
    expect(sessions).toBeGreaterThan(3);
    expect(sessions).toBe(used.size);
  });
});
