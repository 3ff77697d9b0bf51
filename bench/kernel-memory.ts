// Memory as the kernel counts it, read from outside the measured process: its VmHWM (peak resident set) from
// /proc, and, where the machine lets us make a child memory cgroup, the cgroup's peak for the whole process tree
// (cgroup v2 `memory.peak`; cgroup v1 `memory.max_usage_in_bytes`, which also counts page cache the run wrote).

import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MiB = 1024 * 1024;

/** The process's VmHWM in MiB, or undefined once it has gone. */
export function vmHwmMb(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** A child memory cgroup holding one measured process tree. */
export interface MemoryCgroup {
  /** `v2 memory.peak` or `v1 memory.max_usage_in_bytes (includes page cache)`. */
  label: string;
  attach(pid: number): boolean;
  peakMb(): number | undefined;
  remove(): void;
}

/** Make a child memory cgroup under this process's own, or undefined where the machine does not allow it. */
export function makeMemoryCgroup(name: string): MemoryCgroup | undefined {
  let lines: string[];
  try {
    lines = readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n');
  } catch {
    return undefined;
  }
  const v1 = lines.map((l) => l.split(':')).find((p) => p[1]?.split(',').includes('memory'));
  const unified = lines.map((l) => l.split(':')).find((p) => p[0] === '0' && p[1] === '');
  const candidates: { dir: string; peakFile: string; label: string }[] = [];
  if (v1?.[2] !== undefined) {
    candidates.push({
      dir: join('/sys/fs/cgroup/memory', v1[2], name),
      peakFile: 'memory.max_usage_in_bytes',
      label: 'cgroup v1 memory.max_usage_in_bytes (includes page cache)',
    });
  }
  if (unified?.[2] !== undefined && existsSync('/sys/fs/cgroup/cgroup.controllers')) {
    candidates.push({
      dir: join('/sys/fs/cgroup', unified[2], name),
      peakFile: 'memory.peak',
      label: 'cgroup v2 memory.peak',
    });
  }
  for (const c of candidates) {
    try {
      mkdirSync(c.dir);
    } catch {
      continue;
    }
    if (!existsSync(join(c.dir, c.peakFile))) {
      rmdirSync(c.dir);
      continue;
    }
    return {
      label: c.label,
      attach(pid) {
        try {
          writeFileSync(join(c.dir, 'cgroup.procs'), String(pid));
          return true;
        } catch {
          return false;
        }
      },
      peakMb() {
        try {
          return Math.round(Number(readFileSync(join(c.dir, c.peakFile), 'utf8').trim()) / MiB);
        } catch {
          return undefined;
        }
      },
      remove() {
        try {
          rmdirSync(c.dir);
        } catch {
          // A cgroup that still holds a process cannot go; it is empty once the run has exited.
        }
      },
    };
  }
  return undefined;
}
