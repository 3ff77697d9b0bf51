// reports/findings.asff.json: every finding is an AwsSecurityFinding by the Security Hub Smithy model (required
// members, types, enums, patterns, checked by the emulator's own validator) and within the limits AWS documents
// beside it; a verdict becomes PASSED only when the control is met; ids stay the same from run to run.

import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { isMet, STATUSES } from '../../../src/core/status.js';
import { validateInput } from '../../../src/emulator/model/validate-input.js';
import { awsModel } from '../../../src/emulator/services/model-paths.js';
import { asffFindingId } from '../../../src/render/asff/asff-finding.js';
import { ASFF_LENGTH, clip } from '../../../src/render/asff/asff-limits.js';
import { COMPLIANCE_STATUS, severityLabel } from '../../../src/render/asff/asff-status.js';
import { asffTarget, partitionOf } from '../../../src/render/asff/asff-target.js';
import { ASFF_FILE, renderAsff } from '../../../src/render/asff/render-asff.js';
import type { ReportInput } from '../../../src/render/report-input.js';
import { writeReports } from '../../../src/render/write-reports.js';
import { ACCOUNTS, SAMPLE_RUN_ID, sampleReportInput } from '../../fixtures/results/sample-run.js';

const SHAPE = 'com.amazonaws.securityhub#AwsSecurityFinding';
const model = awsModel('securityhub');

let input: ReportInput<Finding[]>;
beforeAll(async () => {
  input = await sampleReportInput();
});

const render = (i: ReportInput<Finding[]> = input) => {
  const out = renderAsff(i.results, i.catalog, i.profile);
  if (!out) throw new Error('no target');
  return out;
};

describe('the ASFF file against the Security Hub model', () => {
  it('holds one valid AwsSecurityFinding per control of the run', () => {
    const findings = render();
    const inRun = new Set(input.results.run.frameworks.map((f) => f.id));
    expect(findings.length).toBe(input.results.controls.filter((c) => inRun.has(c.frameworkId)).length);
    expect(findings.length).toBeGreaterThan(10);
    for (const f of findings) expect(validateInput(model, SHAPE, f)).toEqual([]);
  });

  it('fails the model check when a required member is missing or an enum is wrong (the check can fail)', () => {
    const [first] = render();
    const { Title: _t, ...noTitle } = first!;
    expect(validateInput(model, SHAPE, noTitle).map((p) => p.path.join('.'))).toEqual(['Title']);
    const { Resources: _r, ...noResources } = first!;
    expect(validateInput(model, SHAPE, noResources).map((p) => p.kind)).toEqual(['required']);
    const badStatus = { ...first!, Compliance: { ...first!.Compliance, Status: 'OK' } };
    expect(validateInput(model, SHAPE, badStatus).map((p) => p.kind)).toEqual(['enum']);
    const blank = { ...first!, GeneratorId: '   ' };
    expect(validateInput(model, SHAPE, blank).map((p) => p.kind)).toEqual(['pattern']);
  });

  it('declares every member the model requires', () => {
    const required = Object.entries(model.shape(SHAPE).members ?? {})
      .filter(([, m]) => m.traits?.['smithy.api#required'] !== undefined)
      .map(([name]) => name)
      .sort();
    expect(required).toEqual(
      [
        'AwsAccountId',
        'CreatedAt',
        'Description',
        'GeneratorId',
        'Id',
        'ProductArn',
        'Resources',
        'SchemaVersion',
        'Title',
        'UpdatedAt',
      ].sort(),
    );
    for (const f of render()) for (const name of required) expect(f).toHaveProperty(name);
  });

  it('keeps within the limits AWS documents but the model does not carry', () => {
    for (const f of render()) {
      expect(f.SchemaVersion).toBe('2018-10-08');
      expect(f.Id.length).toBeLessThanOrEqual(512);
      expect(f.GeneratorId.length).toBeLessThanOrEqual(512);
      expect(f.Title.length).toBeLessThanOrEqual(256);
      expect(f.Description.length).toBeLessThanOrEqual(1024);
      expect(f.AwsAccountId).toMatch(/^\d{12}$/);
      expect(Object.keys(f.ProductFields).length).toBeLessThanOrEqual(50);
      for (const [k, v] of Object.entries(f.ProductFields)) {
        expect(k.length).toBeLessThanOrEqual(128);
        expect(v.length).toBeLessThanOrEqual(2048);
      }
      expect(Buffer.byteLength(JSON.stringify(f))).toBeLessThan(240 * 1024);
      expect(f.UpdatedAt).toBe(input.results.run.finishedAt);
    }
  });

  it('clips long text with an ellipsis, never splitting a surrogate pair', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abcdef', 4)).toBe('abc…');
    const cut = clip(`${'a'.repeat(ASFF_LENGTH.Title - 2)}🔒🔒`, ASFF_LENGTH.Title);
    expect(cut.length).toBeLessThanOrEqual(ASFF_LENGTH.Title);
    expect(cut.endsWith('…')).toBe(true);
    // No lone high surrogate before the ellipsis.
    expect(/[\uD800-\uDBFF]…$/.test(cut)).toBe(false);
  });
});

describe('verdicts in Security Hub terms', () => {
  it('is PASSED only for a met control, FAILED only for FAIL', () => {
    for (const s of STATUSES) {
      expect(COMPLIANCE_STATUS[s] === 'PASSED').toBe(isMet(s));
      expect(COMPLIANCE_STATUS[s] === 'FAILED').toBe(s === 'FAIL');
    }
    expect(COMPLIANCE_STATUS.ERROR).toBe('NOT_AVAILABLE');
    expect(COMPLIANCE_STATUS.NOT_EVALUATED).toBe('WARNING');
    expect(COMPLIANCE_STATUS.MANUAL).toBe('WARNING');
    expect(COMPLIANCE_STATUS.NOT_APPLICABLE).toBe('NOT_AVAILABLE');
  });

  it('maps every control of the sample run that way, with the reason and the verdict in the finding', () => {
    const byId = new Map(render().map((f) => [f.Id, f]));
    const seen = new Set<string>();
    for (const c of input.results.controls) {
      const f = byId.get(asffFindingId(input.profile.id, c.frameworkId, c.controlId));
      if (!f) continue;
      seen.add(c.status);
      expect(f.Compliance.Status).toBe(COMPLIANCE_STATUS[c.status]);
      if (!isMet(c.status)) expect(f.Compliance.Status).not.toBe('PASSED');
      expect(f.ProductFields['evidentia/Status']).toBe(c.status);
      expect(f.Compliance.StatusReasons[0]!.ReasonCode).toBe(`EVIDENTIA_${c.status}`);
      expect(f.Compliance.StatusReasons[0]!.Description).toContain(c.reason.slice(0, 40));
    }
    // The fixture shows every status a control can roll up to but NOT_APPLICABLE (the table test covers it).
    expect([...seen].sort()).toEqual(STATUSES.filter((s) => s !== 'NOT_APPLICABLE').sort());
  });

  it('gives a failing control its severity and a met one INFORMATIONAL', () => {
    expect(severityLabel('FAIL', 'critical')).toBe('CRITICAL');
    expect(severityLabel('FAIL', undefined)).toBe('MEDIUM');
    expect(severityLabel('ERROR', undefined)).toBe('MEDIUM');
    expect(severityLabel('PASS', undefined)).toBe('INFORMATIONAL');
    expect(severityLabel('INHERITED', undefined)).toBe('INFORMATIONAL');
  });
});

describe('ids and target', () => {
  it('keeps the same ids for the next run of the profile (so Security Hub updates rather than adds)', () => {
    const first = render();
    const later = {
      ...input,
      results: {
        ...input.results,
        run: {
          ...input.results.run,
          runId: '20261206T020000Z-000001',
          startedAt: '2026-12-06T02:00:00.000Z',
          finishedAt: '2026-12-06T02:05:00.000Z',
        },
      },
    };
    const second = render(later);
    expect(second.map((f) => f.Id)).toEqual(first.map((f) => f.Id));
    expect(new Set(first.map((f) => f.Id)).size).toBe(first.length);
    expect(second[0]!.UpdatedAt > first[0]!.UpdatedAt).toBe(true);
    expect(second[0]!.ProductFields['evidentia/RunId']).not.toBe(first[0]!.ProductFields['evidentia/RunId']);
    expect(first[0]!.Id).toBe(
      `evidentia/${input.profile.id}/${input.results.controls[0]!.frameworkId}/${input.results.controls[0]!.controlId}`,
    );
  });

  it('hashes an id that would pass 512 characters', () => {
    const id = asffFindingId('p', 'f', 'x'.repeat(600));
    expect(id).toMatch(/^evidentia\/[0-9a-f]{64}$/);
  });

  it("goes to the caller's account in the first region, or to the Security Hub administrator", () => {
    const run = input.results.run;
    expect(asffTarget(input.profile, run)).toEqual({
      accountId: ACCOUNTS.management,
      region: run.scope.regions[0],
      partition: 'aws',
      productArn: `arn:aws:securityhub:${run.scope.regions[0]}:${ACCOUNTS.management}:product/${ACCOUNTS.management}/default`,
      source: 'caller',
    });
    const withAdmin = {
      ...input.profile,
      scope: {
        ...input.profile.scope,
        securityHub: { administrator: ACCOUNTS.analytics, aggregationRegion: 'eu-west-1' },
      },
    };
    const t = asffTarget(withAdmin, run);
    expect(t?.productArn).toBe(
      `arn:aws:securityhub:eu-west-1:${ACCOUNTS.analytics}:product/${ACCOUNTS.analytics}/default`,
    );
    for (const f of renderAsff(input.results, input.catalog, withAdmin) ?? []) {
      expect(f.AwsAccountId).toBe(ACCOUNTS.analytics);
      expect(f.Resources).toEqual([
        {
          Type: 'AwsAccount',
          Id: `AWS::::Account:${ACCOUNTS.analytics}`,
          Partition: 'aws',
          Region: 'eu-west-1',
        },
      ]);
    }
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    const noCaller = { ...run, scope: { ...run.scope, callerAccountId: undefined } };
    expect(asffTarget(input.profile, noCaller)).toBeUndefined();
  });
});

describe('writeReports', () => {
  it('writes reports/findings.asff.json with the other formats', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evidentia-asff-'));
    const written = await writeReports(input, dir, { formats: ['asff'] });
    expect(written.map((w) => w.path)).toEqual([join(dir, ASFF_FILE)]);
    const file = JSON.parse(await readFile(join(dir, ASFF_FILE), 'utf8')) as { Id: string }[];
    expect(file.map((f) => f.Id)).toEqual(render().map((f) => f.Id));
    expect(file[0]).toHaveProperty('ProductFields.evidentia/RunId', SAMPLE_RUN_ID);
  });
});
