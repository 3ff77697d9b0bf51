// What the view model says about weighing and applicability: supporting evidence with its own status (never
// among a control's failures), NOT_APPLICABLE controls with their justification, "at least" counts, and the
// accounts the run did not assess — built from a real roll-up over the weighed fixture catalogue.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { notApplicableControls } from '../../../src/catalog/applicability.js';
import { loadCatalog, loadProfile } from '../../../src/catalog/index.js';
import type { Finding, QueryResult } from '../../../src/core/finding.js';
import type { RunResults } from '../../../src/core/run-result.js';
import { applicabilityFindings, buildFindingIndex, Rollup, toFindings } from '../../../src/evaluate/index.js';
import { renderHtml } from '../../../src/render/html/render-html.js';
import { renderDetailPdf, renderReportPdf } from '../../../src/render/pdf/render-pdf.js';
import { buildReportView } from '../../../src/render/view-model.js';
import type { ReportView } from '../../../src/render/view-types.js';
import { allText, HAVE_POPPLER } from './poppler.js';

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
        accounts: ['111111111111'],
        regions: ['us-east-1'],
        outOfScope: [{ accountId: '999999999999', name: 'old', state: 'CLOSED', reason: 'closed' }],
        unreadable: [],
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

describe('the view model on weighing and applicability', () => {
  it('shows supporting evidence with its own status, and keeps it out of the failing section', () => {
    const c11 = view.supporting.items.find((c) => c.controlId === '1.1');
    expect(c11?.status).toBe('FAIL'); // decided by ENCRYPTED_VOLUMES (decisive)
    expect(c11?.supporting).toEqual([
      expect.objectContaining({ queryKey: 'config-rule:IAM_PASSWORD_POLICY', status: 'FAIL', failing: 1 }),
    ]);
    const c15 = view.supporting.items.find((c) => c.controlId === '1.5');
    expect(c15).toMatchObject({ status: 'PASS', supporting: [expect.objectContaining({ status: 'FAIL' })] });
    // 1.5 passes on its attestation: its failing supporting rule does not make it a failing control.
    expect(view.failing.items.map((f) => f.controlId)).toEqual(['1.1']);
    const failing = view.failing.items[0]!;
    expect(failing.queries.map((q) => `${q.queryKey}:${q.role}`)).toEqual([
      'config-rule:ENCRYPTED_VOLUMES:decisive',
    ]);
    expect(failing).toMatchObject({ failingResources: 100, failingResourcesAtLeast: true });
    expect(failing.queries[0]).toMatchObject({ failingCount: 100, failingCountAtLeast: true });
  });

  it('lists every not-applicable control with its justification, in the tables too', () => {
    expect(view.notApplicable.map((n) => `${n.controlId}:${n.applicability.source}`)).toEqual([
      '1.3:entity',
      '1.4:profile',
    ]);
    expect(view.notApplicable[1]?.applicability).toMatchObject({
      approver: 'ciso@example.org',
      date: '2026-11-02',
    });
    const rows = view.frameworks[0]!.groups.flatMap((g) => g.controls);
    expect(rows.find((r) => r.controlId === '1.4')?.applicability?.justification).toMatch(/no RDS databases/);
    const r11 = rows.find((r) => r.controlId === '1.1')!;
    expect(r11.evidence.map((e) => `${e.id}:${e.role}:${e.rationale}`)).toEqual([
      'ENCRYPTED_VOLUMES:decisive:the control is volume encryption',
      'IAM_PASSWORD_POLICY:supporting:null',
    ]);
    expect(r11.supportingCounts).toEqual([expect.objectContaining({ status: 'FAIL', count: 1 })]);
  });

  it('names the accounts the run did not assess on the cover, and has no SoA without ISO 27001', () => {
    expect(view.cover.outOfScopeAccounts).toEqual([
      { accountId: '999999999999', name: 'old', state: 'CLOSED', reason: 'closed' },
    ]);
    expect(view.cover.unreadableAccounts).toEqual([]);
    expect(view.soa).toBeNull();
  });

  it.skipIf(!HAVE_POPPLER)(
    'prints a lower-bound count as "at least" in both PDFs and the HTML page',
    async () => {
      // The flag reached the view model, but every renderer printed a plain "100 failing resources".
      const dir = mkdtempSync(join(tmpdir(), 'evidentia-weighed-'));
      const report = join(dir, 'report.pdf');
      const detail = join(dir, 'evidence-detail.pdf');
      writeFileSync(report, await renderReportPdf(view));
      writeFileSync(detail, await renderDetailPdf(view));
      const flat = (t: string) => t.replace(/\s+/g, ' ');
      const risks = flat(allText(report));
      expect(risks).toContain('at least 100 failing resources');
      expect(risks).not.toMatch(/owner: (customer|shared|aws)/);
      expect(flat(allText(detail))).toContain('at least 100 failing resources');
      expect(renderHtml(view)).toContain('at least 100 failing resource(s)');
    },
  );
});
