// Who a process is, in a way that survives pid reuse: pid, host name, and when the process started as the
// kernel counts it (Linux: the boot id and the start tick from /proc/<pid>/stat). A run records its process;
// a later process asks whether that one is still alive before it touches the run (pipeline/recover-runs.ts).

import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** A process as recorded with a run. */
export interface ProcessIdentity {
  pid: number;
  host: string;
  /** `<boot id>/<start tick>` on Linux; undefined where /proc is not there. */
  processStart?: string;
}

/** What can be said about a recorded process from here. */
export type ProcessState =
  /** Same host, and the pid is alive with the same start (or its start cannot be read): never touch its run. */
  | 'alive'
  /** Same host, and the pid is gone, or now names a process that started at another time. */
  | 'gone'
  /** Another host (or a container with another host name): its pids mean nothing here, so leave it alone. */
  | 'elsewhere';

/** This process. */
export function currentProcess(): ProcessIdentity {
  const start = processStartOf(process.pid);
  return { pid: process.pid, host: hostname(), ...(start ? { processStart: start } : {}) };
}

/** Whether the recorded process is still running, as seen from this host. */
export function processState(owner: ProcessIdentity): ProcessState {
  if (owner.host !== hostname()) return 'elsewhere';
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    // EPERM: the pid exists but belongs to another user; it is alive.
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return 'gone';
  }
  if (owner.processStart === undefined) return 'alive';
  const now = processStartOf(owner.pid);
  // The pid was reused by a process that started later: the recorded one is gone.
  return now !== undefined && now !== owner.processStart ? 'gone' : 'alive';
}

/** `<boot id>/<start tick>` of a pid on Linux, or undefined (no /proc, or the process is gone). */
export function processStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command) is in parentheses and may hold spaces or ')': split after the last ')'.
    // The rest starts at field 3 (state); field 22 is starttime, in clock ticks after boot.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTick = fields[22 - 3];
    if (!startTick || !/^\d+$/.test(startTick)) return undefined;
    return `${bootId()}/${startTick}`;
  } catch {
    return undefined;
  }
}

let cachedBootId: string | undefined;
/** Start ticks restart at each boot; the boot id keeps two boots apart. */
function bootId(): string {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      cachedBootId = 'unknown-boot';
    }
  }
  return cachedBootId;
}
