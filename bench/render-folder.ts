// `node bench/.build/bench/render-folder.js <run-folder>`: render an existing run folder's reports again
// (into its reports/) with the built package, alone in this process, and print the time to each file and the
// kernel's peak resident set (VmHWM). For profiling the render stage (`node --cpu-prof …`, `--heap-prof`)
// on a folder kept by `npm run bench -- --only scale --accounts 50 --keep`, without collecting again.

import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as CatalogModule from '../src/catalog/index.js';
import type * as RenderRunModule from '../src/pipeline/render-run.js';
import { writeProfile } from './bench-profile.js';
import { distModule } from './dist-module.js';

const [runDir] = process.argv.slice(2);
if (!runDir) throw new Error('usage: render-folder.js <run-folder>');
const { loadCatalog } = await distModule<typeof CatalogModule>('catalog/index.js');
const { renderRun } = await distModule<typeof RenderRunModule>('pipeline/render-run.js');

const vmHwm = () => /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
const mib = (kb: string | undefined) => Math.round(Number(kb) / 1024);
const loadedKb = vmHwm();
const catalog = await loadCatalog();
const scratch = await mkdtemp(join(tmpdir(), 'evidentia-render-folder-'));
// The scale runs' profile (the one the kept folders were collected with).
const profile = await writeProfile(
  scratch,
  {
    regions: ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'],
    global: 64,
    perAccount: 8,
  },
  catalog,
);
const readyKb = vmHwm();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const times: string[] = [];
// The largest heap, external memory and RSS seen (every 20 ms) until each file was written.
let peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 };
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peak = {
    rss: Math.max(peak.rss, m.rss),
    heapUsed: Math.max(peak.heapUsed, m.heapUsed),
    heapTotal: Math.max(peak.heapTotal, m.heapTotal),
    external: Math.max(peak.external, m.external),
  };
}, 20);
const mb = (b: number) => Math.round(b / 2 ** 20);
await renderRun(runDir, catalog, profile, {
  onWritten: (w) => {
    times.push(
      `${w.path.split('/').pop()} ${Math.round(performance.now() - t0)} ms (sampled peaks so far: rss ${mb(peak.rss)}, heap used ${mb(peak.heapUsed)} of ${mb(peak.heapTotal)}, external ${mb(peak.external)} MiB; VmHWM ${mib(vmHwm())} MiB)`,
    );
  },
});
clearInterval(sampler);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
await rm(scratch, { recursive: true, force: true });
process.stdout.write(
  `${times.join('\n')}\nrender ${Math.round(ms)} ms (CPU: user ${Math.round(cpu.user / 1000)} ms, system ${Math.round(cpu.system / 1000)} ms, every thread); VmHWM after imports ${mib(loadedKb)} MiB, after catalogue ${mib(readyKb)} MiB, after render ${mib(vmHwm())} MiB; heap used ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB\n`,
);
