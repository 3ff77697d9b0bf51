// Start the benchmark's two child processes (the emulator, and one collection) and talk to them over IPC.

import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as NodeFlagsModule from '../src/cli/node-flags.js';
import { packageRoot } from '../src/core/paths.js';
import type { WorldParams } from './bench-world.js';
import type { CollectInput, CollectReport } from './collect-process.js';
import { distModule } from './dist-module.js';
import type { ServedStats } from './emulator-process.js';
import { makeMemoryCgroup, vmHwmMb } from './kernel-memory.js';

/**
 * The V8 flags every measured run starts with: those the `evidentia` command starts Node with
 * (bin/evidentia.js), from the same list in the built package, so the benchmark measures the process a user runs.
 */
export const { NODE_FLAGS } = await distModule<typeof NodeFlagsModule>('cli/node-flags.js');

// This file runs compiled (npm run bench builds bench/ into bench/.build/): the children are its compiled
// siblings, started with node (a measured run also with NODE_FLAGS).
const here = dirname(fileURLToPath(import.meta.url));

/** Start the compiled sibling `script` with node and the flags `node`, `arg` as JSON in argv[2], an IPC channel to it. */
export function child(script: string, arg: unknown, node: string[] = []): ChildProcess {
  return fork(join(here, script.replace(/\.ts$/, '.js')), [JSON.stringify(arg)], {
    cwd: packageRoot(),
    execArgv: node,
    env: process.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The first IPC message of `type` from `proc`; rejects if the process exits first. */
export function message<T>(proc: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string } & T) => {
      if (m.type !== type) return;
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null) => reject(new Error(`${type}: child exited with ${code}`));
    proc.on('message', onMessage);
    proc.once('exit', onExit);
  });
}

export interface EmulatorProcess {
  url: string;
  accessKeyId: string;
  secretAccessKey: string;
  stats(): Promise<ServedStats>;
  stop(): Promise<void>;
}

/** Start an emulator serving the world of `params` in its own process. */
export async function startEmulatorProcess(params: WorldParams): Promise<EmulatorProcess> {
  const proc = child('emulator-process.ts', params);
  const ready = await message<{ url: string; accessKeyId: string; secretAccessKey: string }>(proc, 'ready');
  return {
    url: ready.url,
    accessKeyId: ready.accessKeyId,
    secretAccessKey: ready.secretAccessKey,
    stats: async () => {
      const answer = message<{ stats: ServedStats }>(proc, 'stats');
      proc.send({ type: 'stats' });
      return (await answer).stats;
    },
    stop: async () => {
      const exited = once(proc, 'exit');
      proc.disconnect();
      await exited;
    },
  };
}

/**
 * One run in a fresh process started as `evidentia` starts (NODE_FLAGS and nothing else: V8 sizes its heap
 * from the machine's memory, or a container's limit, as it does for a user), with its old generation capped at
 * `heapMb` only when asked (`--heap-cap`: what a memory-limited container does); resolves with its report. A process that dies after
 * collecting (out of memory while rendering, say) resolves with what it reported at the end of collection,
 * status `crashed` (also when it dies before, with nothing measured).
 */
export async function collectInChild(input: CollectInput, heapMb?: number): Promise<CollectReport> {
  const proc = child('collect-process.ts', input, [
    ...NODE_FLAGS,
    ...(heapMb ? [`--max-old-space-size=${heapMb}`] : []),
  ]);
  const cgroup = proc.pid ? makeMemoryCgroup(`evidentia-bench-${proc.pid}`) : undefined;
  const inCgroup = proc.pid !== undefined && cgroup?.attach(proc.pid) === true;
  let collected: CollectReport | undefined;
  proc.on('message', (m: { type: string; report?: CollectReport }) => {
    if (m.type === 'collected') collected = m.report;
  });
  try {
    const { report } = await message<{ report: CollectReport }>(proc, 'report');
    // The child waits for this: its VmHWM is the kernel's peak for the whole run.
    const hwm = proc.pid ? vmHwmMb(proc.pid) : undefined;
    const exited = once(proc, 'exit');
    proc.disconnect();
    await exited;
    const cgroupPeak = inCgroup ? cgroup?.peakMb() : undefined;
    return {
      ...report,
      peakRssMb: hwm ?? report.peakRssMb,
      peakSource: hwm !== undefined ? 'VmHWM' : 'rusage',
      ...(cgroupPeak !== undefined && cgroup ? { cgroupPeakMb: cgroupPeak, cgroupLabel: cgroup.label } : {}),
    };
  } catch (err) {
    if (collected)
      return { ...collected, status: 'crashed', error: `after collection: ${(err as Error).message}` };
    return {
      status: 'crashed',
      error: `during collection: ${(err as Error).message}`,
      collectMs: 0,
      writeMs: 0,
      renderMs: 0,
      bundleMs: 0,
      totalMs: 0,
      peakRssMb: 0,
      collectRssMb: 0,
      reportsRssMb: 0,
      bundleRssMb: 0,
      findings: 0,
      dir: '',
    };
  } finally {
    cgroup?.remove();
  }
}

/** One plain pass over `findingsFile` (read and parse every line) in a fresh process; its time in ms. */
export async function floorPass(findingsFile: string): Promise<number> {
  const proc = child('floor-pass.ts', findingsFile);
  const { ms } = await message<{ ms: number }>(proc, 'floor');
  await once(proc, 'exit');
  return ms;
}
