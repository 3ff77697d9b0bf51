// Top risks name a person as owner (the profile's mapping of the role on the control's manual evidence),
// never the responsibility; "at least" counts print as such in the view, the PDF and the HTML page.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../../src/catalog/types.js';
import type { Finding } from '../../../src/core/finding.js';
import { renderHtml } from '../../../src/render/html/render-html.js';
import { renderReportPdf } from '../../../src/render/pdf/render-pdf.js';
import type { ReportInput } from '../../../src/render/report-input.js';
import { controlOwner } from '../../../src/render/view/control-owner.js';
import { ReportCatalog } from '../../../src/render/view/report-catalog.js';
import { buildReportView } from '../../../src/render/view-model.js';
import { sampleReportInput } from '../../fixtures/results/sample-run.js';
import { allText, HAVE_POPPLER } from './poppler.js';

let input: ReportInput<Finding[]>;
beforeAll(async () => {
  input = await sampleReportInput();
});

const withOwners = (profile: Profile, owners: Record<string, string>): Profile => ({
  ...profile,
  evidence: { ...profile.evidence, attestations: { ...profile.evidence.attestations, owners } },
});

describe('owner of a failing control', () => {
  it('is the person the profile maps the manual evidence role to, e-mail lower-cased', () => {
    const profile = withOwners(input.profile, {
      'security-officer': 'Dana Reyes (DANA@Northwind-Health.example)',
      'compliance-officer': 'Sam Okafor (sam@northwind-health.example)',
    });
    const lookup = new ReportCatalog(input.catalog, profile);
    const def = lookup.control('hipaa-security', '164.308(a)(1)(ii)(A)');
    expect(def?.evidence.some((e) => e.kind === 'manual' && e.owner === 'security-officer')).toBe(true);
    expect(controlOwner(def, lookup)).toEqual({
      person: 'Dana Reyes (dana@northwind-health.example)',
      role: 'security-officer',
      note: null,
    });
  });

  it('falls back to the compliance officer, then the first mapped role, then "unassigned", saying why', () => {
    const lookup = (owners: Record<string, string>) =>
      new ReportCatalog(input.catalog, withOwners(input.profile, owners));
    const noManual = lookup({}).control('hipaa-security', '164.312(a)(1)');
    expect(noManual?.evidence.some((e) => e.kind === 'manual')).toBe(false);
    expect(controlOwner(noManual, lookup({ 'compliance-officer': 'co@x.org', hr: 'hr@x.org' }))).toEqual({
      person: 'co@x.org',
      role: 'compliance-officer',
      note: 'fallback: the control names no owner',
    });
    expect(controlOwner(noManual, lookup({ hr: 'HR@X.org', legal: 'legal@x.org' }))).toEqual({
      person: 'hr@x.org',
      role: 'hr',
      note: 'fallback: the control names no owner',
    });
    expect(controlOwner(noManual, lookup({}))).toMatchObject({ person: 'unassigned', role: null });
    const unmapped = lookup({ 'compliance-officer': 'co@x.org' }).control(
      'hipaa-security',
      '164.308(a)(1)(ii)(A)',
    );
    expect(controlOwner(unmapped, lookup({ 'compliance-officer': 'co@x.org' })).note).toBe(
      'fallback: no person mapped to "security-officer"',
    );
  });

  it('is never the responsibility, in the view, the executive PDF and the HTML page', async () => {
    const view = await buildReportView(input);
    expect(view.failing.total).toBeGreaterThan(0);
    const persons = new Set(
      Object.values(input.profile.evidence.attestations.owners).map((p) => p.toLowerCase()),
    );
    for (const f of view.failing.items) {
      expect(['customer', 'shared', 'aws', 'unassigned']).not.toContain(f.owner.person.toLowerCase());
      expect(persons.has(f.owner.person.toLowerCase())).toBe(true);
    }
    const html = renderHtml(view);
    const first = view.failing.items[0]!;
    expect(html).toContain(`owner: <strong class="owner">${first.owner.person}</strong>`);
    expect(html).not.toMatch(/owner: (customer|shared)/i);
    if (!HAVE_POPPLER) return;
    const file = join(mkdtempSync(join(tmpdir(), 'evidentia-owner-')), 'report.pdf');
    writeFileSync(file, await renderReportPdf(view));
    const text = allText(file).replace(/\s+/g, ' ');
    expect(text).toContain(`owner: ${first.owner.person}`);
    expect(text).not.toMatch(/owner: (customer|shared)\b/i);
  });
});

describe('"at least" counts', () => {
  it('print as "at least N" wherever the failing resources of a capped count are shown', async () => {
    const capped: ReportInput<Finding[]> = {
      ...input,
      results: {
        ...input.results,
        findings: input.results.findings.map((f) =>
          f.status === 'FAIL' && f.controlId === '164.312(a)(1)'
            ? { ...f, failingCount: 100, failingCountAtLeast: true }
            : f,
        ),
      },
    };
    const view = await buildReportView(capped);
    const f = view.failing.items.find((c) => c.controlId === '164.312(a)(1)')!;
    expect(f.failingResourcesAtLeast).toBe(true);
    expect(f.failingResourcesText).toMatch(/^at least \d/);
    expect(f.queries.some((q) => q.failingCountText.startsWith('at least '))).toBe(true);
    expect(
      view.summary.topFailing.items.find((t) => t.controlId === '164.312(a)(1)')?.failingResourcesText,
    ).toBe(f.failingResourcesText);
    const html = renderHtml(view);
    expect(html).toContain(`${f.failingResourcesText} failing resource(s)`);
    if (!HAVE_POPPLER) return;
    const file = join(mkdtempSync(join(tmpdir(), 'evidentia-atleast-')), 'report.pdf');
    writeFileSync(file, await renderReportPdf(view));
    const text = allText(file).replace(/\s+/g, ' ');
    expect(text).toContain(`${f.failingResourcesText} failing resources`); // top risks
    expect(text).toContain(`${f.failingResourcesText} res.`); // the summary's top failing chart
  });
});
