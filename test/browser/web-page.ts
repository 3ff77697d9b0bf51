// The officers' web page in headless Chromium (playwright-core with Debian's chromium), against the real
// `daemon --demo` composition: sign in with the keyboard, request a demo report, watch it finish, download
// the PDF, see the trend and the attestations; no console errors (so nothing broke the CSP). Run by
// test/browser/run.sh (`.ci/run`), not by `npm test`. `--screenshot` writes docs/images/web-page.png.

import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { packageRoot } from '../../src/core/paths.js';
import { setUpDemoDaemon } from '../../src/daemon/demo-daemon.js';
import { startDaemon } from '../../src/daemon/start-daemon.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = process.argv.includes('--screenshot');

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'evidentia-browser-'));
  const logger = silentLogger();
  const demo = await setUpDemoDaemon({
    host: '127.0.0.1',
    port: 0,
    outDir: join(work, 'output'),
    stateDir: join(work, 'state'),
    graceMs: 0,
    logger,
  });
  const daemon = await startDaemon({
    settings: demo.settings,
    clock: systemClock,
    logger,
    credentials: demo.credentials,
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const problems: string[] = [];
  try {
    const context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1200, height: 900 },
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

    await page.goto(`${daemon.url}/`);
    step('a wrong token is refused');
    await page.getByLabel('Access token').fill('evd_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That token was not accepted').waitFor();
    // The refused request logs a 401 in the console; that one is expected.
    problems.length = 0;

    step('sign in with the keyboard only');
    await page.getByLabel('Access token').focus();
    await page.keyboard.type(demo.token);
    await page.keyboard.press('Enter');
    await page.getByText('Signed in as demo-officer (officer)').waitFor();

    step('pick the healthcare profile and request a report');
    await page.getByLabel('Profile').selectOption('healthcare');
    await requestAndWait(page);

    step('download the PDF');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PDF', exact: true }).click(),
    ]);
    const pdfPath = join(work, download.suggestedFilename());
    await download.saveAs(pdfPath);
    const pdf = await readFile(pdfPath);
    assert.match(download.suggestedFilename(), /^\d{8}T\d{6}Z-[0-9a-f]{6}-report\.pdf$/);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.length > 10_000, `the PDF is only ${pdf.length} bytes`);
    assert.ok(pdf.includes('/ByteRange'), 'the PDF carries a signature');

    step('a second report draws a trend of two runs');
    // From here the attestations of a run arrive late, so the reader below opens an owner while the list of
    // the second run is on its way: the redraw must keep that owner open and keep the keyboard on it.
    let lateAnswers = 0;
    await page.route('**/api/runs/*/attestations', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
      lateAnswers += 1;
    });
    await requestAndWait(page);
    await page.getByRole('img', { name: /Share of controls met per framework/ }).waitFor();
    assert.equal(await page.locator('#runs tr').count(), 2);
    assert.ok((await page.locator('#trend-chart circle').count()) >= 2);

    step('attestations say whom they await');
    const owner = page.locator('#attestations summary', { hasText: 'awaiting' }).first();
    await owner.waitFor();
    assert.match((await owner.textContent()) ?? '', /@.* — \d+ awaiting/);
    // Mark what is drawn now, to know below when the late list has replaced it.
    await page.evaluate(
      'document.querySelectorAll("#attestations details.owner").forEach((d) => d.setAttribute("data-drawn-before", ""))',
    );
    await owner.focus();
    await page.keyboard.press('Enter');
    await page.locator('#attestations details[open] tbody tr', { hasText: 'awaiting' }).first().waitFor();
    await page
      .locator('#attestations [data-drawn-before]')
      .first()
      .waitFor({ state: 'detached', timeout: 30_000 });
    assert.ok(lateAnswers > 0, "the second run's attestations came late");
    assert.equal(
      await page.locator('#attestations details.owner[open]').count(),
      1,
      'the opened owner stays open',
    );
    assert.equal(
      await page.evaluate('document.activeElement?.closest("details.owner")?.open === true'),
      true,
      'the keyboard stays on the opened owner',
    );
    await page.unroute('**/api/runs/*/attestations');

    step('verify a bundle from the page');
    await page
      .getByRole('button', { name: /^Verify bundle of run/ })
      .first()
      .click();
    await page.getByText(/the bundle verifies/).waitFor();

    assert.deepEqual(problems, [], 'no console errors (a CSP violation would show here)');

    if (SCREENSHOT) {
      await owner.click(); // close the owner's list again: the picture shows the summary
      const file = join(packageRoot(), 'docs', 'images', 'web-page.png');
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: file, fullPage: true });
      step(`screenshot written to ${file}`);
    }
    step('sign out forgets the token');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Access token').waitFor();
    assert.equal(await page.evaluate('sessionStorage.length'), 0);
  } finally {
    await browser.close();
    await daemon.stop({ graceMs: 0 });
    await demo.close();
  }
  process.stdout.write('browser check passed\n');
}

async function requestAndWait(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Request report' }).click();
  await page.getByText(/^Run \S+: (Discovering|Collecting|Writing|Rendering)/).waitFor({ timeout: 30_000 });
  await page.getByText(/^Report ready: run /).waitFor({ timeout: 180_000 });
}

function step(what: string): void {
  process.stdout.write(`- ${what}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `browser check FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
