// Child process of the benchmark: one run of the benchmark profile against the emulator, in a fresh process
// so its peak RSS is this run's alone. Times each stage (discovery and collection; writing results; rendering;
// signing, sealing and archiving the bundle), samples RSS, and reports to the parent over IPC.

import { join } from 'node:path';
import type * as Bundle from '../src/bundle/index.js';
import type * as CatalogModule from '../src/catalog/index.js';
import type * as ClockModule from '../src/core/clock.js';
import type * as LoggerModule from '../src/core/logger.js';
import type { RunStats } from '../src/core/run-result.js';
import type { RunPhase } from '../src/pipeline/progress.js';
import type * as RunProfileModule from '../src/pipeline/run-profile.js';
import { type ProfileParams, writeProfile } from './bench-profile.js';
import { distModule } from './dist-module.js';

// The measured code: the built package.
const { DEFAULT_KEYS_DIR, trialSigner } = await distModule<typeof Bundle>('bundle/index.js');
const { loadCatalog } = await distModule<typeof CatalogModule>('catalog/index.js');
const { systemClock } = await distModule<typeof ClockModule>('core/clock.js');
const { silentLogger } = await distModule<typeof LoggerModule>('core/logger.js');
const { runProfile } = await distModule<typeof RunProfileModule>('pipeline/run-profile.js');

export interface CollectInput {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Working folder: the profile file and the output go here. */
  dir: string;
  profile: ProfileParams;
}

export interface CollectReport {
  status: string;
  error?: string;
  stats?: RunStats;
  /** Milliseconds: start → every API call done; writing results.json; rendering; signing and archiving. */
  collectMs: number;
  writeMs: number;
  renderMs: number;
  bundleMs: number;
  totalMs: number;
  /**
   * Peak resident set size of the whole run in MiB: the kernel's high-water mark (VmHWM), read by the parent
   * from /proc/<pid>/status after the run, or this process's own rusage maxRSS (the same kernel figure) when
   * the parent could not read it. The per-stage peaks below come from the sampled timeline.
   */
  peakRssMb: number;
  /** Where peakRssMb came from (set by the parent). */
  peakSource?: 'VmHWM' | 'rusage';
  /** The run's memory cgroup peak (set by the parent where a child cgroup could be made), and what it counts. */
  cgroupPeakMb?: number;
  cgroupLabel?: string;
  /** RSS sampled every 25 ms: [ms since start, MiB], for the plot (misses peaks inside synchronous work). */
  timeline?: [number, number][];
  collectRssMb: number;
  reportsRssMb: number;
  bundleRssMb: number;
  findings: number;
  dir: string;
}

const input = JSON.parse(process.argv[2] ?? '{}') as CollectInput;
const catalog = await loadCatalog();
const profile = await writeProfile(input.dir, input.profile, catalog);
const signer = await trialSigner({ dir: join(process.cwd(), DEFAULT_KEYS_DIR), clock: systemClock });
const marks: Partial<Record<RunPhase | 'sign', number>> = {};
// The first signature is the PDF's, made as soon as the reports are rendered: it splits render from bundle.
const timedSigner = {
  ...signer,
  sign: (data: Buffer) => {
    marks.sign ??= performance.now();
    return signer.sign(data);
  },
};
const t0 = performance.now();
let peak = 0;
let collectPeak = 0;
let reportsPeak = 0;
let bundlePeak = 0;
const timeline: [number, number][] = [];
const sample = () => {
  const rss = process.memoryUsage.rss();
  timeline.push([Math.round(performance.now() - t0), Math.round(rss / 1024 / 1024)]);
  peak = Math.max(peak, rss);
  if (marks.write === undefined) collectPeak = Math.max(collectPeak, rss);
  else if (marks.sign === undefined) reportsPeak = Math.max(reportsPeak, rss);
  else bundlePeak = Math.max(bundlePeak, rss);
};
const sampler = setInterval(sample, 25);
const mb = (b: number) => Math.round(b / 1024 / 1024);
/** The report as far as the run has got. */
function partial(now: number): CollectReport {
  return {
    status: 'collected',
    collectMs: Math.round((marks.write ?? now) - t0),
    writeMs: 0,
    renderMs: 0,
    bundleMs: 0,
    totalMs: Math.round(now - t0),
    peakRssMb: mb(peak),
    collectRssMb: mb(collectPeak),
    reportsRssMb: 0,
    bundleRssMb: 0,
    findings: 0,
    dir: '',
  };
}
const outcome = await runProfile({
  profile,
  catalog,
  outDir: join(input.dir, 'out'),
  clock: systemClock,
  logger: silentLogger(),
  endpoint: input.endpoint,
  credentials: async () => ({ accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey }),
  signer: timedSigner,
  onProgress: (p) => {
    sample();
    if (p.phase === 'write' && marks.write === undefined) {
      marks.write = performance.now();
      // Reported now, so the numbers survive a render that runs out of memory.
      process.send?.({ type: 'collected', report: partial(performance.now()) });
    }
    marks[p.phase] ??= performance.now();
  },
});
const end = performance.now();
clearInterval(sampler);
sample();
const maxRss = process.resourceUsage().maxRSS * 1024;

const write = marks.write ?? end;
const render = marks.render ?? end;
const sign = marks.sign ?? end;
const report: CollectReport = {
  status: outcome.status,
  ...(outcome.error ? { error: outcome.error.message } : {}),
  ...(outcome.results ? { stats: outcome.results.run.stats } : {}),
  collectMs: Math.round(write - t0),
  writeMs: Math.round(render - write),
  renderMs: Math.round(sign - render),
  bundleMs: Math.round(end - sign),
  totalMs: Math.round(end - t0),
  peakRssMb: mb(Math.max(peak, maxRss)),
  collectRssMb: mb(collectPeak),
  reportsRssMb: mb(reportsPeak),
  bundleRssMb: mb(bundlePeak),
  findings: outcome.results?.findingsFile.count ?? 0,
  dir: outcome.dir,
  timeline: thin(timeline, 400),
};
process.send?.({ type: 'report', report });
// Stay alive until the parent has read this process's VmHWM from /proc, then leave.
process.once('disconnect', () => process.exit(0));

/** At most `n` points of `points`, keeping each stretch's highest. */
function thin(points: [number, number][], n: number): [number, number][] {
  if (points.length <= n) return points;
  const step = points.length / n;
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const slice = points.slice(Math.floor(i * step), Math.floor((i + 1) * step));
    const top = slice.reduce((a, b) => (b[1] > a[1] ? b : a));
    out.push(top);
  }
  return out;
}
