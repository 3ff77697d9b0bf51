// The order of one account-region's AWS Config calls, read from the emulator's request log: the rule listing
// is asked beside the recorder's status (each rule call needs the listing's names, so asking it only after the
// status would add a call time to every account), and where the recorder is not recording nothing is asked
// after the two — the listing is kept as evidence, the verdicts stay NOT_EVALUATED.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../../src/core/run-result.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import type { RequestLogEntry } from '../../../src/emulator/request-log.js';
import { catalogWith, runAgainst } from '../../support/run-against-emulator.js';
import { MGMT, PROD, testWorld } from '../emulator/emulator-fixture.js';

const LATENCY_MS = 150;
const framework = `type: framework
id: order-framework
name: Call order
version: "1"
controls:
  - id: "1"
    ref: ORDER 1
    title: Encrypted volumes
    summary: One rule.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: ENCRYPTED_VOLUMES }
`;
const profile = `type: profile
id: order
name: Call order
organization: { name: Order Org }
frameworks: [order-framework]
scope:
  accounts: ['${MGMT}', '${PROD}']
  regions: [us-east-1, eu-west-1]
  role: { name: EvidentiaAuditRole }
`;

describe('the order of an account-region’s AWS Config calls', () => {
  let emulator: Emulator;
  let results: RunResults;
  const log: RequestLogEntry[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({
      world: testWorld({ latencyMs: LATENCY_MS }),
      onRequest: (e) => log.push(e),
    });
    const run = await runAgainst(emulator, await catalogWith(framework, profile));
    expect(run.outcome.status).toBe('completed');
    results = run.results!;
  });
  afterAll(() => emulator.close());

  const calls = (account: string, region: string) =>
    log
      .filter((e) => e.service === 'config' && e.accountId === account && e.region === region)
      .map((e) => ({ ...e, start: Date.parse(e.time), end: Date.parse(e.time) + e.durationMs }));

  it('asks for the rule listing before the recorder’s status has come back', () => {
    const here = calls(MGMT, 'us-east-1');
    const status = here.find((e) => e.operation === 'DescribeConfigurationRecorderStatus');
    const listing = here.find((e) => e.operation === 'DescribeConfigRules');
    expect(status && listing).toBeTruthy();
    expect(status!.durationMs).toBeGreaterThanOrEqual(LATENCY_MS - 5);
    expect(listing!.start).toBeLessThan(status!.end);
    // The calls that need the listing's names come after it.
    for (const e of here.filter((x) => x.operation === 'DescribeComplianceByConfigRule'))
      expect(e.start).toBeGreaterThanOrEqual(listing!.end - 1);
  });

  it('asks nothing more where the recorder is off, keeps the listing as evidence, and evaluates nothing', () => {
    const off = calls(PROD, 'eu-west-1').map((e) => e.operation);
    expect(off.sort()).toEqual(['DescribeConfigRules', 'DescribeConfigurationRecorderStatus']);
    const findings = results.findings.filter((f) => f.accountId === PROD && f.region === 'eu-west-1');
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.status).toBe('NOT_EVALUATED');
      expect(f.reason).toMatch(/not recording/);
    }
  });
});
