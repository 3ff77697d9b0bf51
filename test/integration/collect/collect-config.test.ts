// The collection path end to end over real HTTP: our planner, AWS clients, collectors and evaluators against the
// emulator — batching, pagination, throttling then success, a denied AssumeRole, a recorder that is off, a rule
// not deployed, a rule failing to evaluate, advanced queries, and evidence whose hashes hold.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../../src/core/canonical-json.js';
import type { EvidenceRecord } from '../../../src/core/evidence-record.js';
import type { RunResults } from '../../../src/core/run-result.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { catalogWith, findingsFor, runAgainst } from '../../support/run-against-emulator.js';
import { DENIED, MGMT, PROD, TEST_RULES, testWorld } from '../emulator/emulator-fixture.js';

const NOT_DEPLOYED = 'EKS_SECRETS_ENCRYPTED';
const framework = `type: framework
id: it-framework
name: Integration framework
version: "1"
controls:
  - id: "1"
    ref: IT 1
    title: Every test rule
    summary: Uses more rules than one compliance call may name.
    responsibility: customer
    evidence:
${[...TEST_RULES, NOT_DEPLOYED].map((r) => `      - { kind: config-rule, rule: ${r} }`).join('\n')}
  - id: "2"
    ref: IT 2
    title: Unencrypted volumes
    summary: Advanced query.
    responsibility: customer
    evidence:
      - { kind: config-query, query: ebs-volumes-unencrypted }
`;
const profile = `type: profile
id: it
name: Integration
organization: { name: IT Org }
frameworks: [it-framework]
scope:
  accounts: ['${MGMT}', '${PROD}', '${DENIED}']
  regions: [us-east-1, eu-west-1]
  role: { name: EvidentiaAuditRole }
collection:
  maxAttempts: 4
  maxResourcesPerFinding: 50
`;

describe('collecting AWS Config evidence against the emulator', () => {
  let emulator: Emulator;
  let setup: Awaited<ReturnType<typeof catalogWith>>;
  let results: RunResults;

  beforeAll(async () => {
    emulator = await startEmulator({ world: testWorld() });
    setup = await catalogWith(framework, profile);
    const run = await runAgainst(emulator, setup);
    expect(run.outcome.status).toBe('completed');
    results = run.results!;
  });
  afterAll(() => emulator.close());

  it('names the failing resources of a non-compliant rule', () => {
    const f = findingsFor(results, 'config-rule:ENCRYPTED_VOLUMES')[`${MGMT}/us-east-1`];
    expect(f).toMatchObject({
      status: 'FAIL',
      failingCount: 1,
      resources: [{ resourceId: 'vol-2', resourceType: 'AWS::EC2::Volume', annotation: 'not encrypted' }],
    });
  });

  it('pages through compliance details and caps the list, keeping the exact count', () => {
    const f = findingsFor(results, 'config-rule:S3_BUCKET_VERSIONING_ENABLED')[`${PROD}/us-east-1`];
    expect(f?.status).toBe('FAIL');
    expect(f?.failingCount).toBe(105);
    expect(f?.resources).toHaveLength(50);
    const detailCalls = emulator.requests.filter(
      (r) => r.operation === 'GetComplianceDetailsByConfigRule' && r.accountId === PROD,
    );
    expect(detailCalls.length).toBeGreaterThanOrEqual(1);
  });

  it('batches rule names 25 at a time', () => {
    const calls = emulator.requests.filter(
      (r) =>
        r.operation === 'DescribeComplianceByConfigRule' && r.accountId === MGMT && r.region === 'us-east-1',
    );
    // 30 deployed test rules in the home region → two batches (25 + 5), whatever uses them.
    expect(calls).toHaveLength(2);
    expect(
      emulator.requests.filter((r) => r.status >= 400 && r.errorCode === 'ValidationException'),
    ).toHaveLength(0);
  });

  it('turns a denied AssumeRole into ERROR findings naming the cause, and nothing else', () => {
    const denied = results.findings.filter((f) => f.accountId === DENIED);
    expect(denied.length).toBeGreaterThan(0);
    for (const f of denied) {
      expect(f.status).toBe('ERROR');
      expect(f.reason).toMatch(/AssumeRole failed with AccessDenied/);
    }
    expect(
      results.findings.filter((f) => f.status === 'ERROR' && f.accountId !== DENIED).map((f) => f.queryKey),
    ).toEqual(['config-rule:CLOUD_TRAIL_ENCRYPTION_ENABLED']);
  });

  it('never passes a rule whose evaluation is failing', () => {
    expect(
      findingsFor(results, 'config-rule:CLOUD_TRAIL_ENCRYPTION_ENABLED')[`${PROD}/us-east-1`],
    ).toMatchObject({
      status: 'ERROR',
      reason: expect.stringContaining('AccessDenied'),
    });
  });

  it('evaluates nothing where the recorder is off, and reports a rule that is not deployed', () => {
    for (const f of results.findings.filter((x) => x.accountId === PROD && x.region === 'eu-west-1')) {
      expect(f.status).toBe('NOT_EVALUATED');
      expect(f.reason).toMatch(/not recording/);
    }
    expect(findingsFor(results, `config-rule:${NOT_DEPLOYED}`)[`${MGMT}/us-east-1`]).toMatchObject({
      status: 'NOT_EVALUATED',
      reason: expect.stringContaining('not deployed'),
    });
  });

  it('evaluates advanced queries against the emulated resources in each region', () => {
    const f = findingsFor(results, 'config-query:ebs-volumes-unencrypted');
    expect(f[`${MGMT}/us-east-1`]).toMatchObject({ status: 'FAIL', resources: [{ resourceId: 'vol-2' }] });
    expect(f[`${MGMT}/eu-west-1`]).toMatchObject({ status: 'FAIL', resources: [{ resourceId: 'vol-eu' }] });
    expect(f[`${PROD}/us-east-1`]?.status).toBe('PASS');
  });

  it('rolls up the control as the worst of its findings', () => {
    const control = results.controls.find((c) => c.controlId === '1');
    expect(control?.status).toBe('FAIL');
    expect(results.frameworks[0]?.metRatio).toBe(0);
  });

  it('stores every answer as evidence whose SHA-256 matches its canonical JSON', async () => {
    expect(results.evidence.length).toBe(results.run.stats.evidenceRecords);
    for (const entry of results.evidence.slice(0, 40)) {
      const record = JSON.parse(
        await readFile(join(setup.dir, 'out', 'it', results.run.runId, entry.path), 'utf8'),
      ) as EvidenceRecord;
      const { sha256, ...rest } = record;
      expect(sha256Hex(canonicalJson(rest))).toBe(sha256);
      expect(sha256).toBe(entry.sha256);
      expect(JSON.stringify(record)).not.toContain(emulator.credentials.secretAccessKey);
    }
    const f = findingsFor(results, 'config-rule:ENCRYPTED_VOLUMES')[`${MGMT}/us-east-1`];
    const ops = f?.evidence.map((id) => results.evidence.find((e) => e.id === id)?.operation);
    expect(ops).toEqual(
      expect.arrayContaining([
        'DescribeConfigRules',
        'DescribeComplianceByConfigRule',
        'GetComplianceDetailsByConfigRule',
      ]),
    );
  });

  it('counts API calls and records them in the run metadata', () => {
    const ours = emulator.requests.length;
    expect(results.run.stats.apiCalls).toBeGreaterThan(0);
    expect(results.run.stats.apiCalls).toBeLessThanOrEqual(ours);
    expect(results.run.stats.errors).toBeGreaterThanOrEqual(1);
  });
});

describe('throttling and malformed requests', () => {
  it('retries throttled calls and reaches the same verdicts', async () => {
    const emulator = await startEmulator({ world: testWorld() });
    try {
      emulator.faults.add({
        kind: 'throttle',
        service: 'config',
        operation: 'DescribeComplianceByConfigRule',
        account: MGMT,
        first: 3,
      });
      const run = await runAgainst(emulator, await catalogWith(framework, profile));
      expect(run.outcome.status).toBe('completed');
      const r = run.results!;
      expect(r.run.stats.throttles).toBeGreaterThanOrEqual(3);
      expect(r.run.stats.retries).toBeGreaterThanOrEqual(3);
      expect(findingsFor(r, 'config-rule:ENCRYPTED_VOLUMES')[`${MGMT}/us-east-1`]?.status).toBe('FAIL');
      expect(findingsFor(r, 'config-rule:RDS_STORAGE_ENCRYPTED')[`${MGMT}/us-east-1`]?.status).not.toBe(
        'ERROR',
      );
    } finally {
      await emulator.close();
    }
  });

  it('makes a query the service rejects an ERROR with the service error code', async () => {
    const emulator = await startEmulator({ world: testWorld() });
    try {
      // An expression our lint lets through but Config's parser rejects (a leading wildcard).
      const library = `type: evidence-library
queries:
  - kind: config-query
    id: bad-query
    title: A query AWS Config rejects
    expression: SELECT resourceId WHERE resourceName LIKE '%bucket'
    expect: none
    severity: low
    remediation: Fix the query.
    docs: https://docs.aws.amazon.com/config/latest/developerguide/querying-AWS-resources.html
`;
      const setup = await catalogWith(
        framework.replace('ebs-volumes-unencrypted', 'bad-query'),
        profile,
        library,
      );
      const run = await runAgainst(emulator, setup);
      const f = findingsFor(run.results!, 'config-query:bad-query')[`${MGMT}/us-east-1`];
      expect(f).toMatchObject({
        status: 'ERROR',
        reason: expect.stringContaining('InvalidExpressionException'),
      });
    } finally {
      await emulator.close();
    }
  });
});

describe('collecting through a Config aggregator', () => {
  it('reaches the same verdicts as account-by-account collection, with far fewer calls', async () => {
    const emulator = await startEmulator({ world: testWorld() });
    try {
      const direct = await runAgainst(emulator, await catalogWith(framework, profile));
      const directCalls = emulator.requests.length;
      const viaAggregator = await runAgainst(
        emulator,
        await catalogWith(
          framework,
          `${profile.replace('  role: { name: EvidentiaAuditRole }', '  role: { name: EvidentiaAuditRole }\n  aggregator: { name: org-aggregator, accountId: "111111111111", region: us-east-1 }')}`,
        ),
      );
      const aggregatorCalls = emulator.requests.length - directCalls;
      expect(viaAggregator.outcome.status).toBe('completed');
      const a = viaAggregator.results!;
      const d = direct.results!;
      const key = (f: { queryKey: string; accountId: string; region: string }) =>
        `${f.queryKey}|${f.accountId}|${f.region}`;
      const byKey = new Map(a.findings.map((f) => [key(f), f.status]));
      // The aggregator cannot see a rule's evaluation health: that one verdict legitimately differs.
      const comparable = d.findings.filter(
        (f) => f.accountId !== DENIED && !f.queryKey.endsWith('CLOUD_TRAIL_ENCRYPTION_ENABLED'),
      );
      expect(comparable.length).toBeGreaterThan(50);
      // Nor whether a rule with INSUFFICIENT_DATA evaluated successfully: what the accounts show as "no resource
      // in scope" (NOT_APPLICABLE) the aggregator can only report as not evaluated.
      const expected = (status: string) => (status === 'NOT_APPLICABLE' ? 'NOT_EVALUATED' : status);
      for (const f of comparable)
        expect(`${key(f)} ${byKey.get(key(f))}`).toBe(`${key(f)} ${expected(f.status)}`);
      // The aggregator reads the account whose audit role is denied: its data comes through Config itself.
      expect(a.findings.filter((f) => f.accountId === DENIED && f.status === 'ERROR')).toHaveLength(0);
      expect(findingsFor(a, 'config-rule:S3_BUCKET_VERSIONING_ENABLED')[`${PROD}/us-east-1`]).toMatchObject({
        status: 'FAIL',
        failingCount: 105,
      });
      expect(aggregatorCalls).toBeLessThan(directCalls / 2);
    } finally {
      await emulator.close();
    }
  });
});

describe('conformance packs', () => {
  it('reads a pack as a whole: FAIL naming its non-compliant rules, NOT_EVALUATED where it is not deployed', async () => {
    const emulator = await startEmulator({ world: testWorld() });
    try {
      const library = `type: evidence-library
queries:
  - kind: conformance-pack
    id: test-pack
    title: The test pack is clean
    packName: Test-Pack
    severity: high
    remediation: Fix the pack's rules.
    docs: https://docs.aws.amazon.com/config/latest/developerguide/conformance-packs.html
`;
      const fw = framework.replace(
        '      - { kind: config-query, query: ebs-volumes-unencrypted }',
        '      - { kind: conformance-pack, pack: test-pack }',
      );
      const run = await runAgainst(emulator, await catalogWith(fw, profile, library));
      const f = findingsFor(run.results!, 'conformance-pack:test-pack');
      expect(f[`${MGMT}/us-east-1`]).toMatchObject({
        status: 'FAIL',
        resources: expect.arrayContaining([expect.objectContaining({ resourceId: 'encrypted-volumes' })]),
      });
      expect(f[`${PROD}/us-east-1`]).toMatchObject({
        status: 'FAIL',
        resources: expect.arrayContaining([
          expect.objectContaining({ resourceId: 's3-bucket-versioning-enabled' }),
        ]),
      });
      expect(f[`${PROD}/eu-west-1`]?.status).toBe('NOT_EVALUATED');
      expect(f[`${DENIED}/us-east-1`]?.status).toBe('ERROR');
    } finally {
      await emulator.close();
    }
  });
});
