// `node bench/.build/bench/bundle-folder.js <run-folder> [--hold] [--cpu-prof <file>] [--keep <folder>]`: seal and archive a copy of a finished run
// folder again (the bundle stage alone: manifest, signature, archive) with the built package, in this process,
// and print the time of each part, `tar -czf` of the same copy, and the kernel's peak resident set (VmHWM).
// For profiling the bundle stage (`node --cpu-prof --max-old-space-size=320 …`) on a folder kept by
// `npm run bench -- --only scale --accounts 100 --keep`, without collecting again. `--hold` keeps results.json
// parsed while bundling, as a run in one process holds its summary (the evidence index) into this stage;
// `--cpu-prof <file>` writes a CPU profile of the bundle stage alone (not the copy, not tar).
// The kept folder's PDFs are already signed, so the copy's report.pdf is renamed (writeBundle signs only an
// unsigned report.pdf); the fixed cost of the two PDF signatures is not in these numbers.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Bundle from '../src/bundle/index.js';
import { systemClock } from '../src/core/clock.js';
import type { RunSummary } from '../src/core/run-result.js';
import { distModule } from './dist-module.js';

const args = process.argv.slice(2);
const runDir = args.find((a, i) => !a.startsWith('--') && !['--cpu-prof', '--keep'].includes(args[i - 1]!));
if (!runDir) throw new Error('usage: bundle-folder.js <run-folder> [--hold]');
const hold = args.includes('--hold');
const profileFile = args.includes('--cpu-prof') ? args[args.indexOf('--cpu-prof') + 1] : undefined;
/** Leave the folder and its archive here (to time `evidentia verify` on them). */
const keepAt = args.includes('--keep') ? args[args.indexOf('--keep') + 1] : undefined;
const bundle = await distModule<typeof Bundle>('bundle/index.js');

const vmHwm = () => Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
const mib = (kb: number) => Math.round(kb / 1024);
const scratch = await mkdtemp(join(tmpdir(), 'evidentia-bundle-folder-'));
try {
  const dir = join(scratch, 'run');
  const seal = ['manifest.json', 'manifest.json.p7s', 'SHA256SUMS', 'VERIFY.md', 'signer.pem'];
  await cp(runDir, dir, { recursive: true, filter: (src) => !seal.some((f) => src === join(runDir, f)) });
  await rename(join(dir, 'reports', 'report.pdf'), join(dir, 'reports', 'report.signed.pdf')).catch(() => {});
  let results: RunSummary | undefined = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8'));
  const run = results!.run;
  if (!hold) results = undefined;
  const signer = await bundle.trialSigner({ dir: join(scratch, 'keys'), clock: systemClock });
  const session = profileFile ? new Session() : undefined;
  session?.connect();
  await session?.post('Profiler.enable');
  await session?.post('Profiler.start');
  const startKb = vmHwm();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const archive = join(scratch, 'run.tar.gz');
  const mtime = new Date();
  let files = 0;
  let t1 = t0;
  let parts = '';
  if ('writeBundleArchive' in bundle) {
    // Hashed while archived: one pass (the seal is part of it).
    const sealed = await bundle.writeBundleArchive({
      dir,
      run,
      signer,
      signedAt: mtime,
      archive: { root: run.runId, file: archive, mtime },
    });
    files = sealed.files + 2;
    t1 = performance.now();
    parts = ' (one pass: hashed while archived)';
  } else {
    // Older builds: seal (hashing every file), then archive (reading every file again).
    const sealed = await (bundle as typeof Bundle).writeBundle({ dir, run, signer, signedAt: mtime });
    files = sealed.files.length;
    t1 = performance.now();
    parts = ' (seal: hashing every file, then archive: reading it again)';
    await (bundle as typeof Bundle).writeArchive({
      dir,
      files: sealed.files,
      root: run.runId,
      file: archive,
      mtime,
    });
  }
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  if (session && profileFile) {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(profileFile, JSON.stringify(profile));
    session.disconnect();
  }
  const tar0 = performance.now();
  const tar = spawnSync('tar', ['-czf', join(scratch, 'tar.tar.gz'), '-C', dir, '.'], { stdio: 'inherit' });
  const tarMs = performance.now() - tar0;
  if (tar.status !== 0) throw new Error(`tar -czf exited with ${tar.status}`);
  const ms = t2 - t0;
  process.stdout.write(
    `${files} files; seal ${Math.round(t1 - t0)} ms, archive ${Math.round(t2 - t1)} ms${parts}, bundle ${Math.round(ms)} ms (CPU: user ${Math.round(cpu.user / 1000)} ms, system ${Math.round(cpu.system / 1000)} ms); tar -czf ${Math.round(tarMs)} ms; bundle ÷ tar ${(ms / tarMs).toFixed(2)}; VmHWM before ${mib(startKb)} MiB, after ${mib(vmHwm())} MiB${hold && results ? ` (held ${results.evidence.length} evidence entries)` : ''}\n`,
  );
  if (keepAt) {
    await rename(dir, keepAt);
    await rename(archive, `${keepAt}.tar.gz`);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
