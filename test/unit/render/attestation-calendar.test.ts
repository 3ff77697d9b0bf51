// Attestations due as a calendar: the dates come from the attestation evaluator's own findings (run here for
// real, so a change of its wording fails this test), awaited and lapsed ones are due now, current ones fall
// in the month they lapse; the executive PDF and the HTML page show the same calendar.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/core/clock.js';
import type { Finding, QueryResult } from '../../../src/core/finding.js';
import { evaluateAttestations } from '../../../src/evaluate/attestations/evaluate-attestations.js';
import type { AttestationsTask } from '../../../src/plan/types.js';
import { renderHtml } from '../../../src/render/html/render-html.js';
import { renderReportPdf } from '../../../src/render/pdf/render-pdf.js';
import type { ReportInput } from '../../../src/render/report-input.js';
import { expiryDate, renewalDate } from '../../../src/render/view/attestation-dates.js';
import { buildReportView } from '../../../src/render/view-model.js';
import type { ReportView } from '../../../src/render/view-types.js';
import { sampleReportInput } from '../../fixtures/results/sample-run.js';
import { record } from '../evaluate/artifact/records.js';
import { allText, HAVE_POPPLER } from './poppler.js';

const FW = 'hipaa-security';
const CURRENT = '164.308(a)(1)(ii)(A)'; // attested 2026-03-01, 365 days: due 2027-03-01
const LAPSED = '164.308(b)(1)'; // attested 2025-06-01, 365 days: expired 2026-06-01
const AWAITED = '164.316(b)(1)'; // never attested
const NOW = '2026-11-29T02:04:31.000Z'; // the sample run's finishedAt

/** The attestation evaluator's real verdicts for the three controls. */
function evaluated(): QueryResult[] {
  const item = (controlId: string) => ({
    frameworkId: FW,
    controlId,
    title: controlId,
    owner: 'security-officer',
    maxAgeDays: 365,
  });
  const task: AttestationsTask = {
    id: 'attestations',
    kind: 'attestations',
    dir: 'attestations',
    accountId: 'organization',
    region: 'global',
    items: [item(CURRENT), item(LAPSED), item(AWAITED)],
  };
  const src = { service: 'attestations', source: 'attestation' } as const;
  const read = (control: string, attestedAt: string) =>
    record(
      'ReadAttestation',
      {
        attestation: {
          framework: FW,
          control,
          file: 'doc.pdf',
          sha256: 'ab'.repeat(32),
          owner: 'dana@northwind-health.example',
          attestedAt,
          expiresAt: new Date(Date.parse(attestedAt) + 365 * 86_400_000).toISOString(),
        },
        document: { path: 'doc.pdf', present: true, intact: true },
      },
      {},
      src,
    );
  return evaluateAttestations(
    task,
    [
      record('ListAttestations', { exists: true, records: [], unreadable: [] }, {}, src),
      read(CURRENT, '2026-03-01T00:00:00.000Z'),
      read(LAPSED, '2025-06-01T00:00:00.000Z'),
    ],
    {
      clock: fixedClock(NOW),
      catalog: { frameworks: new Map(), queries: new Map(), managedRules: new Set<string>(), sources: [] },
      maxResources: 10,
    },
  );
}

let view: ReportView;
let input: ReportInput<Finding[]>;
beforeAll(async () => {
  input = await sampleReportInput();
  const byKey = new Map(evaluated().map((r) => [r.queryKey, r]));
  input.results.findings = input.results.findings.map((f) => {
    const r = byKey.get(f.queryKey);
    return r ? { ...f, status: r.status, reason: r.reason } : f;
  });
  view = await buildReportView(input);
});

describe('attestation dates', () => {
  it("are read from the evaluator's own reasons", () => {
    const [current, lapsed, awaited] = evaluated();
    expect([current?.status, lapsed?.status, awaited?.status]).toEqual(['PASS', 'FAIL', 'MANUAL']);
    expect(renewalDate(current!.reason)).toBe('2027-03-01');
    expect(expiryDate(lapsed!.reason)).toBe('2026-06-01');
    expect(renewalDate(awaited!.reason)).toBeNull();
    expect(renewalDate('current until 2027-13-45')).toBeNull();
  });
});

describe('attestation calendar', () => {
  it('puts awaited and lapsed attestations due now, current ones in the month they lapse, with the owner', () => {
    const cal = view.attestationCalendar;
    expect(cal.asOf).toBe('2026-11-29');
    const at = (id: string) => [...cal.dueNow.items, ...cal.upcoming.items].find((e) => e.controlId === id);
    expect(at(AWAITED)).toMatchObject({ state: 'awaited', due: '2026-11-29', dueText: 'now' });
    expect(at(LAPSED)).toMatchObject({ state: 'lapsed', due: '2026-06-01', overdueSince: '1 Jun 2026' });
    expect(at(CURRENT)).toMatchObject({
      state: 'current',
      due: '2027-03-01',
      dueText: '1 Mar 2027',
      role: 'security-officer',
      owner: 'Dana Reyes (security@northwind-health.example)',
    });
    expect(cal.upcoming.items.map((e) => e.controlId)).toEqual([CURRENT]);
    expect(cal.dueNow.items.map((e) => e.controlId)).not.toContain(CURRENT);
    expect(cal.months.map((m) => m.month)).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
      '2027-03',
      '2027-04',
      '2027-05',
      '2027-06',
      '2027-07',
      '2027-08',
      '2027-09',
      '2027-10',
    ]);
    expect(cal.months.find((m) => m.month === '2027-03')).toMatchObject({
      due: 1,
      owners: ['Dana Reyes (security@northwind-health.example)'],
    });
    expect(cal.months.reduce((s, m) => s + m.due, 0) + cal.later).toBe(cal.upcoming.total);
    // Every attestation is in exactly one place.
    expect(cal.dueNow.total + cal.upcoming.total + cal.undated).toBe(cal.total);
  });

  it('is drawn in the executive PDF and the HTML page', async () => {
    const html = renderHtml(view);
    expect(html).toContain('<time datetime="2027-03-01">1 Mar 2027</time>');
    expect(html).toMatch(/<li class="month due"><span>Mar 2027<\/span><b>1<\/b>/);
    if (!HAVE_POPPLER) return;
    const file = join(mkdtempSync(join(tmpdir(), 'evidentia-cal-')), 'report.pdf');
    writeFileSync(file, await renderReportPdf(view));
    const text = allText(file).replace(/\s+/g, ' ');
    expect(text).toContain('Mar 2027');
    expect(text).toContain('1 Mar 2027');
    expect(text).toContain('overdue since 1 Jun 2026');
    expect(text).toMatch(/Renewals Due Owner Control What must be attested 1 Mar 2027 Dana Reyes/);
  });
});
