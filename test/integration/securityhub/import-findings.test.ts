// The run's verdicts back into Security Hub, over real HTTP against the emulator: BatchImportFindings in
// batches of at most 100 (counted at the emulator's request log), a re-import that updates in place (same
// count, later UpdatedAt, the customer's workflow kept), FailedFindings retried with backoff and reported when
// they keep failing, wrong findings not retried; imported findings never taken for GuardDuty or control
// findings by Evidentia's own collection filters. Then the pipeline: two runs with `toSecurityHub` leave one
// finding per control, updated by the second run.

import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { importFindings } from '../../../src/deliver/securityhub/import-findings.js';
import { type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { importedFindings } from '../../../src/emulator/services/securityhub/imported-findings.js';
import type { SecurityHubWorld } from '../../../src/emulator/services/securityhub/securityhub-world.js';
import { conditionFilters, controlFilters } from '../../../src/evaluate/securityhub/finding-filter.js';
import { COMPLIANCE_STATUS } from '../../../src/render/asff/asff-status.js';
import { type AsffFinding, renderAsff } from '../../../src/render/index.js';
import type { ReportInput } from '../../../src/render/report-input.js';
import { sampleReportInput } from '../../fixtures/results/sample-run.js';
import { catalogWith, runAgainst } from '../../support/run-against-emulator.js';
import { assumeInto, clientConfig, MGMT, PROD, testWorld } from '../emulator/emulator-fixture.js';

const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
const hub = (account: string) => ({
  account,
  region: 'us-east-1',
  enabled: true,
  standards: [{ id: FSBP, status: 'READY' as const }],
  controls: {},
  findings: [
    {
      product: 'GuardDuty' as const,
      title: 'An old HIGH GuardDuty finding',
      type: 'Recon:EC2-PortProbeUnprotectedPort',
      severity: 'HIGH' as const,
      createdAt: '-20d',
      workflow: 'NEW' as const,
      recordState: 'ACTIVE' as const,
      resource: { type: 'AwsEc2Instance', id: `arn:aws:ec2:us-east-1:${account}:instance/i-0abc` },
      count: 1,
    },
  ],
});
const section = { definitions: [], hubs: [hub(MGMT), hub(PROD)] } as unknown as SecurityHubWorld;

const OURS = { ProductName: [{ Value: 'Evidentia', Comparison: 'EQUALS' as const }] };

/** `n` findings for PROD's default product, made from the sample run's real ASFF findings. */
function findingsFor(base: readonly AsffFinding[], n: number, updatedAt: string): AsffFinding[] {
  const productArn = `arn:aws:securityhub:us-east-1:${PROD}:product/${PROD}/default`;
  return Array.from({ length: n }, (_, i) => {
    const b = base[i % base.length] as AsffFinding;
    return {
      ...b,
      Id: `${b.Id}/${i}`,
      AwsAccountId: PROD,
      ProductArn: productArn,
      Region: 'us-east-1',
      UpdatedAt: updatedAt,
      LastObservedAt: updatedAt,
      Resources: [{ ...b.Resources[0]!, Id: `AWS::::Account:${PROD}` }],
    };
  });
}

describe('BatchImportFindings against the emulator', () => {
  let emu: Emulator;
  let prod: SecurityHubClient;
  let input: ReportInput<Finding[]>;
  let base: AsffFinding[];
  const imports = () => emu.requests.filter((r) => r.operation === 'BatchImportFindings').length;
  const noWait = { sleep: async () => {}, baseDelayMs: 1 };

  async function ours(): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let NextToken: string | undefined;
    do {
      const page = await prod.send(new GetFindingsCommand({ Filters: OURS, MaxResults: 100, NextToken }));
      out.push(...((page.Findings ?? []) as unknown as Record<string, unknown>[]));
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  beforeAll(async () => {
    emu = await startEmulator({ world: testWorld({ securityHub: section }) });
    prod = new SecurityHubClient(clientConfig(emu, await assumeInto(emu, PROD)));
    input = await sampleReportInput();
    base = renderAsff(input.results, input.catalog, input.profile) ?? [];
  });
  afterAll(async () => {
    prod.destroy();
    await emu.close();
  });

  it('imports 250 findings in three requests of at most 100', async () => {
    const before = imports();
    const report = await importFindings(prod, findingsFor(base, 250, '2026-12-01T00:00:00.000Z'), noWait);
    expect(report).toMatchObject({ findings: 250, imported: 250, failed: [], requests: 3, retryRounds: 0 });
    expect(imports() - before).toBe(3);
    const stored = await ours();
    expect(stored).toHaveLength(250);
    expect(stored[0]).toMatchObject({
      ProductName: 'Evidentia',
      AwsAccountId: PROD,
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
    });
  });

  it('updates in place on re-import: the same count, the later UpdatedAt, the customer’s workflow kept', async () => {
    const store = importedFindings(emu.world);
    const first = store.all()[0]!;
    // A customer resolved one finding meanwhile (BatchUpdateFindings' part, set directly here).
    first.Workflow = { Status: 'RESOLVED' };
    const later = '2026-12-02T00:00:00.000Z';
    const report = await importFindings(prod, findingsFor(base, 250, later), noWait);
    expect(report.imported).toBe(250);
    const stored = await ours();
    expect(stored).toHaveLength(250);
    expect(new Set(stored.map((f) => f.UpdatedAt))).toEqual(new Set([later]));
    expect(store.get(String(first.ProductArn), first.Id)?.Workflow).toEqual({ Status: 'RESOLVED' });
  });

  it('ignores an update whose UpdatedAt is not later, as AWS does', async () => {
    const stale = findingsFor(base, 1, '2026-11-01T00:00:00.000Z');
    const report = await importFindings(prod, stale, noWait);
    expect(report.imported).toBe(1);
    const stored = importedFindings(emu.world).get(stale[0]!.ProductArn, stale[0]!.Id);
    expect(stored?.UpdatedAt).toBe('2026-12-02T00:00:00.000Z');
  });

  it('retries findings AWS failed once, with backoff, and imports them', async () => {
    const findings = findingsFor(base, 120, '2026-12-03T00:00:00.000Z');
    const ids = [findings[5]!.Id, findings[110]!.Id];
    importedFindings(emu.world).failNext(ids, { times: 1 });
    const waits: number[] = [];
    const before = imports();
    const report = await importFindings(prod, findings, {
      sleep: async (ms) => {
        waits.push(ms);
      },
      baseDelayMs: 100,
    });
    expect(report).toMatchObject({ imported: 120, failed: [], retryRounds: 1 });
    // Two batches (100 + 20), then one request for the two that failed.
    expect(imports() - before).toBe(3);
    expect(waits).toEqual([100]);
  });

  it('reports findings that keep failing after every round, with AWS’s error', async () => {
    const findings = findingsFor(base, 10, '2026-12-04T00:00:00.000Z');
    importedFindings(emu.world).failNext([findings[0]!.Id], { times: 99, errorCode: 'InternalException' });
    const waits: number[] = [];
    const report = await importFindings(prod, findings, {
      maxRounds: 3,
      baseDelayMs: 100,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(report.imported).toBe(9);
    expect(report.failed).toEqual([
      { id: findings[0]!.Id, errorCode: 'InternalException', errorMessage: expect.any(String) },
    ]);
    expect(report.requests).toBe(3);
    expect(waits).toEqual([100, 200]);
  });

  it('does not retry a finding that is wrong, and says why', async () => {
    // Ids 1 and 2: id 0 still carries the previous test's fault.
    const [, good, bad] = findingsFor(base, 3, '2026-12-05T00:00:00.000Z');
    const before = imports();
    const report = await importFindings(prod, [good!, { ...bad!, AwsAccountId: MGMT }], noWait);
    expect(report.imported).toBe(1);
    expect(report.failed).toEqual([
      expect.objectContaining({ id: bad!.Id, errorCode: 'AccessDeniedException' }),
    ]);
    expect(imports() - before).toBe(1);
    const long = { ...good!, Id: `${good!.Id}/long`, Title: 't'.repeat(257) };
    const r2 = await importFindings(prod, [long], noWait);
    expect(r2.failed[0]).toMatchObject({ errorCode: 'InvalidInput' });
    expect(r2.failed[0]!.errorMessage).toContain('Title');
  });

  it('never sends a finding over 240 KB', async () => {
    const [f] = findingsFor(base, 1, '2026-12-05T00:00:00.000Z');
    const huge = { ...f!, Id: `${f!.Id}/huge`, ProductFields: { big: 'x'.repeat(250 * 1024) } };
    const before = imports();
    const report = await importFindings(prod, [huge], noWait);
    expect(report.failed).toEqual([expect.objectContaining({ id: huge.Id, errorCode: 'FindingTooLarge' })]);
    expect(imports() - before).toBe(0);
  });

  it("is not taken for GuardDuty or Security Hub control findings by Evidentia's collection filters", async () => {
    const guardDuty = await prod.send(
      new GetFindingsCommand({
        Filters: conditionFilters(
          {
            kind: 'securityhub-findings',
            id: 'gd',
            title: 'gd',
            products: ['GuardDuty'],
            severities: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'],
            workflow: ['NEW', 'NOTIFIED'],
            olderThanDays: 0,
            resourceTypes: [],
            severity: 'high',
            remediation: 'r',
            docs: 'https://example.com',
          },
          new Date(),
        ) as never,
      }),
    );
    expect(guardDuty.Findings?.map((f) => f.ProductName)).toEqual(['GuardDuty']);
    const controls = await prod.send(
      new GetFindingsCommand({ Filters: controlFilters(['S3.1', 'Config.1']) as never }),
    );
    expect(controls.Findings?.some((f) => f.ProductName === 'Evidentia')).toBe(false);
  });
});

const framework = `type: framework
id: loop
name: Close the loop
version: "1"
controls:
  - id: "1"
    ref: L 1
    title: Volumes encrypted
    summary: A failing rule.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: ENCRYPTED_VOLUMES }
  - id: "2"
    ref: L 2
    title: Passwords
    summary: Another rule.
    responsibility: customer
    evidence:
      - { kind: config-rule, rule: IAM_PASSWORD_POLICY }
`;

const profile = `type: profile
id: loop
name: Loop
organization: { name: Loop Org }
frameworks: [loop]
scope:
  accounts: ['${MGMT}']
  regions: [us-east-1]
  role: { name: EvidentiaAuditRole }
collection:
  maxAttempts: 1
`;

describe('runProfile with toSecurityHub', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ world: testWorld({ securityHub: section }) });
  });
  afterAll(() => emu?.close());

  it("imports one finding per control into the caller's account, and the next run updates them in place", async () => {
    const setup = await catalogWith(framework, profile);
    const first = await runAgainst(emu, setup, { toSecurityHub: true });
    expect(first.outcome.error?.message).toBeUndefined();
    expect(first.outcome.securityHub).toMatchObject({
      accountId: MGMT,
      region: 'us-east-1',
      findings: 2,
      imported: 2,
      failed: [],
      requests: 1,
    });
    const stored = () =>
      importedFindings(emu.world)
        .all()
        .filter((f) => f.AwsAccountId === MGMT);
    const once = stored().map((f) => ({ id: f.Id, updatedAt: f.UpdatedAt }));
    expect(once.map((f) => f.id).sort()).toEqual(['evidentia/loop/loop/1', 'evidentia/loop/loop/2']);
    // The imported verdicts are the run's: the failing rule is FAILED, nothing unmet is PASSED.
    const byId = new Map(stored().map((f) => [f.Id, f]));
    for (const c of first.results!.controls) {
      const compliance = byId.get(`evidentia/loop/loop/${c.controlId}`)?.Compliance as { Status: string };
      expect(compliance.Status).toBe(COMPLIANCE_STATUS[c.status]);
    }
    expect(first.results!.controls.find((c) => c.controlId === '1')?.status).toBe('FAIL');

    await new Promise((r) => setTimeout(r, 5));
    const second = await runAgainst(emu, setup, { toSecurityHub: true });
    expect(second.outcome.securityHub).toMatchObject({ imported: 2, failed: [] });
    const twice = stored();
    expect(twice).toHaveLength(2);
    for (const f of twice) {
      const before = once.find((o) => o.id === f.Id)!;
      expect(f.UpdatedAt > before.updatedAt).toBe(true);
    }
  });

  it('reports a failed import beside a completed run', async () => {
    const setup = await catalogWith(framework, profile.replace('id: loop', 'id: loop-fail'));
    importedFindings(emu.world).failNext(['evidentia/loop-fail/loop/2'], { times: 99 });
    const run = await runAgainst(emu, setup, { toSecurityHub: true });
    expect(run.outcome.status).toBe('completed');
    expect(run.outcome.securityHub?.imported).toBe(1);
    expect(run.outcome.securityHub?.failed.map((f) => f.id)).toEqual(['evidentia/loop-fail/loop/2']);
  }, 60_000);
});
