// End-to-end checks of the reports inside finished bundles, with real outside programs: the HTML report
// opens in headless Chromium (Debian's, driven by playwright-core) without a single network request or
// console error, its script runs and its charts are drawn, and its filters show, for every status ×
// framework and for two accounts, exactly the control rows that findings.jsonl and results.json say;
// the OSCAL file validates against the official OSCAL assessment-results JSON Schema (ajv 8 +
// ajv-formats); the ASFF file holds one finding per control, each valid against the Security Hub model's
// AwsSecurityFinding; both PDFs are tagged, signed (pdfsig), their contents pages name the pages the headings
// are on and equal the bookmarks, and report.pdf has at most 25 pages (poppler); the README's pictures
// still show the demo's layout (docs/images/report-layout.json).
// Usage: tsx check-reports.ts <bundle-dir>...

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { chromium, type Page } from 'playwright-core';
import { layoutOf, type ReportLayout } from '../../scripts/docs-images.js';
import { STATUS_RANK, STATUSES, type Status } from '../../src/core/status.js';
import { validateInput } from '../../src/emulator/model/validate-input.js';
import { awsModel } from '../../src/emulator/services/model-paths.js';
import { bookmarks, pageText, pdfInfo, tocEntries } from '../unit/render/poppler.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// ajv-formats is CommonJS; under NodeNext its default export is the module object or the plugin itself.
const addFormats = ((addFormatsPlugin as unknown as { default?: unknown }).default ?? addFormatsPlugin) as (
  ajv: Ajv,
) => Ajv;

/** The demo world's volume whose id goes beyond Latin-1, and how the PDFs must show it. */
const UNICODE_ID = 'vol-ünïcødé-日本語-🔒';
const UNICODE_SHOWN = 'vol-ünïcødé-U+65E5U+672CU+8A9E-U+1F512';

const failures: string[] = [];
const fail = (bundle: string, what: string) => failures.push(`${bundle}: ${what}`);

async function checkHtml(bundles: string[]): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    for (const bundle of bundles) {
      const file = pathToFileURL(resolve(bundle, 'reports', 'report.html')).href;
      const context = await browser.newContext();
      const requests: string[] = [];
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (url === file) return route.continue();
        requests.push(url);
        return route.abort();
      });
      const before = failures.length;
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(file, { waitUntil: 'load' });
      // Runs in the page (the project's TypeScript has no DOM types, so the code is a string).
      const state = (await page.evaluate(`(() => {
        const rects = [...document.querySelectorAll('svg.stacked rect')].filter((r) => {
          const box = r.getBoundingClientRect();
          return box.width > 0 && box.height > 0;
        });
        const filters = document.getElementById('filters');
        return {
          svgs: document.querySelectorAll('svg').length,
          drawnRects: rects.length,
          filtersShown: filters ? !filters.hidden : false,
          controls: document.querySelectorAll('[id^="ctl-"]').length,
        };
      })()`)) as { svgs: number; drawnRects: number; filtersShown: boolean; controls: number };
      if (requests.length)
        fail(bundle, `report.html made network requests: ${requests.slice(0, 5).join(', ')}`);
      if (errors.length) fail(bundle, `report.html logged errors: ${errors.slice(0, 3).join(' | ')}`);
      if (state.svgs === 0 || state.drawnRects === 0)
        fail(bundle, `report.html charts not rendered (${state.svgs} svg, ${state.drawnRects} drawn bars)`);
      if (!state.filtersShown) fail(bundle, 'report.html script did not run (filter bar still hidden)');
      if (state.controls === 0) fail(bundle, 'report.html has no control anchors');
      const checked = await checkFilters(page, bundle);
      if (failures.length === before)
        console.log(
          `ok html   ${bundle}: ${state.svgs} charts, ${state.drawnRects} bars drawn, ${state.controls} controls, 0 requests, ${checked} filter combinations agree with findings.jsonl`,
        );
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

interface Expected {
  frameworks: string[];
  accounts: string[];
  /** Controls (framework/control) with their verdict, from results.json. */
  verdicts: { frameworkId: string; status: Status }[];
  /** framework/control → account → worst status of its decisive findings there, from findings.jsonl. */
  perAccount: Map<string, { frameworkId: string; byAccount: Map<string, Status> }>;
}

/** What the filters must show, computed from the bundle's own data files (not from the view model). */
function expected(bundle: string): Expected {
  const results = JSON.parse(readFileSync(join(bundle, 'results.json'), 'utf8')) as {
    controls: { frameworkId: string; controlId: string; status: Status }[];
    frameworks: { frameworkId: string }[];
  };
  const perAccount: Expected['perAccount'] = new Map();
  for (const line of readFileSync(join(bundle, 'findings.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const f = JSON.parse(line) as {
      frameworkId: string;
      controlId: string;
      accountId: string;
      status: Status;
      role?: 'decisive' | 'supporting';
    };
    // A control's status in an account is decided by its decisive findings only (supporting evidence is
    // shown, never deciding): the same definition as the verdict itself (docs/catalog.md).
    if (f.role === 'supporting') continue;
    const key = `${f.frameworkId}/${f.controlId}`;
    const entry = perAccount.get(key) ?? { frameworkId: f.frameworkId, byAccount: new Map<string, Status>() };
    const was = entry.byAccount.get(f.accountId);
    if (!was || STATUS_RANK[f.status] > STATUS_RANK[was]) entry.byAccount.set(f.accountId, f.status);
    perAccount.set(key, entry);
  }
  const accounts = [...new Set([...perAccount.values()].flatMap((e) => [...e.byAccount.keys()]))]
    .filter((a) => /^\d{12}$/.test(a))
    .sort();
  return {
    frameworks: results.frameworks.map((f) => f.frameworkId),
    accounts: accounts.length > 1 ? [accounts[0]!, accounts[accounts.length - 1]!] : accounts,
    verdicts: results.controls,
    perAccount,
  };
}

/** Set the three filters in the page and count the control rows left visible. */
async function visibleRows(page: Page, status: string, framework: string, account: string): Promise<number> {
  return (await page.evaluate(`(() => {
    const set = (id, v) => {
      const el = document.getElementById(id);
      el.value = v;
      el.dispatchEvent(new Event('change'));
    };
    set('filter-status', ${JSON.stringify(status)});
    set('filter-framework', ${JSON.stringify(framework)});
    set('filter-account', ${JSON.stringify(account)});
    return [...document.querySelectorAll('[data-control]')].filter((r) => !r.classList.contains('filtered-out')).length;
  })()`)) as number;
}

/** Every status × framework (and all), without an account and with two accounts. Returns combinations checked. */
async function checkFilters(page: Page, bundle: string): Promise<number> {
  const e = expected(bundle);
  let n = 0;
  for (const account of ['', ...e.accounts]) {
    for (const framework of ['', ...e.frameworks]) {
      for (const status of ['', ...STATUSES]) {
        const want = account
          ? [...e.perAccount.values()].filter(
              (c) =>
                (!framework || c.frameworkId === framework) &&
                c.byAccount.has(account) &&
                (!status || c.byAccount.get(account) === status),
            ).length
          : e.verdicts.filter(
              (c) => (!framework || c.frameworkId === framework) && (!status || c.status === status),
            ).length;
        const got = await visibleRows(page, status, framework, account);
        if (got !== want)
          fail(
            bundle,
            `report.html filter status=${status || 'all'} framework=${framework || 'all'} account=${account || 'all'}: ${got} control rows shown, findings say ${want}`,
          );
        n += 1;
      }
    }
  }
  return n;
}

/** Both PDFs: tagged, signed, contents = headings' pages = bookmarks; the executive report ≤ 25 pages. */
function checkPdfs(bundles: string[]): void {
  for (const bundle of bundles) {
    const before = failures.length;
    for (const name of ['report.pdf', 'evidence-detail.pdf']) {
      const file = join(bundle, 'reports', name);
      const info = pdfInfo(file);
      if (info.Tagged !== 'yes') fail(bundle, `${name} is not tagged`);
      const sig = execFileSync('pdfsig', [file], { encoding: 'utf8' });
      if (!sig.includes('Signature is Valid.') || !sig.includes('Total document signed'))
        fail(bundle, `${name}: pdfsig does not report a valid signature over the whole document`);
      const toc = tocEntries(file);
      for (const t of toc)
        if (!pageText(file, t.page).includes(t.title.replace(/\s+/g, ' ')))
          fail(bundle, `${name}: contents say "${t.title}" is on page ${t.page}; it is not`);
      if (JSON.stringify(bookmarks(file)) !== JSON.stringify(toc))
        fail(bundle, `${name}: bookmarks differ from the contents page`);
      if (name === 'report.pdf' && Number(info.Pages) > 25)
        fail(bundle, `report.pdf has ${info.Pages} pages (at most 25)`);
    }
    // The demo's resource id beyond Latin-1 survives in the detail's text: Latin letters as they are, the
    // characters the report font lacks as their code points, never as '?'. Healthcare lists the volume among
    // its failing resources; other profiles may cap or not list it, but none may print it with '?'.
    if (readFileSync(join(bundle, 'findings.jsonl'), 'utf8').includes(UNICODE_ID)) {
      const text = execFileSync('pdftotext', [join(bundle, 'reports', 'evidence-detail.pdf'), '-'], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      const profile = (
        JSON.parse(readFileSync(join(bundle, 'results.json'), 'utf8')) as { run: { profile: { id: string } } }
      ).run.profile.id;
      if (profile === 'healthcare' && !text.includes(UNICODE_SHOWN))
        fail(bundle, `evidence-detail.pdf does not show ${UNICODE_ID} as ${UNICODE_SHOWN}`);
      if (text.includes('vol-ünïcødé-?')) fail(bundle, `evidence-detail.pdf prints ${UNICODE_ID} with '?'`);
    }
    if (failures.length === before)
      console.log(
        `ok pdf    ${bundle}: report.pdf ${pdfInfo(join(bundle, 'reports', 'report.pdf')).Pages} pages, evidence-detail.pdf ${pdfInfo(join(bundle, 'reports', 'evidence-detail.pdf')).Pages} pages; tagged, signed, contents right`,
      );
  }
}

/**
 * The README's pictures show the current demo: for the pictured profile, both PDFs have the page count and
 * the sections, in order and on the pages, that docs/images/report-layout.json (written with the pictures
 * by `npm run docs:images`) records.
 */
function checkPictures(bundles: string[]): void {
  const layout = JSON.parse(
    readFileSync(resolve('docs', 'images', 'report-layout.json'), 'utf8'),
  ) as ReportLayout;
  for (const bundle of bundles) {
    const results = JSON.parse(readFileSync(join(bundle, 'results.json'), 'utf8')) as {
      run: { profile: { id: string } };
    };
    if (results.run.profile.id !== layout.profile) continue;
    const now = layoutOf(join(bundle, 'reports'));
    const history = now['report.pdf'].sections.some((s) => s.title === 'History');
    if (history !== layout.history) {
      console.log(
        `skip pictures ${bundle}: this run ${history ? 'has' : 'has no'} history, the pictures' run ${layout.history ? 'had' : 'had none'}`,
      );
      continue;
    }
    const same = JSON.stringify(now) === JSON.stringify(layout.documents);
    if (!same)
      fail(
        bundle,
        'the demo PDFs no longer have the layout docs/images shows (page count or sections differ from docs/images/report-layout.json): run npm run docs:images and commit the pictures',
      );
    else console.log(`ok images ${bundle}: docs/images/report-layout.json matches (pages and section order)`);
  }
}

function checkOscal(bundles: string[]): void {
  const schema = JSON.parse(
    readFileSync(resolve('reference', 'oscal', 'oscal_assessment-results_schema.json'), 'utf8'),
  ) as object;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  for (const bundle of bundles) {
    const doc = JSON.parse(
      readFileSync(join(bundle, 'reports', 'assessment-results.oscal.json'), 'utf8'),
    ) as unknown;
    if (!validate(doc)) {
      const first = (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath} ${e.message ?? ''}`);
      fail(bundle, `OSCAL does not validate: ${first.join('; ')}`);
    } else console.log(`ok oscal  ${bundle}: valid OSCAL assessment-results`);
  }
  // The validator must be able to say no.
  if (validate({ 'assessment-results': { uuid: 'not-a-uuid' } }))
    failures.push('the OSCAL validator accepts garbage');
}

function checkAsff(bundles: string[]): void {
  const model = awsModel('securityhub');
  const shape = 'com.amazonaws.securityhub#AwsSecurityFinding';
  for (const bundle of bundles) {
    const findings = JSON.parse(
      readFileSync(join(bundle, 'reports', 'findings.asff.json'), 'utf8'),
    ) as Record<string, unknown>[];
    const problems = findings.flatMap((f) =>
      validateInput(model, shape, f).map((p) => `${f.Id}: ${p.message}`),
    );
    const results = JSON.parse(readFileSync(join(bundle, 'results.json'), 'utf8')) as {
      run: { frameworks: { id: string }[] };
      controls: { frameworkId: string }[];
    };
    const inRun = new Set(results.run.frameworks.map((f) => f.id));
    const controls = results.controls.filter((c) => inRun.has(c.frameworkId)).length;
    if (problems.length)
      fail(bundle, `ASFF does not match AwsSecurityFinding: ${problems.slice(0, 3).join('; ')}`);
    else if (findings.length !== controls)
      fail(bundle, `ASFF holds ${findings.length} findings for ${controls} controls`);
    else console.log(`ok asff   ${bundle}: ${findings.length} findings, each a valid AwsSecurityFinding`);
  }
}

const bundles = process.argv.slice(2);
if (bundles.length === 0) {
  console.error('usage: check-reports.ts <bundle-dir>...');
  process.exit(2);
}
checkOscal(bundles);
checkAsff(bundles);
checkPdfs(bundles);
checkPictures(bundles);
await checkHtml(bundles);
if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
