// The demo's PDFs read back with poppler, as a board member and an auditor would open them: every contents
// entry is on the page it names and the bookmarks say the same; the executive report stays within 25
// pages; no two words print over each other on the summary and history pages; both documents are tagged
// and carry a valid signature. The healthcare profile runs twice against the demo organisation, so the
// second run has a history.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, loadProfile } from '../../../src/catalog/index.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { demoWorld, type Emulator, startEmulator } from '../../../src/emulator/index.js';
import { runProfile } from '../../../src/pipeline/run-profile.js';
import { REPORT_MAX_PAGES } from '../../../src/render/index.js';
import { withRunStart } from '../../../src/store/run-store.js';
import { SqliteRunStore } from '../../../src/store/sqlite-run-store.js';
import { bookmarks, HAVE_POPPLER, overlaps, pageText, pdfInfo, tocEntries, words } from './poppler.js';

const PDFSIG = ['/usr/bin/pdfsig', '/usr/local/bin/pdfsig'].find((p) => existsSync(p));

describe.skipIf(!HAVE_POPPLER)('the demo PDFs, read back with poppler', () => {
  let emulator: Emulator;
  let reports: string;

  beforeAll(async () => {
    emulator = await startEmulator({ world: demoWorld() });
    const catalog = await loadCatalog();
    const profile = await loadProfile('healthcare', catalog);
    const { accessKeyId, secretAccessKey } = emulator.credentials;
    const out = await mkdtemp(join(tmpdir(), 'evidentia-demo-pdf-'));
    const store = withRunStart(SqliteRunStore.open(join(out, 'evidentia.db')), { trigger: 'cli' });
    try {
      let dir = '';
      for (const now of ['2026-11-19T12:00:00Z', '2026-11-20T12:00:00Z']) {
        const outcome = await runProfile({
          profile,
          catalog,
          outDir: out,
          clock: fixedClock(now),
          logger: silentLogger(),
          endpoint: emulator.url,
          store,
          credentials: async () => ({ accessKeyId, secretAccessKey }),
        });
        expect(outcome.error?.message).toBeUndefined();
        dir = outcome.dir;
      }
      reports = join(dir, 'reports');
    } finally {
      await store.close();
    }
  }, 180_000);
  afterAll(() => emulator?.close());

  for (const name of ['report.pdf', 'evidence-detail.pdf']) {
    it(`${name}: every contents entry is on the page it names, and the bookmarks are the contents`, () => {
      const file = join(reports, name);
      const toc = tocEntries(file);
      expect(toc.length).toBeGreaterThan(5);
      const pages = Number(pdfInfo(file).Pages);
      for (const e of toc) {
        expect(e.page, e.title).toBeLessThanOrEqual(pages);
        // The heading is on that page (long titles may wrap; whitespace is collapsed on both sides).
        expect(pageText(file, e.page), `${e.title} on page ${e.page}`).toContain(
          e.title.replace(/\s+/g, ' '),
        );
        // ... and not already on the page before (a heading on page N-1 would make N wrong).
        if (e.page > 3)
          expect(pageText(file, e.page - 1), `${e.title} before page ${e.page}`).not.toMatch(
            new RegExp(`(^|\\s)${e.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`),
          );
      }
      expect(bookmarks(file)).toEqual(toc);
    });

    it(`${name}: tagged, titled, in English, with a valid signature`, () => {
      const file = join(reports, name);
      const info = pdfInfo(file);
      expect(info.Tagged).toBe('yes');
      expect(info.Title).toContain('Example Health');
      // The structure tree a screen reader follows: headings, and tables with header and data cells.
      const tree = execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8' });
      expect(tree.startsWith('Document')).toBe(true);
      for (const tag of ['H1', 'H2', 'Table', 'TR', 'TH', 'TD', 'P'])
        expect(tree, tag).toMatch(new RegExp(`^\\s*${tag}( |$)`, 'm'));
      if (PDFSIG) expect(execFileSync(PDFSIG, [file], { encoding: 'utf8' })).toContain('Signature is Valid.');
    });
  }

  it('report.pdf keeps the summary to one page, even with a history to show', () => {
    const toc = tocEntries(join(reports, 'report.pdf'));
    const page = (title: string) => toc.find((e) => e.title === title)?.page ?? -1;
    expect(page('History')).toBeGreaterThan(0);
    expect(page('Shared responsibility')).toBe(page('Summary') + 1);
  });

  it(`report.pdf has at most ${REPORT_MAX_PAGES} pages, and the detail carries every evidence check`, () => {
    expect(Number(pdfInfo(join(reports, 'report.pdf')).Pages)).toBeLessThanOrEqual(REPORT_MAX_PAGES);
    expect(Number(pdfInfo(join(reports, 'evidence-detail.pdf')).Pages)).toBeGreaterThan(REPORT_MAX_PAGES);
  });

  it('no two words print over each other on the summary and history pages', () => {
    const file = join(reports, 'report.pdf');
    const toc = tocEntries(file);
    const pageOf = (title: string) => toc.find((e) => e.title === title)?.page;
    const checked = ['Summary', 'History', 'Framework scorecards'].map(pageOf);
    expect(checked.every((p) => p !== undefined)).toBe(true);
    for (const page of [1, ...(checked as number[])]) {
      const found = overlaps(words(file, page)).map(([a, b]) => `${a.text} × ${b.text}`);
      expect(found, `page ${page}`).toEqual([]);
    }
  });
});
