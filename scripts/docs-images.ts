// `npm run docs:images`: regenerate the README's and docs' report pictures from the demo, so they never go
// stale. Runs the healthcare demo once (the same single run CI's `npm run demo` makes), renders chosen PDF
// pages with pdftoppm and the HTML page with headless Chromium, and records the layout the pictures show
// (page count and section order of both PDFs) in docs/images/report-layout.json; test/e2e/check-reports.ts
// fails when the current demo's layout no longer matches it. Needs a build (npm run build), poppler-utils
// and chromium.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { pdfInfo, tocEntries } from '../test/unit/render/poppler.js';

const ROOT = resolve(import.meta.dirname, '..');
const IMAGES = join(ROOT, 'docs', 'images');
const PROFILE = 'healthcare';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The layout of one PDF as its contents page states it (and the tests prove it true). */
export interface DocumentLayout {
  pages: number;
  sections: { title: string; page: number }[];
}

export interface ReportLayout {
  profile: string;
  /** Whether the pictured run had earlier runs (a History section); CI's demo has none. */
  history: boolean;
  documents: Record<'report.pdf' | 'evidence-detail.pdf', DocumentLayout>;
  /** Picture → the PDF page it shows. */
  images: Record<string, { document: string; page: number }>;
}

/** The layout of a bundle's two PDFs. */
export function layoutOf(reports: string): ReportLayout['documents'] {
  const doc = (name: string): DocumentLayout => {
    const file = join(reports, name);
    return { pages: Number(pdfInfo(file).Pages), sections: tocEntries(file) };
  };
  return { 'report.pdf': doc('report.pdf'), 'evidence-detail.pdf': doc('evidence-detail.pdf') };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'evidentia-docs-images-'));
  try {
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'bin', 'evidentia.js'),
        'demo',
        '-p',
        PROFILE,
        '-o',
        join(work, 'out'),
        '--state',
        join(work, 'state'),
      ],
      { stdio: ['ignore', 'ignore', 'inherit'], cwd: work },
    );
    const profileDir = join(work, 'out', PROFILE);
    const run = readdirSync(profileDir).find((d) => !d.startsWith('.') && !d.endsWith('.tar.gz'))!;
    const reports = join(profileDir, run, 'reports');
    const documents = layoutOf(reports);
    const pageOf = (doc: 'report.pdf' | 'evidence-detail.pdf', title: string) => {
      const s = documents[doc].sections.find((e) => e.title.startsWith(title));
      if (!s) throw new Error(`${doc} has no section "${title}"`);
      return s.page;
    };
    const images: ReportLayout['images'] = {
      'report-cover.png': { document: 'report.pdf', page: 1 },
      'report-summary.png': { document: 'report.pdf', page: pageOf('report.pdf', 'Summary') },
      'report-risks.png': { document: 'report.pdf', page: pageOf('report.pdf', 'Top risks') },
      'report-scorecard.png': { document: 'report.pdf', page: pageOf('report.pdf', 'Framework scorecards') },
      'report-detail.png': {
        document: 'evidence-detail.pdf',
        page: pageOf('evidence-detail.pdf', 'Controls and their evidence'),
      },
    };
    for (const [name, { document, page }] of Object.entries(images)) {
      const out = join(IMAGES, name.replace(/\.png$/, ''));
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        String(page),
        '-l',
        String(page),
        '-singlefile',
        join(reports, document),
        out,
      ]);
      console.log(`docs/images/${name}: ${document} page ${page}`);
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(pathToFileURL(join(reports, 'report.html')).href, { waitUntil: 'load' });
      await page.screenshot({ path: join(IMAGES, 'report-html.png') });
      console.log('docs/images/report-html.png: report.html, first screen');
    } finally {
      await browser.close();
    }
    const layout: ReportLayout = {
      profile: PROFILE,
      history: documents['report.pdf'].sections.some((s) => s.title === 'History'),
      documents,
      images,
    };
    writeFileSync(join(IMAGES, 'report-layout.json'), `${JSON.stringify(layout, null, 2)}\n`);
    console.log('docs/images/report-layout.json: page counts and section order of both PDFs');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
