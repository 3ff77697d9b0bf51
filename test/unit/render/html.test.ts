import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { packagePaths } from '../../../src/core/paths.js';
import { controlAnchor } from '../../../src/render/anchors.js';
import { htmlModel } from '../../../src/render/html/html-model.js';
import { renderHtml } from '../../../src/render/html/render-html.js';
import type { ReportInput } from '../../../src/render/report-input.js';
import { buildReportView } from '../../../src/render/view-model.js';
import { sampleReportInput } from '../../fixtures/results/sample-run.js';

let input: ReportInput<Finding[]>;
let html: string;
beforeAll(async () => {
  input = await sampleReportInput();
  html = renderHtml(await buildReportView(input));
});

/** Every attribute value of `name` on every tag, with the tag name. */
function attributes(doc: string, name: string): { tag: string; value: string }[] {
  const out: { tag: string; value: string }[] = [];
  for (const m of doc.matchAll(/<([a-zA-Z][\w-]*)\b([^>]*)>/g)) {
    const attr = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(m[2] ?? '');
    if (attr) out.push({ tag: (m[1] ?? '').toLowerCase(), value: attr[2] ?? attr[3] ?? attr[4] ?? '' });
  }
  return out;
}

describe('renderHtml', () => {
  it('is one self-contained document: nothing is fetched from anywhere', async () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(attributes(html, 'src')).toEqual([]);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).not.toMatch(/<(iframe|object|embed|img)\b/i);
    const external = attributes(html, 'href').filter((h) => /^(https?:)?\/\//i.test(h.value));
    expect(external.length).toBeGreaterThan(0);
    const docs = new Set([...input.catalog.queries.values()].map((q) => q.docs));
    for (const h of external) {
      expect(h.tag).toBe('a');
      expect(docs.has(h.value)).toBe(true);
    }
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  });

  it('allows exactly its own inline script through the content security policy', async () => {
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256')
      .update(scripts[0]?.[1] ?? '')
      .digest('base64');
    expect(html).toContain(`script-src 'sha256-${hash}';`);
    expect(html).not.toContain('__EVIDENTIA_SCRIPT_SHA256__');
  });

  it('has an anchor for every control, and the filters start hidden for readers without scripts', async () => {
    for (const c of input.results.controls) {
      expect(html).toContain(`id="${controlAnchor(c.frameworkId, c.controlId)}"`);
    }
    expect(html).toContain('id="ctl-hipaa-security-164.312(a)(2)(iv)"');
    expect(html).toMatch(/<div id="filters" class="filters" hidden>/);
    expect(html).toMatch(/@media print/);
  });

  it('carries the same headline content as the PDF', async () => {
    const view = await buildReportView(input);
    expect(html).toContain(view.cover.title);
    expect(html).toContain(`${view.summary.totals.metPercent}</b>`);
    for (const f of view.failing.items) expect(html).toContain(`href="#${f.anchor}"`);
    for (const e of view.appendix.entries.items) expect(html).toContain(e.sha256);
  });

  it('escapes hostile data everywhere', async () => {
    const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const hostile: ReportInput = {
      ...input,
      results: {
        ...input.results,
        run: { ...input.results.run, organization: `Evil "Corp" ' onload='alert(1)` },
        controls: input.results.controls.map((c) =>
          c.controlId === '164.312(a)(1)' ? { ...c, title: evil, reason: evil } : c,
        ),
      },
    };
    const out = renderHtml(await buildReportView(hostile));
    expect(out).not.toContain(evil);
    expect(out).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;',
    );
    expect(out).not.toContain(`' onload='alert(1)`);
    expect([...out.matchAll(/<script\b/gi)]).toHaveLength(1);
    expect(attributes(out, 'src')).toEqual([]);
    expect(attributes(out, 'onerror')).toEqual([]);
  });

  it('never prints a non-https documentation link as a link', async () => {
    const view = await buildReportView(input);
    const first = view.failing.items[0]!;
    const tampered = {
      ...view,
      failing: {
        ...view.failing,
        items: [{ ...first, queries: first.queries.map((q) => ({ ...q, docs: 'javascript:alert(1)' })) }],
      },
    };
    const out = renderHtml(tampered);
    expect(out).not.toContain('href="javascript:');
  });

  it('templates print only escaped values (no triple-stash, no & unescape)', async () => {
    const dir = packagePaths().templates;
    const files = [
      join(dir, 'report.html.hbs'),
      ...readdirSync(join(dir, 'partials')).map((f) => join(dir, 'partials', f)),
    ];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/\{\{\{|\{\{&|\{\{~?\s*&/);
    }
  });
});

describe('the HTML model', () => {
  it('scales the top failing bars to the accounts in scope, not to the longest bar', async () => {
    const view = await buildReportView(await sampleReportInput());
    const scope = view.cover.scope.accounts;
    const model = htmlModel(view);
    expect(model.topFailing.length).toBeGreaterThan(0);
    for (const t of model.topFailing)
      expect(Number.parseFloat(t.barWidth)).toBeCloseTo(Math.max(2, (t.accounts / scope) * 100), 2);
  });

  it('gives every control row its status in each account and its regions, for the filters', async () => {
    const input = await sampleReportInput();
    const model = htmlModel(await buildReportView(input));
    const rows = model.frameworks.flatMap((f) => f.groups.flatMap((g) => g.controls));
    for (const row of rows) {
      const mine = input.results.findings.filter(
        (f) => f.frameworkId === row.frameworkId && f.controlId === row.controlId,
      );
      // Only the accounts the filter offers (the run's scope); an attestation's "organization" is none.
      const scope = new Set(input.results.run.scope.accounts);
      const accounts = [...new Set(mine.map((f) => f.accountId))].filter((a) => scope.has(a)).sort();
      expect(
        row.accountStatusAttr
          .split(' ')
          .filter(Boolean)
          .map((p) => p.split(':')[0]),
      ).toEqual(accounts);
      expect(row.regionsAttr.split(' ').filter(Boolean)).toEqual(
        [...new Set(mine.map((f) => f.region))].sort(),
      );
    }
  });
});
