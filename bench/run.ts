// `npm run bench -- [--quick] [--write] [--only speed|scale|cluster] [--repeat N] [--repeat-largest N] [--heap-cap MB] [--accounts 10,100] [--keep] [--jobs N]`: the benchmark, run as built code
// (npm run bench builds dist/ and bench/, then runs this file with plain node; the measured processes import dist/). Synthetic organisations in
// the emulator (own process), each run in a fresh process; prints wall time ÷ ideal bound, API calls ÷ the
// plan's minimum, retries, peak RSS as the organisation grows (whole runs started as the `evidentia` command
// starts; --heap-cap MB caps their old generation, as a memory-limited container would), render and bundle
// time per finding, and the aggregator against account-by-account.
// Every scenario runs --repeat times (5 by default, 2 with --quick); tables give the median and the range.
// --write puts the results into docs/benchmarks.md and the chart into docs/images/bench-scale.svg.
// --accounts picks the scale runs' sizes (default 10,100,500,1000; 10,50 with --quick), to iterate on small
// ones; --keep leaves each scale run's folder in place and prints where (to profile its rendering).

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../src/catalog/index.js';
import type { Finding } from '../src/core/finding.js';
import { packageRoot } from '../src/core/paths.js';
import { openRun } from '../src/store/results-file.js';
import { FRAMEWORKS, profileYaml, wantedRules, writeProfile } from './bench-profile.js';
import type { WorldParams } from './bench-world.js';
import { scaleChart } from './chart.js';
import { type ClusterResult, clusterProfileYaml, clusterScenario, runCluster } from './cluster.js';
import { NODE_FLAGS } from './processes.js';
import { excessCalls, medianRun, perFinding, scaleTable, speedTable } from './report.js';
import { runScenario, type Scenario, type ScenarioResult } from './scenario.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
/** The word after `name` on the command line, if `name` is there. */
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
/** The number after `name` (NaN when it is not one), if `name` is there. */
const numberOption = (name: string) => (args.includes(name) ? Number(option(name)) : undefined);
const only = option('--only');
const repeat = numberOption('--repeat') ?? (quick ? 2 : 5);
if (!Number.isInteger(repeat) || repeat < 1)
  throw new Error('--repeat takes a whole number of runs (1 or more)');
const accountsArg = option('--accounts');
const chosenSizes = accountsArg?.split(',').map(Number);
if (chosenSizes?.some((n) => !Number.isInteger(n) || n < 1))
  throw new Error('--accounts takes whole numbers of accounts separated by commas, e.g. --accounts 10,100');
const keep = args.includes('--keep');
// --heap-cap MB: the scale runs' old generation capped at MB (what a memory-limited container does: Node sizes
// V8's heap from the container's limit). By default they run as the `evidentia` command runs.
const heapCap = numberOption('--heap-cap');
if (heapCap !== undefined && (!Number.isInteger(heapCap) || heapCap < 64))
  throw new Error('--heap-cap takes a whole number of MiB (64 or more)');
const heapLabel = heapCap ? `heap capped at ${heapCap} MiB` : 'heap as V8 sizes it';
// --repeat-largest N: the largest scale size runs N times instead of --repeat (a 1,000-account run takes
// minutes of both CPUs; the smaller sizes keep their repeats).
const repeatLargest = numberOption('--repeat-largest') ?? repeat;
if (!Number.isInteger(repeatLargest) || repeatLargest < 1)
  throw new Error('--repeat-largest takes a whole number of runs (1 or more)');
const CHART = join(packageRoot(), 'docs', 'images', 'bench-scale.svg');
const DOC = join(packageRoot(), 'docs', 'benchmarks.md');
/** Each section of docs/benchmarks.md sits between its own markers, so `--only` rewrites just its own. */
const marker = (key: string, end: 'start' | 'end') => `<!-- bench:${key}:${end} -->`;

const catalog = await loadCatalog();
const scratch = await mkdtemp(join(tmpdir(), 'evidentia-bench-rules-'));
const allRules = wantedRules(
  await writeProfile(scratch, { regions: ['us-east-1'], global: 1, perAccount: 1 }, catalog),
  catalog,
);
await rm(scratch, { recursive: true, force: true });

const TWO = ['us-east-1', 'eu-west-1'];
const FOUR = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];

function world(
  accounts: number,
  regions: string[],
  rules: number,
  over: Partial<WorldParams> = {},
): WorldParams {
  return {
    accounts,
    regions,
    rules: allRules.slice(0, rules),
    resourcesPerRule: 4,
    nonCompliantShare: 0.05,
    latencyMs: 0,
    seed: 7,
    ...over,
  };
}

// Speed: the profile's default concurrency (16 in all, 4 per account) and a typical AWS call latency.
const latency: Scenario = {
  name: 'latency-bound',
  world: world(quick ? 8 : 24, TWO, 50, { latencyMs: 100 }),
  profile: { regions: TWO, global: 16, perAccount: 4 },
};
const rateLimited: Scenario = {
  name: 'rate-limited',
  world: world(quick ? 4 : 10, TWO, 50, { latencyMs: 20, rateLimit: { requestsPerSecond: 10, burst: 10 } }),
  profile: { regions: TWO, global: 16, perAccount: 4 },
};
const rateLimitedOneRegion: Scenario = {
  name: 'rate-limited, one region',
  world: world(quick ? 4 : 10, ['us-east-1'], 50, {
    latencyMs: 20,
    rateLimit: { requestsPerSecond: 10, burst: 10 },
  }),
  profile: { regions: ['us-east-1'], global: 16, perAccount: 4 },
};
const aggregator: Scenario = {
  name: 'through the aggregator',
  world: latency.world,
  profile: { ...latency.profile, aggregator: { accountId: '100000000001', region: 'us-east-1' } },
};
const sizes = chosenSizes ?? (quick ? [10, 50] : [10, 100, 500, 1000]);
const scale: Scenario[] = sizes.map((n) => ({
  name: `scale-${n}`,
  world: world(n, FOUR, 25, { resourcesPerRule: 3 }),
  profile: { regions: FOUR, global: 64, perAccount: 8 },
  ...(heapCap ? { heapMb: heapCap } : {}),
  floors: true,
}));

/** Worker processes of the cluster runs: one, and the cluster's three. */
const CLUSTER_WORKERS = [1, 3];

/** Median and range of `values`, formatted by `f`. */
function spread(values: number[], f: (v: number) => string): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return sorted.length > 1 ? `${f(mid)} (${f(sorted[0]!)}–${f(sorted.at(-1)!)})` : f(mid);
}

function clusterTable(byWorkers: ClusterResult[][], agreeing: boolean[]): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const rows = byWorkers.map((runs, i) => {
    const r = runs[0]!;
    const cells = [
      String(r.workers),
      spread(
        runs.map((x) => x.collectMs),
        s,
      ),
      spread(
        runs.map((x) => x.emulatorMs),
        s,
      ),
      `${s(r.bound.ms)} (${r.bound.binding})`,
      `**${spread(
        runs.map((x) => x.wallRatio),
        (v) => `${v.toFixed(2)}×`,
      )}**`,
      spread(
        runs.map((x) => x.planMs),
        s,
      ),
      spread(
        runs.map((x) => x.planMs + x.pickUpMs),
        (v) => `${Math.round(v)} ms`,
      ),
      spread(
        runs.map((x) => x.accountJobMs),
        (v) => `${Math.round(v)} ms`,
      ),
      spread(
        runs.map((x) => x.finishMs),
        s,
      ),
      spread(
        runs.map((x) => x.totalMs),
        s,
      ),
      `${spread(
        runs.map((x) => x.calls),
        String,
      )} ÷ ${r.minimum.total} = ${spread(
        runs.map((x) => x.callsRatio),
        (v) => v.toFixed(2),
      )}`,
      `${spread(
        runs.map((x) => x.findings),
        String,
      )}${agreeing[i] ? ', same verdicts' : ', **verdicts differ**'}`,
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [
    '| workers | collection wall | at the emulator | ideal bound (binding term) | wall ÷ bound | plan job | first account job starts | account job (median) | finish job | whole run | API calls ÷ minimum | findings |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Share of findings present in both runs that reached the same verdict. */
async function agreement(
  a: ScenarioResult,
  b: ScenarioResult,
): Promise<{ compared: number; same: number; differ: string[] }> {
  const key = (f: Finding) => `${f.controlId}|${f.queryKey}|${f.accountId}|${f.region}`;
  const left = new Map<string, string>();
  for await (const f of (await openRun(a.report.dir)).findings) left.set(key(f), f.status);
  const right = (await openRun(b.report.dir)).findings;
  let compared = 0;
  let same = 0;
  const differ = new Map<string, number>();
  for await (const f of right) {
    const l = left.get(key(f));
    if (l === undefined) continue;
    compared += 1;
    if (l === f.status) same += 1;
    else
      differ.set(
        `${f.queryKey}: ${l} → ${f.status}`,
        (differ.get(`${f.queryKey}: ${l} → ${f.status}`) ?? 0) + 1,
      );
  }
  return { compared, same, differ: [...differ].map(([k, n]) => `${k} (${n})`) };
}

const sections: Partial<Record<'speed' | 'scale' | 'cluster', string[]>> = {};
const started = new Date();
log(
  `Evidentia benchmark${quick ? ' (quick)' : ''}: ${cpus().length} CPUs, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);

if (!only || only === 'speed') {
  const speed: ScenarioResult[][] = [];
  for (const sc of [latency, rateLimited, rateLimitedOneRegion, aggregator]) {
    const runs: ScenarioResult[] = [];
    for (let i = 1; i <= repeat; i++) {
      log(`running ${sc.name} (${i}/${repeat}) …`);
      // The first run of each of the two same-world scenarios is kept to compare their verdicts.
      const r = await runScenario(sc, catalog, i === 1 && (sc === latency || sc === aggregator));
      runs.push(r);
      log(
        `  ${r.report.status}: wall ${r.report.collectMs} ms, ideal ${Math.round(r.bound.ms)} ms (${r.wallRatio.toFixed(2)}×, ${r.bound.binding}); calls at the emulator ${r.calls} vs minimum ${r.minimum.total} (${r.callsRatio.toFixed(2)}×); retries ${r.report.stats?.retries}`,
      );
    }
    speed.push(runs);
  }
  const direct = speed[0]![0]!;
  const viaAggregator = speed[3]![0]!;
  const agree = await agreement(direct, viaAggregator);
  for (const r of [direct, viaAggregator]) await rm(r.workDir, { recursive: true, force: true });
  log(
    `  aggregator: wall ${viaAggregator.report.collectMs} ms vs ${direct.report.collectMs} ms; calls ${viaAggregator.calls} vs ${direct.calls}; ${agree.same}/${agree.compared} verdicts agree`,
  );
  sections.speed = [
    `### Speed: wall time against the ideal bound, API calls against the minimum (${repeat} runs each)\n`,
    speedTable(speed),
    '',
    `Calls per operation where the account-by-account run differs from the minimum (its median run):\n\n${excessCalls(medianRun(speed[0]!))}`,
    '',
    `Rate-limited runs, per operation (attempts include the throttled ones):\n\n${excessCalls(medianRun(speed[1]!))}\n\nOne region:\n\n${excessCalls(medianRun(speed[2]!))}`,
    '',
    '### Aggregator against account by account (same world, same profile, first run of each)\n',
    `| | account by account | through the aggregator |\n|---|---|---|\n| collection wall | ${(direct.report.collectMs / 1000).toFixed(1)} s | ${(viaAggregator.report.collectMs / 1000).toFixed(1)} s |\n| API calls at the emulator | ${direct.calls} | ${viaAggregator.calls} |\n| findings | ${direct.report.findings} | ${viaAggregator.report.findings} |\n| verdicts that agree | ${agree.same} of ${agree.compared} | |`,
    '',
    agree.differ.length
      ? `Verdicts that differ (query: account-by-account → aggregator, count): ${agree.differ.join('; ')}.`
      : 'Every verdict agrees.',
  ];
}

let chart: string | undefined;
if (!only || only === 'scale') {
  const sizes: ScenarioResult[][] = [];
  for (const sc of scale) {
    const runs: ScenarioResult[] = [];
    const times = sc === scale.at(-1) ? repeatLargest : repeat;
    for (let i = 1; i <= times; i++) {
      log(
        `running ${sc.name} (${sc.world.accounts} accounts × ${sc.world.regions.length} regions, ${heapLabel}; ${i}/${times}) …`,
      );
      const r = await runScenario(sc, catalog, keep);
      runs.push(r);
      if (keep) log(`  kept: ${r.report.dir}`);
      log(
        `  ${r.report.status}${r.report.error ? ` (${r.report.error})` : ''}: ${r.calls} calls in ${r.report.collectMs} ms, render ${r.report.renderMs} ms, bundle ${r.report.bundleMs} ms; peak ${r.report.peakRssMb} MiB (${r.report.peakSource ?? 'sampled'}; sampled by stage: collect ${r.report.collectRssMb}, reports ${r.report.reportsRssMb}, bundle ${r.report.bundleRssMb} MiB)${r.report.cgroupPeakMb !== undefined ? `, cgroup ${r.report.cgroupPeakMb} MiB` : ''}; ${r.report.findings} findings; calls ÷ minimum ${r.callsRatio.toFixed(2)}${r.floors ? `; render ÷ findings pass ${r.floors.renderRatio.toFixed(2)}, bundle ÷ tar ${r.floors.bundleRatio.toFixed(2)}` : ''}`,
      );
    }
    sizes.push(runs);
  }
  const largest = sizes.at(-1)!;
  const cgroupLabel = sizes.flat().find((r) => r.report.cgroupLabel)?.report.cgroupLabel;
  chart = scaleChart(sizes);
  sections.scale = [
    `### Memory and time as the organisation grows (${FRAMEWORKS.join(', ')}; ${FOUR.length} regions; whole runs, ${heapLabel}; ${repeatLargest === repeat ? `${repeat} runs each` : `${repeat} runs each, the largest ${repeatLargest}`})\n`,
    scaleTable(sizes),
    '',
    '![Time and peak memory against accounts](images/bench-scale.svg)',
    '',
    `Each run (collection, results, reports, signed bundle) runs the built package in a fresh \`node\` process started with the \`evidentia\` command's V8 flags (\`${NODE_FLAGS.join(' ')}\`, \`src/cli/node-flags.ts\`)${heapCap ? ` and \`--max-old-space-size=${heapCap}\` (\`--heap-cap\`)` : " and nothing else: V8 sizes its heap from the machine's memory, as for a user"}. Peak memory is the kernel's high-water mark of that process (VmHWM, read by the parent from /proc before the process exits)${cgroupLabel ? `; the cgroup column is the ${cgroupLabel} of a child memory cgroup holding just the run` : '; no child memory cgroup could be made on this machine, so there is no cgroup column'}. Render is held to one plain pass that reads findings.jsonl and parses each line, bundle to \`tar -czf\` of the finished run folder, both timed right after each run on its own output.`,
    '',
    perFinding(
      medianRun(
        largest.filter((r) => r.report.status === 'completed').length
          ? largest.filter((r) => r.report.status === 'completed')
          : largest,
      ),
    ),
    '',
  ];
}

if (!only || only === 'cluster') {
  const sc = clusterScenario(allRules, quick);
  // `--jobs N`: account jobs per worker other than the scenario's 8 (to see what the queue's concurrency does).
  const jobs = numberOption('--jobs');
  if (jobs !== undefined) sc.queue = { ...sc.queue, concurrency: jobs };
  if (!Number.isInteger(sc.queue.concurrency) || sc.queue.concurrency < 1)
    throw new Error('--jobs takes a whole number of account jobs per worker (1 or more)');
  const byWorkers: ClusterResult[][] = [];
  for (const workers of CLUSTER_WORKERS) {
    const runs: ClusterResult[] = [];
    for (let i = 1; i <= repeat; i++) {
      log(
        `running cluster: ${sc.world.accounts} accounts, ${workers} worker${workers > 1 ? 's' : ''} × ${sc.queue.concurrency} account jobs (${i}/${repeat}) …`,
      );
      const r = await runCluster(sc, workers);
      runs.push(r);
      log(
        `  ${r.status}${r.error ? ` (${r.error})` : ''}: collection ${r.collectMs} ms (emulator ${r.emulatorMs} ms; plan job ${r.planMs} ms, pick-up ${r.pickUpMs} ms, median account job ${r.accountJobMs} ms, finish ${r.finishMs} ms), whole run ${Math.round(r.totalMs)} ms; bound ${Math.round(r.bound.ms)} ms (${r.bound.binding}) → ${r.wallRatio.toFixed(2)}×; calls ${r.calls} vs minimum ${r.minimum.total} (${r.callsRatio.toFixed(2)}×); ${r.findings} findings`,
      );
    }
    byWorkers.push(runs);
  }
  const reference = byWorkers[0]![0]!;
  const agreeing = byWorkers.map((runs) =>
    runs.every(
      (r) =>
        r.status === 'completed' &&
        r.verdicts.size === reference.verdicts.size &&
        [...r.verdicts].every(([k, v]) => reference.verdicts.get(k) === v),
    ),
  );
  sections.cluster = [
    `### One run across several workers: ${sc.world.accounts} accounts, one region, ${sc.world.rules.length} rules, ${sc.world.latencyMs} ms a call (${repeat} run${repeat > 1 ? 's' : ''} each)\n`,
    clusterTable(byWorkers, agreeing),
    '',
    `Concurrency: \`global: ${sc.global}\`, \`perAccount: ${sc.perAccount}\` (the global limit held in Redis for the whole cluster), \`cluster.queue.concurrency: ${sc.queue.concurrency}\` account jobs per worker. Collection wall: the plan job's start to the last account job's end, from the timestamps BullMQ records on the run's jobs; the emulator column is the same stretch in the emulator's request log (first request's arrival to the end of the last AWS Config call). The whole run adds queueing the run, the finish job (results, reports, signed bundle) and recording it.`,
    '',
    '<details><summary>Cluster profile</summary>\n',
    `\`\`\`yaml\n${clusterProfileYaml(sc)}\`\`\`\n</details>`,
  ];
}

const stamp = `Measured ${started.toISOString().slice(0, 16)}Z with \`npm run bench --${quick ? ' --quick' : ''}${only ? ` --only ${only}` : ''}${accountsArg ? ` --accounts ${accountsArg}` : ''} --repeat ${repeat}${heapCap ? ` --heap-cap ${heapCap}` : ''}${repeatLargest !== repeat ? ` --repeat-largest ${repeatLargest}` : ''}\` on ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`;
const profiles = `<details><summary>Profiles used</summary>\n\nSpeed scenarios (the aggregator run adds \`aggregator: { name: org-aggregator, accountId: '100000000001', region: us-east-1 }\` to \`scope\`):\n\n\`\`\`yaml\n${profileYaml(latency.profile)}\`\`\`\n\nScale runs:\n\n\`\`\`yaml\n${profileYaml(scale[0]!.profile)}\`\`\`\n</details>`;
const texts: [string, string][] = [
  ...Object.entries(sections).map(([key, lines]): [string, string] => [
    key,
    [stamp, '', ...lines].join('\n'),
  ]),
  ['profiles', profiles],
];
log(`\n${texts.map(([, text]) => text).join('\n\n')}`);
if (args.includes('--write')) {
  let doc = await readFile(DOC, 'utf8');
  for (const [key, text] of texts) {
    const from = doc.indexOf(marker(key, 'start'));
    const to = doc.indexOf(marker(key, 'end'));
    if (from < 0 || to < 0) throw new Error(`${DOC} has no ${marker(key, 'start')} … end section`);
    doc = `${doc.slice(0, from + marker(key, 'start').length)}\n${text}\n${doc.slice(to)}`;
  }
  await writeFile(DOC, doc);
  log(`\nwrote ${DOC}`);
  if (chart) {
    await writeFile(CHART, chart);
    log(`wrote ${CHART}`);
  }
}
