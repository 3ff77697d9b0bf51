import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { SEVERITY_RANK } from '../../../src/core/severity.js';
import type { ReportInput } from '../../../src/render/report-input.js';
import { normaliseOwner, ownerKey } from '../../../src/render/view/attestations.js';
import { buildReportView } from '../../../src/render/view-model.js';
import { buildLargeRun, LARGE_SHAPE } from '../../fixtures/results/large-run.js';
import { sampleReportInput } from '../../fixtures/results/sample-run.js';

let input: ReportInput<Finding[]>;
beforeAll(async () => {
  input = await sampleReportInput();
});

const rank = (s: string | null) => (s ? SEVERITY_RANK[s as keyof typeof SEVERITY_RANK] : 0);

describe('buildReportView', () => {
  it('orders failing controls by severity, then accounts, then failing resources', async () => {
    const view = await buildReportView(input);
    const all = [...view.failing.items, ...view.failingRest.items];
    expect(all.length).toBe(13);
    expect(all.slice(0, 3).map((f) => `${f.frameworkId}:${f.controlId}`)).toEqual([
      'hipaa-security:164.312(a)(1)',
      'pci-dss-4.0.1:8.4.2',
      'gdpr:Art.5(1)(f)',
    ]);
    // The first high-severity control fails in two accounts, ahead of those failing in one.
    expect(all[3]).toMatchObject({
      controlId: 'Art.44',
      severity: 'high',
      accounts: 2,
      failingResources: 16,
    });
    for (let i = 1; i < all.length; i += 1) {
      const a = all[i - 1]!;
      const b = all[i]!;
      expect(rank(a.severity)).toBeGreaterThanOrEqual(rank(b.severity));
      if (a.severity === b.severity) {
        expect(a.accounts * 1e6 + a.failingResources).toBeGreaterThanOrEqual(
          b.accounts * 1e6 + b.failingResources,
        );
      }
    }
    expect(view.summary.topFailing.items.map((t) => t.controlId)).toEqual(
      all.slice(0, 10).map((f) => f.controlId),
    );
  });

  it('never counts ERROR, NOT_EVALUATED or MANUAL as met, even when the stored ratio says otherwise', async () => {
    const forged: ReportInput = {
      ...input,
      results: { ...input.results, frameworks: input.results.frameworks.map((f) => ({ ...f, metRatio: 1 })) },
    };
    const view = await buildReportView(forged);
    const byId = Object.fromEntries(view.summary.frameworks.map((f) => [f.id, f]));
    expect(byId['hipaa-security']).toMatchObject({
      controls: 14,
      met: 3,
      applicable: 14,
      metPercent: '21%',
      failing: 4,
      unproven: 7,
    });
    expect(byId.gdpr).toMatchObject({ met: 0, metRatio: 0, metPercent: '0%', unproven: 5 });
    expect(view.summary.totals).toMatchObject({ controls: 37, met: 5, metPercent: '13%' });
    const hipaaCounts = Object.fromEntries(byId['hipaa-security']!.counts.map((c) => [c.status, c.count]));
    expect(hipaaCounts).toMatchObject({ PASS: 1, INHERITED: 2, FAIL: 4, ERROR: 5, MANUAL: 2 });
  });

  it('caps every list and says how many more there are', async () => {
    const view = await buildReportView({
      ...input,
      limits: {
        failingControls: 2,
        failingBriefs: 4,
        resourcesPerQuery: 3,
        topFailing: 3,
        attestations: 5,
        evidenceEntries: 7,
      },
    });
    expect(view.failing).toMatchObject({ total: 13, more: 11 });
    expect(view.failing.items).toHaveLength(2);
    expect(view.failingRest).toMatchObject({ total: 11, more: 7 });
    expect(view.summary.topFailing).toMatchObject({ total: 13, more: 10 });
    expect(view.attestations).toMatchObject({ total: 8, more: 3 });
    expect(view.appendix.entries).toMatchObject({
      total: input.results.evidence.length,
      more: input.results.evidence.length - 7,
    });
    const art44 = (await buildReportView({ ...input, limits: { resourcesPerQuery: 3 } })).failing.items.find(
      (f) => f.controlId === 'Art.44',
    );
    const q = art44?.queries[0];
    expect(q?.resources.items).toHaveLength(3);
    expect(q?.resources).toMatchObject({ total: 16, more: 13 });
    expect(q?.accounts.items.map((a) => [a.accountId, a.failingCount])).toEqual([
      ['222222222222', 14],
      ['111111111111', 2],
    ]);
  });

  it('groups errors and gaps by cause with their scopes, and lists controls with no evidence', async () => {
    const { unproven } = await buildReportView(input);
    expect(unproven.errorFindings).toBe(64);
    expect(unproven.accountsWithErrors).toBe(1);
    const first = unproven.causes.items[0]!;
    expect(first).toMatchObject({ status: 'ERROR', findings: 63, regions: ['eu-west-1', 'us-east-1'] });
    expect(first.accounts.items).toEqual(['333333333333']);
    expect(first.cause).toContain(
      'Could not collect from <account>/<region>: sts:AssumeRole failed with AccessDenied',
    );
    const flowLogs = unproven.causes.items.find((c) =>
      c.cause.startsWith('Managed rule VPC_FLOW_LOGS_ENABLED'),
    );
    expect(flowLogs).toMatchObject({ status: 'NOT_EVALUATED', findings: 5 });
    expect(flowLogs?.accounts.items).toEqual(['111111111111', '222222222222', '444444444444']);
    expect(unproven.withoutEvidence.items.map((c) => `${c.frameworkId}:${c.controlId}`)).toEqual([
      'gdpr:Art.32(1)(d)',
    ]);
  });

  it('shows the Artifact report behind each AWS-side control with its own status', async () => {
    const view = await buildReportView(input);
    const gdpr = view.responsibility.find((r) => r.frameworkId === 'gdpr')!;
    expect(
      gdpr.aws.map((c) => [c.controlId, c.status, c.proofs.map((p) => `${p.queryKey}=${p.status}`)]),
    ).toEqual([['Art.28(1)', 'FAIL', ['artifact-report:aws-iso27018=FAIL']]]);
    const hipaa = view.responsibility.find((r) => r.frameworkId === 'hipaa-security')!;
    expect(hipaa.aws.every((c) => c.proofs[0]?.status === 'INHERITED')).toBe(true);
    expect(hipaa.buckets.map((b) => [b.responsibility, b.total, b.met])).toEqual([
      ['aws', 2, 2],
      ['shared', 3, 0],
      ['customer', 9, 1],
    ]);
  });

  it('lists attestations per owner with the person the profile maps the role to', async () => {
    const { attestations } = await buildReportView(input);
    expect(attestations.items.map((a) => a.owner)).toEqual([
      'ciso@northwind-health.example',
      'compliance-officer',
      'compliance-officer',
      'dpo',
      'dpo',
      'dpo',
      'security-officer',
      'security-officer',
    ]);
    expect(attestations.items.at(-1)).toMatchObject({
      controlId: '7.2.1',
      ownerContact: 'Dana Reyes (security@northwind-health.example)',
      attestation: 'Approved access control model and role matrix',
      maxAgeDays: 365,
    });
  });

  it('counts each owner over every attestation awaiting action, not only the capped list', async () => {
    // The executive calendar's "Controls" column read from the capped list: past the cap the last owners
    // lost controls (retail: six owners summing to 200 of 315) or vanished.
    const full = await buildReportView(input);
    const capped = await buildReportView({ ...input, limits: { attestations: 2 } });
    expect(capped.attestations).toMatchObject({ total: 8, more: 6 });
    expect(capped.attestationOwners).toEqual(full.attestationOwners);
    const byOwner = Object.fromEntries(capped.attestationOwners.map((o) => [o.owner, o]));
    expect(capped.attestationOwners.reduce((n, o) => n + o.controls, 0)).toBe(8);
    expect(byOwner['security@northwind-health.example']).toMatchObject({
      roles: ['security-officer'],
      controls: 2,
      cadenceDays: [365],
    });
    for (const o of capped.attestationOwners) expect(o.examples.length).toBe(Math.min(3, o.controls));
  });

  it('adds the current run to the history trend and names what changed', async () => {
    const view = await buildReportView({
      ...input,
      history: {
        runs: [
          {
            runId: 'r2',
            finishedAt: '2026-11-22T02:00:00Z',
            frameworks: [{ id: 'gdpr', metRatio: 0.1, counts: input.results.frameworks[2]!.counts }],
          },
          {
            runId: 'r1',
            finishedAt: '2026-11-15T02:00:00Z',
            frameworks: [{ id: 'gdpr', metRatio: 0.2, counts: input.results.frameworks[2]!.counts }],
          },
        ],
        changes: {
          newlyFailing: [{ frameworkId: 'gdpr', controlId: 'Art.44' }],
          newlyPassing: [],
          newResources: [],
        },
      },
    });
    const gdpr = view.history?.frameworks.find((f) => f.id === 'gdpr');
    expect(gdpr?.points.map((p) => [p.runId, p.metPercent, p.current])).toEqual([
      ['r1', '20%', false],
      ['r2', '10%', false],
      ['20261129T020000Z-7f3a91', '0%', true],
    ]);
    expect(gdpr?.delta).toBe('−10 pts');
    // With earlier runs on record, the cover states the period they cover (never one the data lacks).
    expect(view.cover.period.label).toBe(
      '15 Nov 2026 – 29 Nov 2026 (3 runs; latest evidence 29 Nov 2026, 02:04 UTC)',
    );
    expect(view.history?.changes?.newlyFailing.items[0]).toMatchObject({
      controlId: 'Art.44',
      status: 'FAIL',
    });
    expect((await buildReportView(input)).history).toBeNull();
  });

  it('is deterministic and dated by the run, not by the clock', async () => {
    const a = await buildReportView(input);
    expect(await buildReportView(input)).toEqual(a);
    expect(a.cover.generatedAt.iso).toBe('2026-11-29T02:04:31.000Z');
    // One snapshot and no history: a point in time, not the profile's 90-day period.
    expect(a.cover.period.label).toBe(
      'Evidence as collected on 29 Nov 2026, 02:04 UTC (a single point in time)',
    );
    expect(a.cover.period.start).toBeNull();
  });

  it('stays bounded as the number of accounts (and findings) grows', async () => {
    const size = async (accounts: number) => {
      const big = buildLargeRun({ ...LARGE_SHAPE, accounts, controlsPerFramework: 20 }, 7);
      const { appendix: _a, filters: _f, ...rest } = await buildReportView(big);
      return { findings: big.results.findings.length, bytes: JSON.stringify(rest).length };
    };
    const small = await size(20);
    const large = await size(120);
    expect(large.findings).toBeGreaterThan(small.findings * 5);
    expect(large.bytes).toBeLessThan(small.bytes * 1.5);
  });
});

describe('one definition per headline number', () => {
  it('counts attestations awaiting as the Manual controls of the status bar', async () => {
    const input = await sampleReportInput();
    const view = await buildReportView(input);
    const manual = view.summary.totals.counts.find((c) => c.status === 'MANUAL')!.count;
    expect(manual).toBeGreaterThan(0);
    expect(view.summary.attention.attestationsAwaiting).toBe(manual);
    expect(manual).toBe(input.results.controls.filter((c) => c.status === 'MANUAL').length);
  });

  it('spells one owner one way: e-mail addresses without regard to case, names as written', () => {
    expect(normaliseOwner('  Dana Reyes (Security@Northwind.example) ')).toBe(
      'Dana Reyes (security@northwind.example)',
    );
    expect(ownerKey('CISO@example-health.org')).toBe(ownerKey('ciso@example-health.org'));
    expect(ownerKey('Dana Reyes <DANA@x.org>')).toBe('dana@x.org');
    expect(ownerKey('security-officer')).toBe('security-officer');
  });

  it('gives every control each of its evidence checks with its own status, count, accounts and reason', async () => {
    const view = await buildReportView(await sampleReportInput());
    const rows = view.frameworks.flatMap((f) => f.groups.flatMap((g) => g.controls));
    for (const c of rows) expect(c.checks.map((k) => k.key)).toEqual(c.evidence.map((e) => e.key));
    const failing = rows.find((c) => c.status === 'FAIL')!;
    const failed = failing.checks.filter((k) => k.status === 'FAIL');
    expect(failed.length).toBeGreaterThan(0);
    for (const k of failed) {
      expect(k.counts.find((s) => s.status === 'FAIL')!.count).toBeGreaterThan(0);
      expect(k.worstAccounts.total).toBeGreaterThan(0);
      expect(k.reason).not.toBe('');
    }
  });
});
