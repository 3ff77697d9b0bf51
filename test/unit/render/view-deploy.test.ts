// "What to deploy": a decisive managed rule the run found not deployed is named, in its check row and its
// unproven cause, with the pack `packs generate --missing-from` would write; supporting evidence and rules that
// are deployed but not yet evaluated never make a pack; the HTML and the PDF carry the section.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notApplicableControls } from '../../../src/catalog/applicability.js';
import { loadCatalog, loadProfile } from '../../../src/catalog/index.js';
import type { Finding, QueryResult } from '../../../src/core/finding.js';
import type { RunResults } from '../../../src/core/run-result.js';
import { buildFindingIndex, Rollup, toFindings } from '../../../src/evaluate/index.js';
import { planPacks } from '../../../src/packs/plan-packs.js';
import { renderHtml } from '../../../src/render/html/render-html.js';
import { writeReports } from '../../../src/render/index.js';
import { renderReportPdf } from '../../../src/render/pdf/render-pdf.js';
import { buildReportView } from '../../../src/render/view-model.js';
import { allText, HAVE_POPPLER } from './poppler.js';

const root = join(import.meta.dirname, '../../fixtures/catalog/weighed');

function verdict(queryKey: string, accountId: string, extra: Partial<QueryResult> = {}): QueryResult {
  return {
    queryKey,
    kind: 'config-rule',
    accountId,
    region: 'us-east-1',
    status: 'NOT_EVALUATED',
    reason: `Managed rule ${queryKey.slice(12)} is not deployed in ${accountId}/us-east-1`,
    resources: [],
    failingCount: 0,
    evidence: [],
    ...extra,
  };
}

async function viewOf(results: QueryResult[]) {
  const catalog = await loadCatalog({ root });
  const profile = await loadProfile(join(root, 'frameworks/profiles/weighed.yaml'), catalog, root);
  const frameworks = [catalog.frameworks.get('weighed')!];
  const na = notApplicableControls(profile, frameworks);
  const index = buildFindingIndex(frameworks, catalog, na);
  const rollup = new Rollup(frameworks, na);
  const findings: Finding[] = results.flatMap((v) => toFindings(v, index));
  for (const f of findings) rollup.add(f);
  const now = '2026-12-01T00:00:00.000Z';
  const run: RunResults = {
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
      scope: { accounts: ['111111111111', '222222222222'], regions: ['us-east-1'] },
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
  return { view: await buildReportView({ results: run, catalog, profile }), catalog, profile, results: run };
}

describe('what to deploy', () => {
  it('names the pack for a missing decisive rule everywhere it appears; supporting rules make none', async () => {
    const { view, catalog, profile } = await viewOf([
      verdict('config-rule:ENCRYPTED_VOLUMES', '111111111111', { notDeployed: true }),
      verdict('config-rule:ENCRYPTED_VOLUMES', '222222222222', { notDeployed: true }),
      // Used only as supporting evidence by this framework: never a reason to deploy.
      verdict('config-rule:IAM_PASSWORD_POLICY', '111111111111', { notDeployed: true }),
    ]);
    const expected = planPacks({ profile, catalog, missing: new Set(['ENCRYPTED_VOLUMES']) });
    expect(expected).toHaveLength(1);
    const name = expected[0]!.name;
    expect(view.deploy).toMatchObject({
      missingRules: 1,
      findings: 2,
      controls: 1,
      packs: [{ name, rules: 1, controls: 1, reach: 'every region' }],
      problem: null,
    });
    expect(view.deploy?.generate).toContain('--missing-from <output>/weighed/run-1');
    const cause = view.unproven.causes.items.find((c) => c.cause.includes('ENCRYPTED_VOLUMES'));
    expect(cause?.deployPack).toBe(name);
    const row = view.frameworks[0]!.groups.flatMap((g) => g.controls).find((r) => r.controlId === '1.1')!;
    expect(row.checks.map((c) => `${c.id}:${c.deployPack}`)).toEqual([
      `ENCRYPTED_VOLUMES:${name}`,
      'IAM_PASSWORD_POLICY:null',
    ]);

    const html = renderHtml(view);
    expect(html).toContain('<section id="what-to-deploy"');
    expect(html).toContain('<a href="#what-to-deploy">What to deploy</a>');
    expect(html.match(new RegExp(`<code>${name}</code>`, 'g'))?.length).toBeGreaterThanOrEqual(3);
    if (HAVE_POPPLER) {
      const file = join(mkdtempSync(join(tmpdir(), 'evidentia-deploy-')), 'report.pdf');
      writeFileSync(file, await renderReportPdf(view));
      const text = allText(file);
      expect(text).toContain('What to deploy');
      expect(text).toContain(name);
    }
  });

  it('findings.csv names the pack on each deciding not-deployed finding, with or without the view', async () => {
    const { catalog, profile, results } = await viewOf([
      verdict('config-rule:ENCRYPTED_VOLUMES', '111111111111', { notDeployed: true }),
      verdict('config-rule:IAM_PASSWORD_POLICY', '111111111111', { notDeployed: true }),
    ]);
    const name = planPacks({ profile, catalog, missing: new Set(['ENCRYPTED_VOLUMES']) })[0]!.name;
    for (const formats of [['csv'], ['csv', 'html']] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'evidentia-deploy-csv-'));
      await writeReports({ results, catalog, profile }, dir, { formats });
      const lines = readFileSync(join(dir, 'findings.csv'), 'utf8').trim().split('\r\n');
      const header = lines[0]!.split(',').map((h) => h.replaceAll('"', ''));
      const col = header.indexOf('deploy_pack');
      expect(col).toBe(header.length - 1);
      const cells = lines.slice(1).map((l) => {
        const cols = l.split('","').map((c) => c.replaceAll('"', ''));
        return `${cols[header.indexOf('query')]}:${cols[header.indexOf('role')]}:${cols[col]}`;
      });
      expect(cells.sort(), formats.join()).toEqual(
        [
          `config-rule:ENCRYPTED_VOLUMES:decisive:${name}`,
          // 1.5 uses the rule as supporting evidence: its finding names no pack.
          'config-rule:ENCRYPTED_VOLUMES:supporting:',
          'config-rule:IAM_PASSWORD_POLICY:supporting:',
        ].sort(),
      );
    }
  });

  it('has no section when nothing is missing, nor for a rule deployed but not yet evaluated', async () => {
    const { view } = await viewOf([
      verdict('config-rule:ENCRYPTED_VOLUMES', '111111111111', {
        reason: 'encrypted-volumes (ENCRYPTED_VOLUMES) in 111111111111/us-east-1: no evaluation results yet',
      }),
    ]);
    expect(view.deploy).toBeNull();
    expect(view.unproven.causes.items.every((c) => c.deployPack === null)).toBe(true);
    expect(renderHtml(view)).not.toContain('what-to-deploy"');
  });
});
