// Spawn a process and SIGKILL it the moment a condition on the file system holds (checked on every change of a
// watched folder and every millisecond), to kill a run at a chosen stage of writing its bundle.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, type FSWatcher, mkdirSync, readdirSync, watch } from 'node:fs';
import { join } from 'node:path';

export interface KillOutcome {
  /** True when the condition held and the process was killed; false when it exited first. */
  killed: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Watched {
  child: ChildProcess;
  /** Resolves with the first match of `pattern` in stdout (rejects if the process exits first). */
  stdoutMatch(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Kill with SIGKILL as soon as `when()` holds; resolves when the process has ended, killed or not. */
  killWhen(when: () => boolean, watchDir?: string): Promise<KillOutcome>;
}

/** Run `node ...args` and watch it; it is killed anyway after `timeoutMs`. */
export function spawnWatched(
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Watched {
  const child = spawn(process.execPath, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env } });
  let stdout = '';
  let stderr = '';
  let killed = false;
  const listeners = new Set<() => void>();
  child.stdout.on('data', (d) => {
    stdout += d;
    for (const l of listeners) l();
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const limit = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      resolve({ code, signal });
      for (const l of listeners) l();
    });
  });
  return {
    child,
    stdoutMatch: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = stdout.match(pattern);
          if (m) {
            listeners.delete(check);
            resolve(m);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            listeners.delete(check);
            reject(new Error(`process ended before printing ${pattern}: ${stderr}`));
          }
        };
        listeners.add(check);
        check();
      }),
    killWhen: async (when, watchDir) => {
      const check = () => {
        if (!killed && child.exitCode === null && when()) {
          killed = true;
          child.kill('SIGKILL');
        }
      };
      let watcher: FSWatcher | undefined;
      if (watchDir) {
        mkdirSync(watchDir, { recursive: true });
        watcher = watch(watchDir, check);
      }
      const poll = setInterval(check, 1);
      try {
        const { code, signal } = await ended;
        return { killed, code, signal, stdout, stderr };
      } finally {
        clearInterval(poll);
        watcher?.close();
      }
    },
  };
}

/** Entries of a folder (none when it does not exist). */
export function entries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** The run's temporary folder (`.<run-id>.partial`) under `profileDir`, when there is one. */
export function partialRunDir(profileDir: string): string | undefined {
  const name = entries(profileDir).find((n) => n.startsWith('.') && n.endsWith('.partial'));
  return name ? join(profileDir, name) : undefined;
}
