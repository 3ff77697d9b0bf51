import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { pdfSafe } from '../../../src/render/pdf/pdf-text.js';
import { renderPdf } from '../../../src/render/pdf/render-pdf.js';
import type { ReportInput } from '../../../src/render/report-input.js';
import { buildReportView } from '../../../src/render/view-model.js';
import type { ReportView } from '../../../src/render/view-types.js';
import { buildLargeRun } from '../../fixtures/results/large-run.js';
import { sampleReportInput } from '../../fixtures/results/sample-run.js';
import { contentStreams, pageCount, pdfText, shownText } from './pdf-text.js';

let input: ReportInput<Finding[]>;
let view: ReportView;
let pdf: Buffer;
beforeAll(async () => {
  input = await sampleReportInput();
  view = await buildReportView(input);
  pdf = await renderPdf(view);
});

const PDFTOTEXT = ['/usr/bin/pdftotext', '/usr/local/bin/pdftotext'].find((p) => existsSync(p));

describe('renderPdf', () => {
  it('renders a complete PDF, byte for byte the same for the same view', async () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    expect((await renderPdf(view)).equals(pdf)).toBe(true);
    expect(pdf.toString('latin1')).toContain('(D:20261129020431Z)');
  });

  it('holds real, extractable text: sections, controls, remediation, hashes', async () => {
    const text = pdfText(pdf);
    for (const s of [
      'Quarterly Compliance Evidence Report',
      'Northwind Health',
      'Contents',
      'Executive summary',
      'Shared responsibility',
      'Failing controls',
      'Attestations awaiting action',
      'Errors and gaps',
      'Appendix: evidence index',
      '164.312(a)(2)(iv)',
      'Turn on S3 Block Public Access',
      'nw-clinic-marketing-assets',
      input.results.evidence[0]!.sha256,
    ]) {
      expect(text, s).toContain(s);
    }
  });

  it('puts the running header and "page N of M" footer on every page but the cover', async () => {
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(10);
    const text = pdfText(pdf);
    for (let n = 2; n <= pages; n += 1) expect(text).toContain(`Page ${n} of ${pages}`);
    expect(text).not.toContain(`Page 1 of ${pages}`);
    expect(text.split('Northwind Health  ·  Quarterly Compliance Evidence Report').length - 1).toBe(
      pages - 1,
    );
  });

  it('has an outline (bookmarks) and named destinations for controls', async () => {
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/Outlines \d+ 0 R/);
    for (const title of [
      'Executive summary',
      'Control results',
      'Failing controls',
      'Appendix: evidence index',
    ]) {
      expect(raw).toContain(`/Title (${title})`);
    }
    expect(raw).toContain('(ctl-gdpr-Art.44)');
  });

  it('lets the signing step add to the document before it ends', async () => {
    let calls = 0;
    const signed = await renderPdf(view, {
      beforeEnd: (doc) => {
        calls += 1;
        doc.addNamedDestination('signature-seam');
      },
    });
    expect(calls).toBe(1);
    expect(signed.toString('latin1')).toContain('(signature-seam)');
  });

  it('reads the same through poppler when it is installed', (ctx) => {
    if (!PDFTOTEXT) {
      ctx.skip(
        'pdftotext not installed (apt-get install poppler-utils); the content-stream check above still ran',
      );
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'evidentia-pdf-'));
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync(PDFTOTEXT, ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Executive summary');
    expect(text).toContain('GDPR Art. 44 — Transfers outside the EU');
  });

  it('keeps a large run (4 frameworks × 50 accounts × 4 regions) to a readable length', async () => {
    const large = buildLargeRun();
    expect(large.results.findings.length).toBeGreaterThan(50_000);
    const bytes = await renderPdf(await buildReportView(large));
    const pages = pageCount(bytes);
    expect(pages).toBeGreaterThan(30);
    expect(pages).toBeLessThan(130);
    expect(pdfText(bytes)).toContain(`Page ${pages} of ${pages}`);
  });

  it('keeps the cover on one page however long the signer subject is', async () => {
    const subject = `O=${'Northwind Health Compliance and Information Security Office '.repeat(4)}, CN=Evidence signer`;
    const signed = await renderPdf(
      await buildReportView({ ...input, signer: { subject, fingerprintSha256: 'ab'.repeat(32) } }),
    );
    const unsigned = await renderPdf(await buildReportView({ ...input, signer: undefined }));
    expect(pageCount(signed)).toBe(pageCount(unsigned));
    const cover = shownText(contentStreams(signed)[0]!);
    expect(cover).toContain('Evidence signer');
    expect(cover).toContain('Tool');
  });

  it('makes any text safe for the standard fonts', async () => {
    expect(pdfSafe('café — “quoted” • €5 §3')).toBe('café — “quoted” • €5 §3');
    expect(pdfSafe('a → b ≥ c ✓')).toBe('a -> b >= c yes');
    expect(pdfSafe('Łódź 東京')).toBe('Lódz ??');
  });
});
