import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { truncate } from '../../../src/render/format.js';
import { codePointLabel, pdfSafe } from '../../../src/render/pdf/pdf-text.js';
import { renderDetailPdf, renderReportPdf } from '../../../src/render/pdf/render-pdf.js';
import type { ReportInput } from '../../../src/render/report-input.js';
import { buildReportView } from '../../../src/render/view-model.js';
import type { ReportView } from '../../../src/render/view-types.js';
import { buildLargeRun } from '../../fixtures/results/large-run.js';
import { sampleReportInput } from '../../fixtures/results/sample-run.js';
import { allText, bookmarks, HAVE_POPPLER, pdfInfo, tocEntries } from './poppler.js';

/** The demo's resource id that no standard font can show (issue 13). */
const UNICODE_ID = 'vol-ünïcødé-日本語-🔒';
/** How the PDF shows it: Latin letters with diacritics as themselves, the rest as code points. */
const UNICODE_SHOWN = 'vol-ünïcødé-U+65E5U+672CU+8A9E-U+1F512';

let input: ReportInput<Finding[]>;
let view: ReportView;
let report: Buffer;
let detail: Buffer;
const dir = mkdtempSync(join(tmpdir(), 'evidentia-pdf-'));
const save = (name: string, bytes: Buffer) => {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
};

beforeAll(async () => {
  input = await sampleReportInput();
  // Give one failing volume the demo's Unicode id, everywhere it is named.
  for (const f of input.results.findings)
    f.resources = f.resources.map((r) =>
      r.resourceId === 'vol-0e44a1b2c3d4e5014' ? { ...r, resourceId: UNICODE_ID } : r,
    );
  view = await buildReportView(input);
  report = await renderReportPdf(view);
  detail = await renderDetailPdf(view);
});

describe('renderReportPdf / renderDetailPdf', () => {
  it('render complete PDFs, byte for byte the same for the same view', async () => {
    for (const pdf of [report, detail]) {
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
      expect(pdf.toString('latin1')).toContain('(D:20261129020431Z)');
    }
    expect((await renderReportPdf(view)).equals(report)).toBe(true);
    expect((await renderDetailPdf(view)).equals(detail)).toBe(true);
  });

  it('embed Noto Sans from the npm package, never a standard font', () => {
    for (const pdf of [report, detail]) {
      const raw = pdf.toString('latin1');
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
      expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Courier)/);
    }
  });

  it('show a character the font lacks as its code point, never as ?', () => {
    expect(pdfSafe('café — “quoted” • €5 §3 Ωμέγα Кириллица', () => true)).toBe(
      'café — “quoted” • €5 §3 Ωμέγα Кириллица',
    );
    const latinOnly = (cp: number) => cp < 0x3000;
    expect(pdfSafe(UNICODE_ID, latinOnly)).toBe(UNICODE_SHOWN);
    expect(pdfSafe('a\tb\u0007c', () => true)).toBe('a bc');
    expect(codePointLabel(0x41)).toBe('U+0041');
  });

  it.skipIf(!HAVE_POPPLER)('keep the Unicode resource id intact in the text a reader extracts', () => {
    // A narrow cell may wrap the id after a hyphen; the characters themselves must all be there.
    const text = allText(save('detail.pdf', detail)).replace(/-\s+/g, '-');
    expect(text).toContain(UNICODE_SHOWN);
    expect(text).not.toContain('vol-ünïcødé-???');
    // Greek and Cyrillic are in the font and come through as themselves.
    expect(text).toContain('ü');
  });

  it.skipIf(!HAVE_POPPLER)(
    'hold real text: sections, controls, remediation, hashes, in the right volume',
    () => {
      const r = allText(save('report.pdf', report));
      for (const s of [
        'Quarterly Compliance Evidence Report',
        'Northwind Health',
        'Contents',
        'Summary',
        'Shared responsibility',
        'Top risks',
        'Attestations due',
        'Unproven evidence',
        'Declared not applicable',
        'Framework scorecards',
      ])
        expect(r, s).toContain(s);
      const d = allText(save('detail.pdf', detail));
      for (const s of [
        'Controls and their evidence',
        'Failing controls',
        'Attestations awaiting action',
        'Errors and gaps',
        'Appendix: evidence index',
        '164.312(a)(2)(iv)',
        'Turn on S3 Block Public Access',
        'nw-clinic-marketing-assets',
        input.results.evidence[0]!.sha256,
      ])
        expect(d, s).toContain(s);
    },
  );

  it.skipIf(!HAVE_POPPLER)(
    'show controls that fail on the same checks as one top risk, naming the others',
    async () => {
      // The healthcare demo showed one missing agreement as seven of its ten top risks.
      const first = view.failing.items[0]!;
      const twin = {
        ...first,
        controlId: 'TWIN-9',
        ref: 'Twin ref 9',
        title: 'Twin control on the same check',
      };
      const grouped: ReportView = {
        ...view,
        failing: {
          ...view.failing,
          items: [first, twin, ...view.failing.items.slice(1)],
          total: view.failing.total + 1,
        },
      };
      const text = allText(save('grouped.pdf', await renderReportPdf(grouped))).replace(/\s+/g, ' ');
      expect(text).toContain('the same checks also fail control TWIN-9');
      expect(text).not.toContain('Twin ref 9 — Twin control on the same check');
      expect(text).toMatch(new RegExp(`covering \\d+ of ${view.failing.total + 1} failing controls`));
    },
  );

  it.skipIf(!HAVE_POPPLER)('put "page N of M" on every page but the cover, and tag both documents', () => {
    for (const [name, pdf] of [
      ['report.pdf', report],
      ['detail.pdf', detail],
    ] as const) {
      const file = save(name, pdf);
      const info = pdfInfo(file);
      const pages = Number(info.Pages);
      const text = allText(file);
      for (let n = 2; n <= pages; n += 1) expect(text).toContain(`Page ${n} of ${pages}`);
      expect(text).not.toContain(`Page 1 of ${pages}`);
      expect(info.Tagged).toBe('yes');
      expect(bookmarks(file)).toEqual(tocEntries(file));
    }
  });

  it('never cuts a word in two when text must be shortened (no "1 MA…")', () => {
    expect(truncate('other findings: 60 PASS, 22 ERROR, 1 MANUAL', 42)).toBe(
      'other findings: 60 PASS, 22 ERROR, 1…',
    );
    expect(truncate('short', 42)).toBe('short');
    expect(truncate('x'.repeat(60), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it.skipIf(!HAVE_POPPLER)(
    'wrap a long contents entry by its measured height, its page still right',
    async () => {
      const long = `${view.frameworks[0]!.name} (with a name long enough to wrap onto a second line of the contents)`;
      const v: ReportView = {
        ...view,
        frameworks: view.frameworks.map((f, i) => (i === 0 ? { ...f, name: long } : f)),
      };
      const file = save('long-toc.pdf', await renderReportPdf(v));
      const toc = tocEntries(file);
      const entry = toc.find((e) => e.title.startsWith(long));
      expect(entry).toBeDefined();
      expect(allText(file)).toContain(long);
      expect(bookmarks(file)).toEqual(toc);
    },
  );

  it('lets the signing step add to the document before it ends', async () => {
    let calls = 0;
    const signed = await renderReportPdf(view, {
      beforeEnd: (doc) => {
        calls += 1;
        doc.addNamedDestination('signature-seam');
      },
    });
    expect(calls).toBe(1);
    expect(signed.toString('latin1')).toContain('(signature-seam)');
  });

  it.skipIf(!HAVE_POPPLER)(
    'keep a large run (4 frameworks × 50 accounts × 4 regions): the report short, contents right',
    async () => {
      const large = buildLargeRun();
      expect(large.results.findings.length).toBeGreaterThan(50_000);
      const v = await buildReportView(large);
      const file = save('large.pdf', await renderReportPdf(v));
      expect(Number(pdfInfo(file).Pages)).toBeLessThanOrEqual(25);
      const dfile = save('large-detail.pdf', await renderDetailPdf(v));
      expect(bookmarks(dfile)).toEqual(tocEntries(dfile));
    },
    120_000,
  );

  it.skipIf(!HAVE_POPPLER)('keep the cover on one page however long the signer subject is', async () => {
    const subject = `O=${'Northwind Health Compliance and Information Security Office '.repeat(4)}, CN=Evidence signer`;
    const signed = save(
      'signed.pdf',
      await renderReportPdf(
        await buildReportView({ ...input, signer: { subject, fingerprintSha256: 'ab'.repeat(32) } }),
      ),
    );
    const unsigned = save(
      'unsigned.pdf',
      await renderReportPdf(await buildReportView({ ...input, signer: undefined })),
    );
    expect(pdfInfo(signed).Pages).toBe(pdfInfo(unsigned).Pages);
    const cover = allText(signed).split('Contents')[0]!;
    expect(cover).toContain('Evidence signer');
    expect(cover).toContain('Tool');
  });
});
