// The HTML page shows issue 12's data: declared-not-applicable controls with justification, approver and date;
// each control's supporting evidence with its own status and "never decides"; the accounts not assessed and
// those unreadable, on the cover; the Statement of Applicability for ISO/IEC 27001:2022 runs only.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { notApplicableControls } from '../../../src/catalog/applicability.js';
import { loadCatalog, loadProfile } from '../../../src/catalog/index.js';
import type { Finding, QueryResult } from '../../../src/core/finding.js';
import type { RunResults } from '../../../src/core/run-result.js';
import { applicabilityFindings, buildFindingIndex, Rollup, toFindings } from '../../../src/evaluate/index.js';
import { renderHtml } from '../../../src/render/html/render-html.js';
import { buildReportView } from '../../../src/render/view-model.js';
import type { ReportView, SoaView } from '../../../src/render/view-types.js';

const root = join(import.meta.dirname, '../../fixtures/catalog/weighed');

function verdict(
  queryKey: string,
  status: QueryResult['status'],
  extra: Partial<QueryResult> = {},
): QueryResult {
  return {
    queryKey,
    kind: queryKey.slice(0, queryKey.indexOf(':')) as QueryResult['kind'],
    accountId: '111111111111',
    region: 'us-east-1',
    status,
    reason: `${queryKey} ${status}`,
    resources: [],
    failingCount: 0,
    evidence: [],
    ...extra,
  };
}

let view: ReportView;

beforeAll(async () => {
  const catalog = await loadCatalog({ root });
  const profile = await loadProfile(join(root, 'frameworks/profiles/weighed.yaml'), catalog, root);
  const frameworks = [catalog.frameworks.get('weighed')!];
  const na = notApplicableControls(profile, frameworks);
  const index = buildFindingIndex(frameworks, catalog, na);
  const rollup = new Rollup(frameworks, na);
  const findings: Finding[] = [...applicabilityFindings(frameworks, na)];
  for (const v of [
    verdict('config-rule:ENCRYPTED_VOLUMES', 'FAIL', { failingCount: 100, failingCountAtLeast: true }),
    verdict('config-rule:IAM_PASSWORD_POLICY', 'FAIL', { failingCount: 1 }),
    verdict('manual:weighed:1.5', 'PASS'),
  ])
    findings.push(...toFindings(v, index));
  for (const f of findings) rollup.add(f);
  const now = '2026-12-01T00:00:00.000Z';
  const results: RunResults = {
    schemaVersion: 2,
    run: {
      runId: 'run-1',
      profile: { id: 'weighed', name: 'Weighed', path: 'p.yaml', sha256: 'x' },
      organization: 'Example Org',
      frameworks: [{ id: 'weighed', name: 'Weighed framework', version: '1', path: 'w.yaml', sha256: 'y' }],
      catalogFiles: [],
      startedAt: now,
      finishedAt: now,
      status: 'completed',
      tool: { name: 'evidentia', version: '0.0.0' },
      scope: {
        accounts: ['111111111111', '222222222222'],
        regions: ['us-east-1'],
        outOfScope: [{ accountId: '999999999999', name: 'old', state: 'CLOSED', reason: 'closed' }],
        unreadable: ['222222222222'],
      },
      stats: {
        tasks: 0,
        tasksFailed: 0,
        apiCalls: 0,
        retries: 0,
        throttles: 0,
        errors: 0,
        evidenceRecords: 0,
        durationMs: 0,
      },
    },
    frameworks: rollup.frameworkResults(),
    controls: rollup.controls(),
    evidence: [],
    findings,
  };
  view = await buildReportView({ results, catalog, profile });
});

/** The text of the section with this id, tags removed, blanks collapsed. */
function sectionText(html: string, id: string): string {
  const m = new RegExp(`<section id="${id}"[\\s\\S]*?</section>`).exec(html);
  return (m?.[0] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');
}

describe('the HTML page on weighing and applicability', () => {
  it('lists the declared-not-applicable controls with justification, approver and date', () => {
    const html = renderHtml(view);
    const na = sectionText(html, 'not-applicable');
    expect(na).toMatch(/1\.3 .* Outside the entity/);
    expect(na).toMatch(/1\.4 .*Declared in the profile .*no RDS databases.* ciso@example\.org 2026-11-02/);
    expect(html).toContain('<a href="#not-applicable">Declared not applicable</a>');
  });

  it('shows supporting evidence with its own status, marked as never deciding, in its section and the detail', () => {
    const html = renderHtml(view);
    const sup = sectionText(html, 'supporting');
    expect(sup).toMatch(/1\.1 .*Fail .*supporting · never decides .*Fail 1 1/);
    expect(sup).toMatch(/1\.5 .*Pass .*supporting · never decides .*Fail/);
    const detail = sectionText(html, 'controls');
    expect(detail.match(/supporting · never decides/g)?.length).toBe(
      view.frameworks
        .flatMap((f) => f.groups.flatMap((g) => g.controls.flatMap((c) => c.checks)))
        .filter((k) => k.role === 'supporting').length,
    );
  });

  it('names the accounts not assessed and the unreadable ones on the cover', () => {
    const html = renderHtml(view);
    const cover = (/<header class="cover">[\s\S]*?<\/header>/.exec(html)?.[0] ?? '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
    expect(cover).toContain('Accounts not assessed (1)');
    expect(cover).toMatch(/999999999999 old CLOSED closed/);
    expect(cover).toContain('In scope but unreadable (1)');
    expect(cover).toContain('No evidence at all could be read from 222222222222');
  });

  it('has a Statement of Applicability only for ISO/IEC 27001:2022 runs', () => {
    expect(view.soa).toBeNull();
    expect(renderHtml(view)).not.toContain('id="soa"');
    const rows = view.frameworks[0]!.groups.flatMap((g) => g.controls);
    const soa: SoaView = {
      frameworkId: 'iso27001-2022',
      name: 'ISO/IEC 27001',
      version: '2022',
      entries: rows.slice(0, 2).map((r, i) => ({
        ...r,
        theme: 'organizational',
        applicable: i === 0,
        justification: i === 0 ? 'Applicable: assessed' : 'No development in house',
        approver: i === 0 ? null : 'ciso@example.org',
        date: i === 0 ? null : '2026-11-02',
        reason: r.reason,
        evidence: r.evidence,
      })),
      applicable: 1,
      excluded: 1,
      counts: [],
    };
    const html = renderHtml({ ...view, soa });
    const text = sectionText(html, 'soa');
    expect(text).toContain('Statement of Applicability — ISO/IEC 27001 2022');
    expect(text).toContain('1 applicable, 1 excluded');
    expect(text).toMatch(/No No development in house ciso@example\.org 2026-11-02/);
    expect(html).toContain('<a href="#soa">Statement of Applicability</a>');
  });
});
