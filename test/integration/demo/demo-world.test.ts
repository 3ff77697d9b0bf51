// The demo, end to end: every built-in profile runs through the real pipeline against the built-in demo
// organisation (as `evidentia demo` does) and its AWS Config findings tell the demo's story — mostly PASS,
// the curated failures by name, the sandbox unreachable, one rule broken, one rule not deployed — instead
// of a wall of NOT_EVALUATED.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configQueryKeys } from '../../../scripts/demo-world/needed-types.js';
import { builtInProfileNames, type Catalog, loadCatalog, loadProfile } from '../../../src/catalog/index.js';
import { fixedClock } from '../../../src/core/clock.js';
import type { Finding } from '../../../src/core/finding.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { RunResults } from '../../../src/core/run-result.js';
import type { Status } from '../../../src/core/status.js';
import { demoWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { runProfile } from '../../../src/pipeline/run-profile.js';
import { loadRun } from '../../../src/store/results-file.js';
import {
  CLEAN_EVERYWHERE,
  DEVELOPMENT,
  EU,
  FAILED_EVALUATION,
  PRODUCTION,
  RESIDENCY_STRAY,
  SANDBOX,
  SECURITY,
  STORY_FAILURES,
  UNDEPLOYED,
  US,
} from './demo-story.js';

/**
 * The bound this test holds the demo to: at most 2% of the config-rule findings in the reachable accounts
 * may be NOT_EVALUATED. Today the only one is the deliberately undeployed ENCRYPTED_VOLUMES in production
 * eu-west-1 (well under 1%); a rule whose resource types the demo does not hold would push past it.
 */
const MAX_NOT_EVALUATED_SHARE = 0.02;

const PROFILES = await builtInProfileNames();
const REACHABLE = [SECURITY, PRODUCTION, DEVELOPMENT];
const CONFIG_KINDS = new Set(['config-rule', 'config-query']);

let catalog: Catalog;
let planned: Map<string, string[]>;
let emulator: Emulator;
let outDir: string;

beforeAll(async () => {
  catalog = await loadCatalog();
  planned = await configQueryKeys(catalog);
  emulator = await startEmulator({ world: demoWorld() });
  outDir = await mkdtemp(join(tmpdir(), 'evidentia-demo-'));
});

afterAll(async () => {
  await emulator?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** Run one built-in profile the way `evidentia demo` does and read its results back. */
async function runDemo(profileId: string): Promise<RunResults> {
  const { accessKeyId, secretAccessKey } = emulator.credentials;
  const outcome = await runProfile({
    profile: await loadProfile(profileId, catalog),
    catalog,
    outDir,
    // Fixed for the run; taken from the wall clock because SigV4 requests must be signed near "now".
    clock: fixedClock(new Date()),
    logger: silentLogger(),
    endpoint: emulator.url,
    credentials: async () => ({ accessKeyId, secretAccessKey }),
  });
  expect(outcome.error?.message).toBeUndefined();
  expect(outcome.status).toBe('completed');
  return loadRun(outcome.dir);
}

const at = (f: Pick<Finding, 'queryKey' | 'accountId' | 'region'>) =>
  `${f.queryKey} ${f.accountId}/${f.region}`;
const same = (f: Finding, where: { queryKey: string; accountId: string; region: string }) =>
  f.queryKey === where.queryKey && f.accountId === where.accountId && f.region === where.region;

it('has the four industry profiles to run', () => {
  expect(PROFILES).toEqual(expect.arrayContaining(['financial', 'healthcare', 'nonprofit', 'retail']));
});

describe.each(PROFILES)('the %s profile in the demo organisation', (profileId) => {
  let config: Finding[];
  let keys: Set<string>;
  let allowed: string[];
  let results: RunResults;

  beforeAll(async () => {
    results = await runDemo(profileId);
    config = results.findings.filter((f) => CONFIG_KINDS.has(f.kind));
    keys = new Set(planned.get(profileId));
    allowed = (await loadProfile(profileId, catalog)).scope.allowedRegions ?? [US, EU];
  });

  it('fails every FAIL control because of a decisive finding, never a supporting one', () => {
    const failing = results.controls.filter((c) => c.status === 'FAIL');
    expect(failing.length).toBeGreaterThan(0);
    for (const c of failing) {
      const decisive = results.findings.filter(
        (f) =>
          f.frameworkId === c.frameworkId &&
          f.controlId === c.controlId &&
          f.status === 'FAIL' &&
          f.role === 'decisive',
      );
      expect(decisive.length, `${c.frameworkId}:${c.controlId}`).toBeGreaterThan(0);
      expect(c.counts.FAIL, `${c.frameworkId}:${c.controlId}`).toBe(decisive.length);
    }
    // Every finding says how it weighs.
    expect(results.findings.every((f) => f.role === 'decisive' || f.role === 'supporting')).toBe(true);
  });

  it('lists the suspended account as out of scope, with its state, and the sandbox as unreadable', () => {
    expect(results.run.scope.accounts).not.toContain('555555555555');
    expect(results.run.scope.outOfScope).toEqual([
      {
        accountId: '555555555555',
        name: 'legacy-marketing',
        state: 'SUSPENDED',
        reason: 'The account is SUSPENDED in AWS Organizations, so it cannot be assessed',
      },
    ]);
    expect(results.run.scope.unreadable).toEqual([SANDBOX]);
  });

  it('yields PASS, FAIL, ERROR and NOT_EVALUATED findings from AWS Config', () => {
    const statuses = new Set<Status>(config.map((f) => f.status));
    for (const s of ['PASS', 'FAIL', 'ERROR', 'NOT_EVALUATED'] as const) expect(statuses).toContain(s);
  });

  it('is ERROR for every check of the sandbox, naming AssumeRole, and nowhere else but the broken rule', () => {
    const sandbox = config.filter((f) => f.accountId === SANDBOX);
    expect(sandbox.length).toBeGreaterThan(0);
    for (const f of sandbox) {
      expect(f.status).toBe('ERROR');
      expect(f.reason).toContain('AssumeRole');
    }
    const elsewhere = config.filter((f) => f.accountId !== SANDBOX && f.status === 'ERROR');
    // The one deliberate exception: the rule whose latest evaluation failed (when the profile uses it).
    for (const f of elsewhere) expect(at(f)).toBe(at(FAILED_EVALUATION));
    if (keys.has(FAILED_EVALUATION.queryKey)) {
      const broken = config.filter((f) => same(f, FAILED_EVALUATION));
      expect(broken.length).toBeGreaterThan(0);
      for (const f of broken)
        expect(f.reason).toMatch(/failing to evaluate.*InsufficientPermissionsException/);
    }
  });

  it('leaves ENCRYPTED_VOLUMES NOT_EVALUATED in production eu-west-1, where it is not deployed', () => {
    expect(keys).toContain(UNDEPLOYED.queryKey);
    const undeployed = config.filter((f) => same(f, UNDEPLOYED));
    expect(undeployed.length).toBeGreaterThan(0);
    for (const f of undeployed) {
      expect(f.status).toBe('NOT_EVALUATED');
      expect(f.reason).toContain('not deployed');
    }
  });

  it(`keeps NOT_EVALUATED under ${MAX_NOT_EVALUATED_SHARE * 100}% of config-rule findings in reachable accounts`, () => {
    const rules = config.filter((f) => f.kind === 'config-rule' && f.accountId !== SANDBOX);
    const unevaluated = rules.filter((f) => f.status === 'NOT_EVALUATED');
    expect(rules.length).toBeGreaterThan(100);
    expect(
      unevaluated.length / rules.length,
      `NOT_EVALUATED: ${[...new Set(unevaluated.map(at))].join(', ')}`,
    ).toBeLessThan(MAX_NOT_EVALUATED_SHARE);
  });

  it("reports the story's failing resources as FAIL, by resource id", () => {
    const expected = STORY_FAILURES.filter((s) => keys.has(s.queryKey));
    // Every profile plans enough of the story to show it.
    expect(expected.length).toBeGreaterThanOrEqual(8);
    for (const story of expected) {
      const found = config.filter((f) => same(f, story));
      expect(found.length, `no finding for ${at(story)}`).toBeGreaterThan(0);
      for (const f of found) {
        expect(f.status, at(story)).toBe('FAIL');
        expect(
          f.resources.map((r) => r.resourceId),
          at(story),
        ).toContain(story.resourceId);
      }
    }
  });

  it('checks data residency against the profile’s allowed regions', () => {
    const residency = config.filter(
      (f) => f.queryKey === RESIDENCY_STRAY.queryKey && f.accountId !== SANDBOX,
    );
    expect(residency.length).toBeGreaterThan(0);
    for (const f of residency) {
      expect(f.status, at(f)).toBe(allowed.includes(f.region) ? 'PASS' : 'FAIL');
    }
    if (!allowed.includes(EU)) {
      const stray = residency.filter((f) => same(f, RESIDENCY_STRAY));
      expect(stray.length).toBeGreaterThan(0);
      for (const f of stray)
        expect(f.resources.map((r) => r.resourceId)).toContain(RESIDENCY_STRAY.resourceId);
    }
  });

  it.runIf(profileId === 'healthcare')(
    'reports the clearinghouse specification NOT_APPLICABLE, with its justification and approver',
    () => {
      const id = '164.308(a)(4)(ii)(A)';
      const control = results.controls.find((c) => c.frameworkId === 'hipaa-security' && c.controlId === id);
      expect(control).toMatchObject({
        status: 'NOT_APPLICABLE',
        applicability: {
          source: 'profile',
          approver: 'privacy-officer@example-health.org',
          date: '2026-11-02',
        },
      });
      expect(control?.reason).toMatch(/^Not applicable: Example Health is a health care provider/);
      const findings = results.findings.filter(
        (f) => f.frameworkId === 'hipaa-security' && f.controlId === id,
      );
      // One finding records the exclusion; none of the control's rules is joined to it.
      expect(findings.map((f) => `${f.kind}:${f.status}`)).toEqual(['applicability:NOT_APPLICABLE']);
      expect(findings[0]?.reason).toContain('not a health care clearinghouse');
    },
  );

  it('finds the industry and baseline evidence in every reachable account', () => {
    const used = CLEAN_EVERYWHERE.filter((k) => keys.has(k));
    expect(used.length).toBeGreaterThan(0);
    for (const key of used) {
      const found = config.filter((f) => f.queryKey === key);
      expect(new Set(found.map((f) => f.accountId))).toEqual(new Set([...REACHABLE, SANDBOX]));
      for (const f of found.filter((x) => x.accountId !== SANDBOX)) expect(f.status, at(f)).toBe('PASS');
    }
  });
});
