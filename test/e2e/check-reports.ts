// End-to-end checks of the reports inside finished bundles, with real outside programs: the HTML report
// opens in headless Chromium (Debian's, driven by playwright-core) without a single network request or
// console error, its script runs and its charts are drawn; the OSCAL file validates against the official
// OSCAL assessment-results JSON Schema (ajv 8 + ajv-formats). Usage: tsx check-reports.ts <bundle-dir>...

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { chromium } from 'playwright-core';

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
      if (failures.length === before)
        console.log(
          `ok html   ${bundle}: ${state.svgs} charts, ${state.drawnRects} bars drawn, ${state.controls} controls, 0 requests`,
        );
      await context.close();
    }
  } finally {
    await browser.close();
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

const bundles = process.argv.slice(2);
if (bundles.length === 0) {
  console.error('usage: check-reports.ts <bundle-dir>...');
  process.exit(2);
}
checkOscal(bundles);
await checkHtml(bundles);
if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
